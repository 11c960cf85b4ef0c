/**
 * The {@code eth_*}, {@code txpool_*} and {@code debug_*} methods over a {@link
 * org.gridledger.core.chain.Blockchain} and a {@link org.gridledger.core.txpool.TransactionPool}:
 * {@link org.gridledger.rpc.eth.EthApi} registers them, {@link org.gridledger.rpc.eth.EthJson}
 * encodes blocks, transactions, receipts and logs as go-ethereum does, {@link
 * org.gridledger.rpc.eth.ChainEvents} feeds subscriptions and filters.
 */
package org.gridledger.rpc.eth;
