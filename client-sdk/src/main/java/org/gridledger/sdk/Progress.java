package org.gridledger.sdk;

/** Steps of a deployment, reported to a {@link Listener} as they happen. */
public enum Progress {
  /** The transaction was accepted by the node's pool. */
  SUBMITTED,
  /** The transaction is in a block. */
  INCLUDED,
  /** The node reported the workload deployed (ContractFulfilled). */
  FULFILLED,
  /** The node reported that it could not deploy or run the workload (ContractFailed). */
  FAILED;

  /** Receives progress; {@code detail} is a transaction hash, block number or contract id. */
  @FunctionalInterface
  public interface Listener {
    void on(Progress step, String detail);

    Listener NONE = (step, detail) -> {};
  }
}
