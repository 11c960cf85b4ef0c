package org.gridledger.core.state;

import org.gridledger.evm.types.Hash;

/** Answers BLOCKHASH: the hash of a recent canonical block, {@link Hash#ZERO} if unknown. */
@FunctionalInterface
public interface BlockHashLookup {
  BlockHashLookup NONE = number -> Hash.ZERO;

  Hash blockHash(long number);
}
