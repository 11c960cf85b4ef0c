package org.gridledger.evm.state;

import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;

/**
 * An account as the EVM sees it. {@code codeHash} is {@link Keccak#EMPTY} for accounts without
 * code. The storage root is not part of it: the EVM never needs it, and only {@code core.state}
 * computes it.
 */
public record AccountInfo(long nonce, UInt256 balance, Hash codeHash) {
  public static final AccountInfo EMPTY = new AccountInfo(0, UInt256.ZERO, Keccak.EMPTY);

  /** Empty in the EIP-161 sense: no nonce, no balance, no code. */
  public boolean isEmpty() {
    return nonce == 0 && balance.isZero() && codeHash.equals(Keccak.EMPTY);
  }
}
