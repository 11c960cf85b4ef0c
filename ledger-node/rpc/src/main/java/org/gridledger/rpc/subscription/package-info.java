/**
 * Server-side {@code eth_subscribe} subscriptions: the {@link
 * org.gridledger.rpc.subscription.SubscriptionManager} that chain and txpool code feed events into,
 * the subscription kinds, log filters, and the {@link org.gridledger.rpc.subscription.Subscriber}
 * seam that a WebSocket connection implements.
 */
package org.gridledger.rpc.subscription;
