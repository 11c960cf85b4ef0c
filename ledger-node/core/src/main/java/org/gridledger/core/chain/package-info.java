/**
 * The chain: importing blocks ({@link org.gridledger.core.chain.Blockchain}: header and body
 * validation, execution with {@link org.gridledger.core.chain.BlockExecutor}, commitment checks,
 * one atomic commit per block, fork choice by the latest valid block), storing them with their
 * receipts and indexes ({@link org.gridledger.core.chain.BlockStore}: canonical numbers,
 * transaction locations, log bloom aggregates for {@code eth_getLogs}), and the genesis that starts
 * it. Execution-only: no seal is checked here. {@link org.gridledger.core.chain.ImportObserver}
 * lets the node time imports for its metrics without this module depending on a metrics library.
 */
package org.gridledger.core.chain;
