/**
 * The seam between the EVM and storage, in revm's manner: the EVM reads accounts, code, storage and
 * block hashes through {@link org.gridledger.evm.state.StateReader}, keeps every change of a block
 * in a {@link org.gridledger.evm.state.JournaledState} (with a journal for reverts and the
 * per-transaction warm sets, transient storage, logs and original values), and hands the net result
 * of each transaction back as {@link org.gridledger.evm.state.StateChanges} that {@code core.state}
 * commits and hashes into the state root. {@link org.gridledger.evm.state.InMemoryState} is a
 * map-backed reader for tests and tools.
 */
package org.gridledger.evm.state;
