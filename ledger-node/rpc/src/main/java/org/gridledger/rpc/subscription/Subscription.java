package org.gridledger.rpc.subscription;

/**
 * One live subscription, as publishers see it.
 *
 * @param id the id returned to the client: {@code 0x} and 16 random bytes in hex without leading
 *     zeros, as geth makes them
 * @param kind what it receives
 * @param logFilter the filter of a {@link SubscriptionKind#LOGS} subscription ({@link
 *     LogFilter#ANY} for the other kinds)
 * @param fullTransactions for {@link SubscriptionKind#NEW_PENDING_TRANSACTIONS}: whether the client
 *     asked for full transaction objects instead of hashes
 * @param subscriber the connection that receives the notifications
 */
public record Subscription(
    String id,
    SubscriptionKind kind,
    LogFilter logFilter,
    boolean fullTransactions,
    Subscriber subscriber) {}
