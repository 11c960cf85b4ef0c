package org.gridledger.core.txpool;

import org.gridledger.evm.types.Hash;

/** What {@link TransactionPool#add} did with a transaction. */
public sealed interface AddResult {
  /** Accepted (pending or queued); {@code hash} is the transaction hash. */
  record Added(Hash hash) implements AddResult {}

  /**
   * Refused. {@code reason} is go-ethereum's wording where one exists ("nonce too low",
   * "replacement transaction underpriced", "insufficient funds for gas * price + value", "intrinsic
   * gas too low", "exceeds block gas limit", "already known", ...), so RPC clients see the messages
   * they know.
   */
  record Rejected(String reason) implements AddResult {}
}
