package org.gridledger.core.block;

import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.evm.types.Address;

/**
 * An EIP-4895 withdrawal: a credit of {@code amountGwei} to {@code address} applied after the
 * block's transactions. Gridledger blocks carry none of their own; the type exists so that chains
 * exported from other clients and the official block tests import unchanged.
 */
public record Withdrawal(long index, long validatorIndex, Address address, long amountGwei) {

  public void writeTo(RlpWriter w) {
    int list = w.startList();
    w.writeLong(index);
    w.writeLong(validatorIndex);
    w.writeBytes(address.unsafeBytes());
    w.writeLong(amountGwei);
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
            r.readLong(), r.readLong(), Address.wrap(r.readBytes(20, "address")), r.readLong());
    r.ensureEnd("withdrawal");
    return w;
  }
}
