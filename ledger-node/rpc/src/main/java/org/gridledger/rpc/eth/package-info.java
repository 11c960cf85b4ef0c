/**
 * The chain's JSON-RPC methods over a {@link org.gridledger.core.chain.Blockchain} and a {@link
 * org.gridledger.core.txpool.TransactionPool}: {@link org.gridledger.rpc.eth.EthApi} registers the
 * {@code eth_*} and {@code txpool_*} methods, {@link org.gridledger.rpc.eth.DebugApi} the {@code
 * debug_trace*} methods, {@link org.gridledger.rpc.eth.EthJson} encodes blocks, transactions,
 * receipts and logs as go-ethereum does, {@link org.gridledger.rpc.eth.ChainEvents} feeds
 * subscriptions and filters, and {@link org.gridledger.rpc.eth.ChainView} resolves block tags and
 * keeps state reads apart from imports.
 */
package org.gridledger.rpc.eth;
