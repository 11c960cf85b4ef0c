package org.gridledger.core.trie;

import java.util.Optional;
import org.gridledger.core.storage.Column;
import org.gridledger.core.storage.KeyValueStore;
import org.gridledger.core.storage.RocksDbStorage;
import org.gridledger.evm.types.Hash;

/**
 * Trie nodes in the {@link Column#TRIE_NODES} column of a {@link RocksDbStorage}, keyed by hash.
 * Does not own the storage: close the storage, not this.
 */
public final class RocksDbNodeStore implements NodeStore {
  private final RocksDbStorage storage;

  public RocksDbNodeStore(RocksDbStorage storage) {
    this.storage = storage;
  }

  @Override
  public Optional<byte[]> get(Hash hash) {
    return storage.get(Column.TRIE_NODES, hash.unsafeBytes());
  }

  @Override
  public Batch newBatch() {
    KeyValueStore.Batch batch = storage.newBatch();
    return new Batch() {
      @Override
      public void put(Hash hash, byte[] rlp) {
        batch.put(Column.TRIE_NODES, hash.unsafeBytes(), rlp);
      }

      @Override
      public int size() {
        return batch.size();
      }

      @Override
      public void commit() {
        batch.commit();
      }

      @Override
      public void close() {
        batch.close();
      }
    };
  }
}
