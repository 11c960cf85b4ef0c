package org.gridledger.core.txpool;

/**
 * How many transactions the pool holds.
 *
 * @param maxTransactions pending and queued together, over all senders; when full, the cheapest
 *     transaction (by fee cap, then tip) makes room for a better-paying one
 * @param maxPerSender transactions of one sender; a sender at its limit may still replace a
 *     transaction or fill a nonce gap, which evicts its highest nonce
 * @param maxTransactionBytes the largest encoded transaction accepted (go-ethereum: 128 KiB)
 */
public record TxPoolLimits(int maxTransactions, int maxPerSender, int maxTransactionBytes) {
  /** go-ethereum's txMaxSize: 4 slots of 32 KiB. */
  public static final int DEFAULT_MAX_TRANSACTION_BYTES = 4 * 32 * 1024;

  public TxPoolLimits {
    if (maxTransactions < 1 || maxPerSender < 1 || maxTransactionBytes < 1) {
      throw new IllegalArgumentException("pool limits must be positive");
    }
  }

  /**
   * 8192 transactions, 1024 per sender: go-ethereum's slot counts (4096 pending + 1024 queued)
   * rounded up, with a per-sender limit high enough for a load generator using a single key.
   */
  public static TxPoolLimits defaults() {
    return new TxPoolLimits(8192, 1024, DEFAULT_MAX_TRANSACTION_BYTES);
  }
}
