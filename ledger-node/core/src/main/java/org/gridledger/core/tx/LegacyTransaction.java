package org.gridledger.core.tx;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.crypto.Secp256k1;
import org.gridledger.evm.crypto.Signature;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.UInt256;

/**
 * A pre-EIP-2718 transaction: {@code RLP([nonce, gasPrice, gasLimit, to, value, data, v, r, s])}.
 * {@code v} is 27 or 28 when signed without chain id, {@code chainId * 2 + 35 + yParity} under
 * EIP-155; any other {@code v} decodes (so the encoding round-trips) but has no signature.
 */
public record LegacyTransaction(
    long nonce,
    UInt256 gasPrice,
    long gasLimit,
    Optional<Address> to,
    UInt256 value,
    byte[] data,
    UInt256 v,
    UInt256 r,
    UInt256 s)
    implements Transaction {

  private static final BigInteger THIRTY_FIVE = BigInteger.valueOf(35);

  public LegacyTransaction {
    Objects.requireNonNull(gasPrice, "gasPrice");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(value, "value");
    data = data.clone();
    Objects.requireNonNull(v, "v");
    Objects.requireNonNull(r, "r");
    Objects.requireNonNull(s, "s");
  }

  /**
   * An unsigned transaction to be {@linkplain #sign signed}: with a chain id it signs under
   * EIP-155, without one it signs the pre-EIP-155 payload (replayable on every chain).
   */
  public static LegacyTransaction unsigned(
      long nonce,
      UInt256 gasPrice,
      long gasLimit,
      Optional<Address> to,
      UInt256 value,
      byte[] data,
      Optional<UInt256> chainId) {
    UInt256 v = chainId.map(id -> vFor(id, 0)).orElse(UInt256.of(27));
    return new LegacyTransaction(
        nonce, gasPrice, gasLimit, to, value, data, v, UInt256.ZERO, UInt256.ZERO);
  }

  @Override
  public TransactionType type() {
    return TransactionType.LEGACY;
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public List<AccessListEntry> accessList() {
    return List.of();
  }

  @Override
  public UInt256 maxFeePerGas() {
    return gasPrice;
  }

  @Override
  public UInt256 maxPriorityFeePerGas() {
    return gasPrice;
  }

  @Override
  public Optional<UInt256> signatureChainId() {
    if (v.fitsLong()) {
      long small = v.u0();
      return small >= 35 ? Optional.of(UInt256.of((small - 35) / 2)) : Optional.empty();
    }
    return Optional.of(UInt256.of(v.toBigInteger().subtract(THIRTY_FIVE).shiftRight(1)));
  }

  @Override
  public Optional<Signature> signature() {
    int recId;
    if (v.fitsLong() && (v.u0() == 27 || v.u0() == 28)) {
      recId = (int) (v.u0() - 27);
    } else if (!v.fitsLong() || v.u0() >= 35) {
      // v - 35 = 2·chainId + yParity, so the parity of v - 35 is the parity of v + 1.
      recId = (int) ((v.u0() + 1) & 1);
    } else {
      return Optional.empty();
    }
    return Optional.of(new Signature(r.toBigInteger(), s.toBigInteger(), recId));
  }

  @Override
  public byte[] encode() {
    RlpWriter w = new RlpWriter(128 + data.length);
    int list = w.startList();
    writeUnsignedFields(w);
    TxRlp.writeUInt256(w, v);
    TxRlp.writeUInt256(w, r);
    TxRlp.writeUInt256(w, s);
    w.endList(list);
    return w.toByteArray();
  }

  /**
   * {@code RLP([nonce, gasPrice, gasLimit, to, value, data, chainId, 0, 0])} under EIP-155, else
   * the first six fields only (also for an undefined {@code v}, which has no signer anyway).
   */
  @Override
  public byte[] signingPayload() {
    RlpWriter w = new RlpWriter(64 + data.length);
    int list = w.startList();
    writeUnsignedFields(w);
    Optional<UInt256> chainId = signatureChainId();
    if (chainId.isPresent()) {
      TxRlp.writeUInt256(w, chainId.get());
      w.writeLong(0);
      w.writeLong(0);
    }
    w.endList(list);
    return w.toByteArray();
  }

  /** Signs with the chain id that {@code v} currently encodes (none for v 27/28). */
  @Override
  public LegacyTransaction sign(PrivateKey key) {
    Optional<UInt256> chainId = signatureChainId();
    Signature sig = Secp256k1.sign(signingHash().unsafeBytes(), key);
    UInt256 newV =
        chainId.map(id -> vFor(id, sig.yParity())).orElse(UInt256.of(27L + sig.yParity()));
    return new LegacyTransaction(
        nonce, gasPrice, gasLimit, to, value, data, newV, UInt256.of(sig.r()), UInt256.of(sig.s()));
  }

  private void writeUnsignedFields(RlpWriter w) {
    TxRlp.writeU64(w, nonce);
    TxRlp.writeUInt256(w, gasPrice);
    TxRlp.writeU64(w, gasLimit);
    TxRlp.writeTo(w, to);
    TxRlp.writeUInt256(w, value);
    w.writeBytes(data);
  }

  private static UInt256 vFor(UInt256 chainId, int yParity) {
    return UInt256.of(chainId.toBigInteger().shiftLeft(1).add(BigInteger.valueOf(35L + yParity)));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LegacyTransaction t
        && nonce == t.nonce
        && gasLimit == t.gasLimit
        && gasPrice.equals(t.gasPrice)
        && to.equals(t.to)
        && value.equals(t.value)
        && Arrays.equals(data, t.data)
        && v.equals(t.v)
        && r.equals(t.r)
        && s.equals(t.s);
  }

  @Override
  public int hashCode() {
    return Objects.hash(nonce, gasPrice, gasLimit, to, value, Arrays.hashCode(data), v, r, s);
  }

  @Override
  public String toString() {
    return "LegacyTransaction[nonce="
        + Long.toUnsignedString(nonce)
        + ", gasPrice="
        + gasPrice
        + ", gasLimit="
        + Long.toUnsignedString(gasLimit)
        + ", to="
        + to.map(Address::toHex).orElse("(create)")
        + ", value="
        + value
        + ", data="
        + TxRlp.abbreviate(data)
        + ", v="
        + v
        + ", r="
        + r
        + ", s="
        + s
        + "]";
  }
}
