/**
 * The world state: accounts, storage and code behind the EVM's {@link
 * org.gridledger.evm.state.StateReader}, hashed into the state root by secure Merkle-Patricia tries
 * and kept in a {@link org.gridledger.core.storage.KeyValueStore} (RocksDB on disk or memory). Trie
 * nodes serve roots and proofs; flat account and storage tables serve reads of the latest state
 * without walking the trie. One commit writes nodes, code and flat entries in one atomic batch.
 */
package org.gridledger.core.state;
