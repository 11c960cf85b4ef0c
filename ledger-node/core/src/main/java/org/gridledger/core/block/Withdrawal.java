package org.gridledger.core.block;

import java.math.BigInteger;
import java.util.Objects;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.UInt256;

/**
 * An EIP-4895 withdrawal: a credit of {@code amountGwei} to {@code address} applied after the
 * block's transactions. Gridledger blocks carry none of their own; the type exists so that chains
 * exported from other clients and the official block tests import unchanged.
 *
 * <p>All three numbers are uint64 on the wire and held as unsigned {@code long}s.
 */
public record Withdrawal(long index, long validatorIndex, Address address, long amountGwei) {
  private static final BigInteger WEI_PER_GWEI = BigInteger.TEN.pow(9);

  public Withdrawal {
    Objects.requireNonNull(address, "address");
  }

  /**
   * The credit in wei: {@code amountGwei * 10^9} (up to about 1.8 * 10^28, well within 256 bits).
   */
  public UInt256 amountWei() {
    return UInt256.of(UInt256.unsignedBigInteger(amountGwei).multiply(WEI_PER_GWEI));
  }

  public void writeTo(RlpWriter w) {
    int list = w.startList();
    w.writeUnsignedLong(index);
    w.writeUnsignedLong(validatorIndex);
    w.writeBytes(address.unsafeBytes());
    w.writeUnsignedLong(amountGwei);
    w.endList(list);
  }

  public byte[] encode() {
    RlpWriter w = new RlpWriter(64);
    writeTo(w);
    return w.toByteArray();
  }

  public static Withdrawal readFrom(RlpReader outer) {
    RlpReader r = outer.readList();
    Withdrawal w =
        new Withdrawal(
            r.readUnsignedLong(),
            r.readUnsignedLong(),
            Address.wrap(r.readBytes(Address.SIZE, "withdrawal address")),
            r.readUnsignedLong());
    r.ensureEnd("withdrawal");
    return w;
  }
}
