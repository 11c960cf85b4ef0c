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
import org.gridledger.evm.types.UInt256;

/**
 * An EIP-2930 transaction: {@code 0x01 ‖ RLP([chainId, nonce, gasPrice, gasLimit, to, value, data,
 * accessList, yParity, r, s])}. To sign, construct it with a zero signature and call {@link #sign}.
 */
public record AccessListTransaction(
    UInt256 chainId,
    long nonce,
    UInt256 gasPrice,
    long gasLimit,
    Optional<Address> to,
    UInt256 value,
    byte[] data,
    List<AccessListEntry> accessList,
    int yParity,
    UInt256 r,
    UInt256 s)
    implements Transaction {

  public AccessListTransaction {
    Objects.requireNonNull(chainId, "chainId");
    Objects.requireNonNull(gasPrice, "gasPrice");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(value, "value");
    data = data.clone();
    accessList = List.copyOf(accessList);
    TypedSignatures.checkYParity(yParity);
    Objects.requireNonNull(r, "r");
    Objects.requireNonNull(s, "s");
  }

  @Override
  public TransactionType type() {
    return TransactionType.ACCESS_LIST;
  }

  @Override
  public byte[] data() {
    return data.clone();
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
  public AccessListTransaction sign(PrivateKey key) {
    Signature sig = Secp256k1.sign(signingHash().unsafeBytes(), key);
    return new AccessListTransaction(
        chainId,
        nonce,
        gasPrice,
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
    RlpWriter w = TxRlp.typedWriter(type(), 160 + data.length);
    int list = w.startList();
    TxRlp.writeUInt256(w, chainId);
    TxRlp.writeU64(w, nonce);
    TxRlp.writeUInt256(w, gasPrice);
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
    return o instanceof AccessListTransaction t
        && nonce == t.nonce
        && gasLimit == t.gasLimit
        && yParity == t.yParity
        && chainId.equals(t.chainId)
        && gasPrice.equals(t.gasPrice)
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
        gasPrice,
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
    return "AccessListTransaction[chainId="
        + chainId
        + ", nonce="
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
