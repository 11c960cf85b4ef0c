/**
 * Transaction execution: {@link org.gridledger.evm.tx.TransactionExecutor} validates a transaction
 * against the block and state, runs it, settles gas and fees, and returns a {@link
 * org.gridledger.evm.tx.TransactionResult} with the logs and the {@link
 * org.gridledger.evm.state.StateChanges} for {@code core} to commit.
 */
package org.gridledger.evm.tx;
