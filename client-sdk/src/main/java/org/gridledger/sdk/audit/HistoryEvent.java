package org.gridledger.sdk.audit;

/** One event of a contract's on-chain history. */
public record HistoryEvent(long blockNumber, String transactionHash, String name) {}
