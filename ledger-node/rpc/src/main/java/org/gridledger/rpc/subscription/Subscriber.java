package org.gridledger.rpc.subscription;

/**
 * A connection that can receive notifications (a WebSocket). Implementations decide how to write;
 * the manager only hands them finished notification texts.
 */
public interface Subscriber {
  /** How many live subscriptions this connection may hold. */
  int maxSubscriptions();

  /** False once the connection closed; subscriptions are then refused and removed. */
  boolean isOpen();

  /**
   * Queues one notification (a complete {@code eth_subscription} JSON-RPC message) for {@code
   * subscription}. Called from any thread; must not block.
   */
  void deliver(Subscription subscription, String notification);
}
