/**
 * The transaction pool: signed transactions waiting for a block, per sender ordered by nonce, with
 * the admission rules and rejection reasons of go-ethereum. {@link
 * org.gridledger.core.txpool.TransactionPool} is the seam the RPC layer and the block producer use;
 * {@link org.gridledger.core.txpool.InMemoryTransactionPool} implements it.
 */
package org.gridledger.core.txpool;
