package org.gridledger.core.tx;

import java.util.List;
import java.util.Optional;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.crypto.Secp256k1;
import org.gridledger.evm.crypto.Signature;
import org.gridledger.evm.gas.IntrinsicGas;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;

/**
 * A signed Ethereum transaction of one of the Cancun types. Instances are immutable values that
 * hold exactly what the encoding holds, so that {@code TransactionDecoder.decode(tx.encode())}
 * equals {@code tx} and decoding then encoding reproduces the input bytes.
 *
 * <p>A decoded transaction is well-formed but not necessarily valid: {@link TransactionValidator}
 * applies the static rules and {@link #sender()} tells whether the signature recovers to a key. The
 * sender is recovered on every call (an EC recovery, tens of microseconds) and so are the hash and
 * encoding, except for {@link DynamicFeeTransaction}, which keeps them; callers that need the
 * sender repeatedly keep it.
 *
 * <p>{@code nonce} and {@code gasLimit} are unsigned 64-bit integers held in a {@code long}:
 * compare them with {@link Long#compareUnsigned}.
 */
public sealed interface Transaction
    permits LegacyTransaction, AccessListTransaction, DynamicFeeTransaction, BlobTransaction {

  TransactionType type();

  /** The sender's nonce, unsigned 64-bit. */
  long nonce();

  /** The gas limit, unsigned 64-bit. */
  long gasLimit();

  /** The recipient, or empty for a contract creation. */
  Optional<Address> to();

  UInt256 value();

  /** The calldata, or the init code of a creation (a copy). */
  byte[] data();

  /** The EIP-2930 access list; empty for legacy transactions. */
  List<AccessListEntry> accessList();

  /** The most the sender pays per gas: {@code gasPrice} for legacy and EIP-2930 transactions. */
  UInt256 maxFeePerGas();

  /** The most the sender tips per gas: {@code gasPrice} for legacy and EIP-2930 transactions. */
  UInt256 maxPriorityFeePerGas();

  /**
   * The chain id the signature commits to: the {@code chainId} field of typed transactions, the
   * EIP-155 chain id encoded in a legacy {@code v ≥ 35}, and empty for a legacy transaction signed
   * without chain id ({@code v} 27 or 28) or with an undefined {@code v}.
   */
  Optional<UInt256> signatureChainId();

  /**
   * r, s and the recovery id, or empty when a legacy {@code v} encodes no recovery id (neither
   * 27/28 nor ≥ 35). Says nothing about whether r and s are in range; see {@link
   * TransactionValidator}.
   */
  Optional<Signature> signature();

  /** The canonical network encoding: an RLP list for legacy, {@code type ‖ RLP(payload)} else. */
  byte[] encode();

  /** The length of {@link #encode()}, without a copy where the encoding is kept. */
  default int encodedSize() {
    return encode().length;
  }

  /** The bytes the sender signs (EIP-155 for legacy with a chain id, EIP-2718 for typed). */
  byte[] signingPayload();

  /** A copy of this transaction signed by {@code key} (deterministic RFC 6979 signature). */
  Transaction sign(PrivateKey key);

  /** The transaction hash: Keccak-256 of {@link #encode()}. */
  default Hash hash() {
    return Keccak.of(encode());
  }

  /** Keccak-256 of {@link #signingPayload()}. */
  default Hash signingHash() {
    return Keccak.of(signingPayload());
  }

  /**
   * The address whose key signed this transaction, or empty if {@code v}/yParity is undefined, r or
   * s is outside [1, n), or r names no curve point. High s is recovered too (EIP-2 is the
   * validator's business).
   */
  default Optional<Address> sender() {
    Optional<Signature> sig = signature();
    if (sig.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(Secp256k1.recoverAddress(signingHash().unsafeBytes(), sig.get()));
  }

  default boolean isContractCreation() {
    return to().isEmpty();
  }

  /** Gas charged before execution starts (EIP-2028, EIP-2930, EIP-3860). */
  default long intrinsicGas() {
    List<AccessListEntry> accessList = accessList();
    return IntrinsicGas.of(
        data(), isContractCreation(), accessList.size(), TxRlp.storageKeyCount(accessList));
  }

  /**
   * Appends this transaction as an item of a block body or a {@code Transactions} message: a legacy
   * transaction as its RLP list, a typed one as an RLP string holding its envelope.
   */
  default void writeTo(RlpWriter w) {
    byte[] encoded = encode();
    if (type() == TransactionType.LEGACY) {
      w.writeRaw(encoded);
    } else {
      w.writeBytes(encoded);
    }
  }
}
