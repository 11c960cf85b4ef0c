package org.gridledger.core.txpool;

/**
 * How many transactions the pool holds.
 *
 * @param maxTransactions pending and queued together, over all senders
 * @param guaranteedPerSender transactions of one sender that only a better-paying transaction can
 *     push out; a sender may hold more while the pool has room, and when the pool is full the
 *     sender holding the most beyond this share gives up its highest nonce first (go-ethereum's
 *     account slots work alike: a guarantee, not a cap)
 * @param maxTransactionBytes the largest encoded transaction accepted (go-ethereum: 128 KiB)
 */
public record TxPoolLimits(int maxTransactions, int guaranteedPerSender, int maxTransactionBytes) {
  /** go-ethereum's txMaxSize: 4 slots of 32 KiB. */
  public static final int DEFAULT_MAX_TRANSACTION_BYTES = 4 * 32 * 1024;

  public TxPoolLimits {
    if (maxTransactions < 1 || guaranteedPerSender < 1 || maxTransactionBytes < 1) {
      throw new IllegalArgumentException("pool limits must be positive");
    }
  }

  /**
   * 8192 transactions, 1024 guaranteed per sender: go-ethereum's slot counts (4096 pending + 1024
   * queued) rounded up, with a share high enough for a load generator using a single key even in a
   * full pool.
   */
  public static TxPoolLimits defaults() {
    return new TxPoolLimits(8192, 1024, DEFAULT_MAX_TRANSACTION_BYTES);
  }
}
