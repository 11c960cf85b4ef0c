package org.gridledger.core.tx;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.crypto.Secp256k1;
import org.gridledger.evm.crypto.Signature;
import org.gridledger.evm.gas.GasCosts;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.UInt256;

/**
 * An EIP-4844 blob transaction in its canonical form (as blocks and transaction hashes use it,
 * without the blobs, commitments and proofs of the pooled network form): {@code 0x03 ‖
 * RLP([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value, data, accessList,
 * maxFeePerBlobGas, blobVersionedHashes, yParity, r, s])}.
 *
 * <p>EIP-4844 requires a recipient; {@code to} is still optional here so that every well-formed
 * encoding round-trips, and {@link TransactionValidator} rejects a blob transaction without one.
 */
public record BlobTransaction(
    UInt256 chainId,
    long nonce,
    UInt256 maxPriorityFeePerGas,
    UInt256 maxFeePerGas,
    long gasLimit,
    Optional<Address> to,
    UInt256 value,
    byte[] data,
    List<AccessListEntry> accessList,
    UInt256 maxFeePerBlobGas,
    List<Hash> blobVersionedHashes,
    int yParity,
    UInt256 r,
    UInt256 s)
    implements Transaction {

  /** Blob gas per blob (EIP-4844 GAS_PER_BLOB = 2^17). */
  public static final long GAS_PER_BLOB = GasCosts.BLOB_GAS_PER_BLOB;

  public BlobTransaction {
    Objects.requireNonNull(chainId, "chainId");
    Objects.requireNonNull(maxPriorityFeePerGas, "maxPriorityFeePerGas");
    Objects.requireNonNull(maxFeePerGas, "maxFeePerGas");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(value, "value");
    data = data.clone();
    accessList = List.copyOf(accessList);
    Objects.requireNonNull(maxFeePerBlobGas, "maxFeePerBlobGas");
    blobVersionedHashes = List.copyOf(blobVersionedHashes);
    TypedSignatures.checkYParity(yParity);
    Objects.requireNonNull(r, "r");
    Objects.requireNonNull(s, "s");
  }

  @Override
  public TransactionType type() {
    return TransactionType.BLOB;
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  /** Blob gas this transaction uses: {@code GAS_PER_BLOB} per versioned hash. */
  public long blobGas() {
    return GAS_PER_BLOB * blobVersionedHashes.size();
  }

  @Override
  public Optional<UInt256> signatureChainId() {
    return Optional.of(chainId);
  }

  @Override
  public Optional<Signature> signature() {
    return Optional.of(TypedSignatures.of(yParity, r, s));
  }

  @Override
  public byte[] encode() {
    return encode(true);
  }

  @Override
  public byte[] signingPayload() {
    return encode(false);
  }

  @Override
  public BlobTransaction sign(PrivateKey key) {
    Signature sig = Secp256k1.sign(signingHash().unsafeBytes(), key);
    return new BlobTransaction(
        chainId,
        nonce,
        maxPriorityFeePerGas,
        maxFeePerGas,
        gasLimit,
        to,
        value,
        data,
        accessList,
        maxFeePerBlobGas,
        blobVersionedHashes,
        sig.yParity(),
        UInt256.of(sig.r()),
        UInt256.of(sig.s()));
  }

  private byte[] encode(boolean withSignature) {
    RlpWriter w = TxRlp.typedWriter(type(), 256 + data.length + 33 * blobVersionedHashes.size());
    int list = w.startList();
    TxRlp.writeUInt256(w, chainId);
    TxRlp.writeU64(w, nonce);
    TxRlp.writeUInt256(w, maxPriorityFeePerGas);
    TxRlp.writeUInt256(w, maxFeePerGas);
    TxRlp.writeU64(w, gasLimit);
    TxRlp.writeTo(w, to);
    TxRlp.writeUInt256(w, value);
    w.writeBytes(data);
    TxRlp.writeAccessList(w, accessList);
    TxRlp.writeUInt256(w, maxFeePerBlobGas);
    TxRlp.writeHashes(w, blobVersionedHashes);
    if (withSignature) {
      TypedSignatures.write(w, yParity, r, s);
    }
    w.endList(list);
    return w.toByteArray();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlobTransaction t
        && nonce == t.nonce
        && gasLimit == t.gasLimit
        && yParity == t.yParity
        && chainId.equals(t.chainId)
        && maxPriorityFeePerGas.equals(t.maxPriorityFeePerGas)
        && maxFeePerGas.equals(t.maxFeePerGas)
        && to.equals(t.to)
        && value.equals(t.value)
        && Arrays.equals(data, t.data)
        && accessList.equals(t.accessList)
        && maxFeePerBlobGas.equals(t.maxFeePerBlobGas)
        && blobVersionedHashes.equals(t.blobVersionedHashes)
        && r.equals(t.r)
        && s.equals(t.s);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        chainId,
        nonce,
        maxPriorityFeePerGas,
        maxFeePerGas,
        gasLimit,
        to,
        value,
        Arrays.hashCode(data),
        accessList,
        maxFeePerBlobGas,
        blobVersionedHashes,
        yParity,
        r,
        s);
  }

  @Override
  public String toString() {
    return "BlobTransaction[chainId="
        + chainId
        + ", nonce="
        + Long.toUnsignedString(nonce)
        + ", maxPriorityFeePerGas="
        + maxPriorityFeePerGas
        + ", maxFeePerGas="
        + maxFeePerGas
        + ", gasLimit="
        + Long.toUnsignedString(gasLimit)
        + ", to="
        + to.map(Address::toHex).orElse("(create)")
        + ", value="
        + value
        + ", data="
        + TxRlp.abbreviate(data)
        + ", accessList="
        + accessList
        + ", maxFeePerBlobGas="
        + maxFeePerBlobGas
        + ", blobVersionedHashes="
        + blobVersionedHashes
        + ", yParity="
        + yParity
        + ", r="
        + r
        + ", s="
        + s
        + "]";
  }
}
