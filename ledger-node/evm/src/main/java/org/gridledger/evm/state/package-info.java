/**
 * The seam between the EVM and storage, in revm's manner: the EVM reads accounts, code, storage and
 * block hashes through {@link org.gridledger.evm.state.StateReader}, keeps every change in its own
 * journal, and hands the net result of a transaction back as a change set that {@code core.state}
 * commits and hashes into the state root.
 */
package org.gridledger.evm.state;
