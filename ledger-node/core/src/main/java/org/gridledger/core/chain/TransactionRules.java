package org.gridledger.core.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.gridledger.core.tx.BlobTransaction;
import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.crypto.Secp256k1;
import org.gridledger.evm.crypto.Signature;
import org.gridledger.evm.env.BlockEnv;
import org.gridledger.evm.gas.GasCosts;
import org.gridledger.evm.gas.IntrinsicGas;
import org.gridledger.evm.state.JournaledState;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;

/**
 * Names the rule a transaction breaks at a point of a block, for rejection reasons. The checks that
 * decide validity are {@link org.gridledger.core.tx.TransactionValidator}'s and the EVM's {@code
 * TransactionExecutor.validate}; this class only runs once one of them has said no, and goes
 * through the rules in the order go-ethereum's state transition checks them (signature, nonce,
 * sender code, fee caps, blobs, block gas, balance, intrinsic gas, init code) so the first broken
 * rule is the one other clients report.
 */
final class TransactionRules {
  private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);

  private TransactionRules() {}

  /** A broken rule with the values that break it. */
  record Violation(InvalidReason reason, String detail) {}

  /**
   * The first rule {@code tx} breaks when sent by {@code sender} on {@code state} in a block with
   * {@code gasLeft} gas and {@code blobGasLeft} blob gas left, or empty if none of the named rules
   * is broken.
   */
  static Optional<Violation> firstViolation(
      Transaction tx,
      Address sender,
      JournaledState state,
      BlockEnv block,
      long gasLeft,
      long blobGasLeft) {
    Optional<Signature> sig = tx.signature();
    if (sig.isEmpty()
        || !Secp256k1.isValidScalar(sig.get().r())
        || !Secp256k1.isValidScalar(sig.get().s())
        || !Secp256k1.isLowS(sig.get().s())) {
      return violation(InvalidReason.TX_SIGNATURE, "invalid signature values (EIP-2)");
    }
    Optional<UInt256> chainId = tx.signatureChainId();
    if (chainId.isPresent() && !chainId.get().equals(UInt256.of(block.chainId()))) {
      return violation(
          InvalidReason.TX_CHAIN_ID,
          "signed for chain " + chainId.get() + ", this chain is " + block.chainId());
    }
    long accountNonce = state.nonce(sender);
    if (tx.nonce() != accountNonce) {
      boolean low = Long.compareUnsigned(tx.nonce(), accountNonce) < 0;
      return violation(
          low ? InvalidReason.TX_NONCE_TOO_LOW : InvalidReason.TX_NONCE_TOO_HIGH,
          "nonce "
              + Long.toUnsignedString(tx.nonce())
              + ", sender "
              + sender
              + " has nonce "
              + Long.toUnsignedString(accountNonce));
    }
    if (tx.nonce() == -1L) {
      return violation(InvalidReason.TX_NONCE_MAX, "nonce 2^64-1 (EIP-2681)");
    }
    if (!state.codeHash(sender).equals(Keccak.EMPTY)) {
      return violation(InvalidReason.TX_SENDER_NOT_EOA, "sender " + sender + " has code");
    }
    BigInteger gasLimit = UInt256.unsignedBigInteger(tx.gasLimit());
    BigInteger maxFee = tx.maxFeePerGas().toBigInteger();
    if (gasLimit.multiply(maxFee).compareTo(TWO_256) >= 0) {
      return violation(InvalidReason.TX_FEE_OVERFLOW, "gas limit * max fee exceeds 256 bits");
    }
    if (tx.maxPriorityFeePerGas().compareTo(tx.maxFeePerGas()) > 0) {
      return violation(
          InvalidReason.TX_PRIORITY_FEE_ABOVE_MAX_FEE,
          "max priority fee " + tx.maxPriorityFeePerGas() + " above max fee " + tx.maxFeePerGas());
    }
    if (tx.maxFeePerGas().compareTo(block.baseFee()) < 0) {
      return violation(
          InvalidReason.TX_MAX_FEE_BELOW_BASE_FEE,
          "max fee " + tx.maxFeePerGas() + " below base fee " + block.baseFee());
    }
    long blobGas = 0;
    UInt256 maxBlobFee = UInt256.ZERO;
    if (tx instanceof BlobTransaction blob) {
      Optional<Violation> v = blobViolation(blob, block);
      if (v.isPresent()) {
        return v;
      }
      blobGas = blob.blobGas();
      maxBlobFee = blob.maxFeePerBlobGas();
    }
    if (Long.compareUnsigned(tx.gasLimit(), gasLeft) > 0) {
      return violation(
          InvalidReason.TX_GAS_ALLOWANCE_EXCEEDED,
          "gas limit "
              + Long.toUnsignedString(tx.gasLimit())
              + " above the "
              + gasLeft
              + " gas left in the block");
    }
    if (blobGas > blobGasLeft) {
      return violation(
          InvalidReason.TX_BLOB_GAS_ALLOWANCE_EXCEEDED,
          "blob gas " + blobGas + " above the " + blobGasLeft + " blob gas left in the block");
    }
    BigInteger cost =
        gasLimit
            .multiply(maxFee)
            .add(tx.value().toBigInteger())
            .add(BigInteger.valueOf(blobGas).multiply(maxBlobFee.toBigInteger()));
    BigInteger balance = state.balance(sender).toBigInteger();
    if (balance.compareTo(cost) < 0) {
      return violation(
          InvalidReason.TX_INSUFFICIENT_FUNDS,
          "sender " + sender + " has " + balance + " wei, the transaction may cost " + cost);
    }
    long intrinsic = tx.intrinsicGas();
    if (Long.compareUnsigned(tx.gasLimit(), intrinsic) < 0) {
      return violation(
          InvalidReason.TX_INTRINSIC_GAS,
          "gas limit "
              + Long.toUnsignedString(tx.gasLimit())
              + " below intrinsic gas "
              + intrinsic);
    }
    if (tx.isContractCreation() && tx.data().length > IntrinsicGas.MAX_INIT_CODE_SIZE) {
      return violation(
          InvalidReason.TX_INIT_CODE_SIZE,
          "init code of "
              + tx.data().length
              + " bytes (EIP-3860 limit "
              + IntrinsicGas.MAX_INIT_CODE_SIZE
              + ")");
    }
    return Optional.empty();
  }

  private static Optional<Violation> blobViolation(BlobTransaction tx, BlockEnv block) {
    if (tx.to().isEmpty()) {
      return violation(
          InvalidReason.TX_BLOB_CONTRACT_CREATION, "blob transaction without recipient");
    }
    List<Hash> hashes = tx.blobVersionedHashes();
    if (hashes.isEmpty()) {
      return violation(InvalidReason.TX_BLOB_NONE, "blob transaction without blobs");
    }
    if (hashes.size() > GasCosts.MAX_BLOBS_PER_BLOCK) {
      return violation(
          InvalidReason.TX_BLOB_COUNT,
          hashes.size() + " blobs, a block holds at most " + GasCosts.MAX_BLOBS_PER_BLOCK);
    }
    for (int i = 0; i < hashes.size(); i++) {
      if (hashes.get(i).unsafeBytes()[0] != GasCosts.VERSIONED_HASH_VERSION_KZG) {
        return violation(
            InvalidReason.TX_BLOB_VERSIONED_HASH,
            "versioned hash " + i + " " + hashes.get(i) + " is not of version 0x01");
      }
    }
    if (tx.maxFeePerBlobGas().compareTo(block.blobBaseFee()) < 0) {
      return violation(
          InvalidReason.TX_BLOB_FEE_BELOW_BASE_FEE,
          "max fee per blob gas "
              + tx.maxFeePerBlobGas()
              + " below blob base fee "
              + block.blobBaseFee());
    }
    return Optional.empty();
  }

  private static Optional<Violation> violation(InvalidReason reason, String detail) {
    return Optional.of(new Violation(reason, detail));
  }
}
