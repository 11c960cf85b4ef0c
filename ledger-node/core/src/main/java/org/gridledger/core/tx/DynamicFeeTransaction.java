package org.gridledger.core.tx;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.crypto.Secp256k1;
import org.gridledger.evm.crypto.Signature;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;

/**
 * An EIP-1559 transaction: {@code 0x02 ‖ RLP([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas,
 * gasLimit, to, value, data, accessList, yParity, r, s])}. To sign, construct it with a zero
 * signature and call {@link #sign}.
 *
 * <p>A final class rather than a record so that it can keep its encoding and hash once computed: a
 * transaction's hash is asked for again and again on its way through a node (pool admission,
 * gossip, the proposal's check, storing the block, pruning the pool), and each time cost an RLP
 * encoding and a Keccak-256 (the most common transaction type under load; docs/performance.md).
 */
public final class DynamicFeeTransaction implements Transaction {
  private final UInt256 chainId;
  private final long nonce;
  private final UInt256 maxPriorityFeePerGas;
  private final UInt256 maxFeePerGas;
  private final long gasLimit;
  private final Optional<Address> to;
  private final UInt256 value;
  private final byte[] data;
  private final List<AccessListEntry> accessList;
  private final int yParity;
  private final UInt256 r;
  private final UInt256 s;

  /**
   * The encoding and its hash, computed on first use. Its fields are final, so a thread that sees
   * the reference sees them complete; two threads racing to compute it compute the same value.
   */
  private Encoded encoded;

  private record Encoded(byte[] bytes, Hash hash) {}

  public DynamicFeeTransaction(
      UInt256 chainId,
      long nonce,
      UInt256 maxPriorityFeePerGas,
      UInt256 maxFeePerGas,
      long gasLimit,
      Optional<Address> to,
      UInt256 value,
      byte[] data,
      List<AccessListEntry> accessList,
      int yParity,
      UInt256 r,
      UInt256 s) {
    this.chainId = Objects.requireNonNull(chainId, "chainId");
    this.nonce = nonce;
    this.maxPriorityFeePerGas =
        Objects.requireNonNull(maxPriorityFeePerGas, "maxPriorityFeePerGas");
    this.maxFeePerGas = Objects.requireNonNull(maxFeePerGas, "maxFeePerGas");
    this.gasLimit = gasLimit;
    this.to = Objects.requireNonNull(to, "to");
    this.value = Objects.requireNonNull(value, "value");
    this.data = data.clone();
    this.accessList = List.copyOf(accessList);
    TypedSignatures.checkYParity(yParity);
    this.yParity = yParity;
    this.r = Objects.requireNonNull(r, "r");
    this.s = Objects.requireNonNull(s, "s");
  }

  public UInt256 chainId() {
    return chainId;
  }

  @Override
  public long nonce() {
    return nonce;
  }

  @Override
  public UInt256 maxPriorityFeePerGas() {
    return maxPriorityFeePerGas;
  }

  @Override
  public UInt256 maxFeePerGas() {
    return maxFeePerGas;
  }

  @Override
  public long gasLimit() {
    return gasLimit;
  }

  @Override
  public Optional<Address> to() {
    return to;
  }

  @Override
  public UInt256 value() {
    return value;
  }

  @Override
  public List<AccessListEntry> accessList() {
    return accessList;
  }

  public int yParity() {
    return yParity;
  }

  public UInt256 r() {
    return r;
  }

  public UInt256 s() {
    return s;
  }

  @Override
  public TransactionType type() {
    return TransactionType.DYNAMIC_FEE;
  }

  @Override
  public byte[] data() {
    return data.clone();
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
    return encoded().bytes().clone();
  }

  @Override
  public int encodedSize() {
    return encoded().bytes().length;
  }

  /** As the interface's, from the kept encoding (the writer copies it; no copy is made first). */
  @Override
  public void writeTo(RlpWriter w) {
    w.writeBytes(encoded().bytes());
  }

  @Override
  public Hash hash() {
    return encoded().hash();
  }

  private Encoded encoded() {
    Encoded e = encoded;
    if (e == null) {
      byte[] bytes = encode(true);
      e = new Encoded(bytes, Keccak.of(bytes));
      encoded = e;
    }
    return e;
  }

  @Override
  public byte[] signingPayload() {
    return encode(false);
  }

  @Override
  public DynamicFeeTransaction sign(PrivateKey key) {
    Signature sig = Secp256k1.sign(signingHash().unsafeBytes(), key);
    return new DynamicFeeTransaction(
        chainId,
        nonce,
        maxPriorityFeePerGas,
        maxFeePerGas,
        gasLimit,
        to,
        value,
        data,
        accessList,
        sig.yParity(),
        UInt256.of(sig.r()),
        UInt256.of(sig.s()));
  }

  private byte[] encode(boolean withSignature) {
    RlpWriter w = TxRlp.typedWriter(type(), 192 + data.length);
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
    if (withSignature) {
      TypedSignatures.write(w, yParity, r, s);
    }
    w.endList(list);
    return w.toByteArray();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DynamicFeeTransaction t
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
        yParity,
        r,
        s);
  }

  @Override
  public String toString() {
    return "DynamicFeeTransaction[chainId="
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
        + ", yParity="
        + yParity
        + ", r="
        + r
        + ", s="
        + s
        + "]";
  }
}
