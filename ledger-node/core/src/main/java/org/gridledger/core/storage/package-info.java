/**
 * Persistent storage: a {@link org.gridledger.core.storage.KeyValueStore} of named {@link
 * org.gridledger.core.storage.Column}s with atomic batches, implemented on RocksDB by {@link
 * org.gridledger.core.storage.RocksDbStorage}. Knows bytes only; the meaning of keys and values
 * belongs to the packages that use each column.
 */
package org.gridledger.core.storage;
