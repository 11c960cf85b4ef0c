package org.gridledger.core.tx;

import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.evm.crypto.Signature;
import org.gridledger.evm.types.UInt256;

/** The {@code yParity, r, s} tail that every EIP-2718 transaction type shares. */
final class TypedSignatures {
  private TypedSignatures() {}

  static void checkYParity(int yParity) {
    if (yParity != 0 && yParity != 1) {
      throw new IllegalArgumentException("yParity must be 0 or 1, got " + yParity);
    }
  }

  static Signature of(int yParity, UInt256 r, UInt256 s) {
    return new Signature(r.toBigInteger(), s.toBigInteger(), yParity);
  }

  static void write(RlpWriter w, int yParity, UInt256 r, UInt256 s) {
    w.writeLong(yParity);
    TxRlp.writeUInt256(w, r);
    TxRlp.writeUInt256(w, s);
  }
}
