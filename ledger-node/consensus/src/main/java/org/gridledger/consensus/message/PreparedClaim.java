package org.gridledger.consensus.message;

import java.util.Objects;
import org.gridledger.evm.types.Hash;

/**
 * A ROUND-CHANGE's claim that its sender is prepared: a quorum of PREPAREs for {@code blockHash} at
 * {@code round}.
 */
public record PreparedClaim(int round, Hash blockHash) {
  public PreparedClaim {
    Objects.requireNonNull(blockHash, "blockHash");
    if (round < 0) {
      throw new IllegalArgumentException("prepared round must be non-negative");
    }
  }
}
