package org.gridledger.bench.load;

import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.types.Hex;

/** A signed transaction as sent: its raw encoding and hash, both 0x-prefixed lowercase hex. */
public record SignedTx(String raw, String hash) {
  public static SignedTx of(Transaction tx) {
    return new SignedTx(Hex.encode(tx.encode()), Hex.encode(tx.hash().toArray()));
  }
}
