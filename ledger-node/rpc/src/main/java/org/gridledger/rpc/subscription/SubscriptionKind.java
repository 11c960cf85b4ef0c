package org.gridledger.rpc.subscription;

import java.util.Optional;

/** The {@code eth_subscribe} kinds (execution-apis / geth {@code eth/filters}). */
public enum SubscriptionKind {
  /** Each new canonical head: the payload is the block header object. */
  NEW_HEADS("newHeads"),
  /** Logs of new blocks that match the subscription's {@link LogFilter}: one log object each. */
  LOGS("logs"),
  /**
   * Transactions entering the pool: the hash, or the full transaction object when the subscriber
   * asked for it ({@link Subscription#fullTransactions()}).
   */
  NEW_PENDING_TRANSACTIONS("newPendingTransactions");

  private final String wireName;

  SubscriptionKind(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<SubscriptionKind> fromWireName(String name) {
    for (SubscriptionKind kind : values()) {
      if (kind.wireName.equals(name)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
