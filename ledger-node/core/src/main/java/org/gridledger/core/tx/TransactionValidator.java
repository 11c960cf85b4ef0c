package org.gridledger.core.tx;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.gridledger.evm.crypto.Secp256k1;
import org.gridledger.evm.crypto.Signature;
import org.gridledger.evm.gas.GasCosts;
import org.gridledger.evm.gas.IntrinsicGas;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.UInt256;

/**
 * The static validity rules of Cancun: everything a node can check about a transaction without
 * state or block context, before execution or admission to the pool. Account-dependent rules (nonce
 * equality, balance, base fee, blob base fee, block gas limit) belong to execution.
 *
 * <p>Sender recovery is not part of these checks (it costs an EC recovery); a transaction is only
 * acceptable if it also has a {@link Transaction#sender()}.
 *
 * <p>That value and fees fit in 256 bits and nonce and gas limit in 64 is guaranteed by the types
 * and enforced by {@link TransactionDecoder}. Immutable and thread-safe.
 */
public final class TransactionValidator {
  /** Most blobs one transaction may carry (Cancun: MAX_BLOB_GAS_PER_BLOCK / GAS_PER_BLOB). */
  public static final int MAX_BLOBS_PER_TRANSACTION = GasCosts.MAX_BLOBS_PER_BLOCK;

  /** First byte of a KZG versioned hash (EIP-4844 VERSIONED_HASH_VERSION_KZG). */
  public static final byte VERSIONED_HASH_VERSION_KZG = 0x01;

  /** EIP-2681: a nonce may not reach 2^64 - 1, shown as a signed {@code long}. */
  private static final long NONCE_LIMIT = -1L;

  private final UInt256 chainId;

  /** A validator for the chain with id {@code chainId}. */
  public TransactionValidator(long chainId) {
    this.chainId = UInt256.of(chainId);
  }

  /** Applies every rule and returns the first one broken, or {@link ValidationResult#VALID}. */
  public ValidationResult validate(Transaction tx) {
    ValidationResult result = checkChainId(tx);
    if (!result.isValid()) {
      return result;
    }
    result = checkSignature(tx);
    if (!result.isValid()) {
      return result;
    }
    if (tx instanceof BlobTransaction blob) {
      result = checkBlob(blob);
      if (!result.isValid()) {
        return result;
      }
    }
    // EIP-2681.
    if (tx.nonce() == NONCE_LIMIT) {
      return ValidationResult.invalid("nonce 2^64-1 is not allowed (EIP-2681)");
    }
    // EIP-1559: the tip may not exceed the fee cap.
    if (tx.maxPriorityFeePerGas().compareTo(tx.maxFeePerGas()) > 0) {
      return ValidationResult.invalid(
          "maxPriorityFeePerGas "
              + tx.maxPriorityFeePerGas()
              + " exceeds maxFeePerGas "
              + tx.maxFeePerGas());
    }
    // gasLimit * maxFeePerGas must be representable, or the balance check would overflow.
    BigInteger maxGasCost =
        UInt256.unsignedBigInteger(tx.gasLimit()).multiply(tx.maxFeePerGas().toBigInteger());
    if (maxGasCost.bitLength() > 256) {
      return ValidationResult.invalid("gasLimit * maxFeePerGas does not fit in 256 bits");
    }
    // EIP-3860.
    if (tx.isContractCreation()) {
      int initCodeSize = tx.data().length;
      if (initCodeSize > IntrinsicGas.MAX_INIT_CODE_SIZE) {
        return ValidationResult.invalid(
            "init code of "
                + initCodeSize
                + " bytes exceeds the limit of "
                + IntrinsicGas.MAX_INIT_CODE_SIZE
                + " (EIP-3860)");
      }
    }
    long intrinsic = tx.intrinsicGas();
    if (Long.compareUnsigned(tx.gasLimit(), intrinsic) < 0) {
      return ValidationResult.invalid(
          "gas limit "
              + Long.toUnsignedString(tx.gasLimit())
              + " is below the intrinsic gas "
              + intrinsic);
    }
    return ValidationResult.VALID;
  }

  /** A recovery id, r and s in [1, n), and s ≤ n/2 (EIP-2). */
  private static ValidationResult checkSignature(Transaction tx) {
    Optional<Signature> signature = tx.signature();
    if (signature.isEmpty()) {
      LegacyTransaction legacy = (LegacyTransaction) tx;
      return ValidationResult.invalid(
          "v " + legacy.v() + " is neither 27, 28 nor an EIP-155 value (chainId * 2 + 35/36)");
    }
    Signature sig = signature.get();
    if (!Secp256k1.isValidScalar(sig.r())) {
      return ValidationResult.invalid("signature r is outside [1, n)");
    }
    if (!Secp256k1.isValidScalar(sig.s())) {
      return ValidationResult.invalid("signature s is outside [1, n)");
    }
    if (!Secp256k1.isLowS(sig.s())) {
      return ValidationResult.invalid("signature s is above n/2 (EIP-2)");
    }
    return ValidationResult.VALID;
  }

  /**
   * Typed transactions and EIP-155 legacy ones must name this chain; a legacy transaction signed
   * without chain id (v 27/28) is accepted on any chain.
   */
  private ValidationResult checkChainId(Transaction tx) {
    Optional<UInt256> txChainId = tx.signatureChainId();
    if (txChainId.isPresent() && !txChainId.get().equals(chainId)) {
      return ValidationResult.invalid(
          "chain id " + txChainId.get() + " does not match this chain's " + chainId);
    }
    return ValidationResult.VALID;
  }

  /** EIP-4844: a recipient, 1 to 6 blobs, each versioned hash of the KZG version. */
  private static ValidationResult checkBlob(BlobTransaction tx) {
    if (tx.to().isEmpty()) {
      return ValidationResult.invalid("a blob transaction cannot create a contract (EIP-4844)");
    }
    List<Hash> hashes = tx.blobVersionedHashes();
    if (hashes.isEmpty()) {
      return ValidationResult.invalid("a blob transaction needs at least one blob (EIP-4844)");
    }
    if (hashes.size() > MAX_BLOBS_PER_TRANSACTION) {
      return ValidationResult.invalid(
          hashes.size() + " blobs exceed the limit of " + MAX_BLOBS_PER_TRANSACTION);
    }
    for (int i = 0; i < hashes.size(); i++) {
      if (hashes.get(i).unsafeBytes()[0] != VERSIONED_HASH_VERSION_KZG) {
        return ValidationResult.invalid(
            "blob versioned hash " + i + " does not start with 0x01: " + hashes.get(i));
      }
    }
    return ValidationResult.VALID;
  }
}
