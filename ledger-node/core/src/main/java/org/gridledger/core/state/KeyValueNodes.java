package org.gridledger.core.state;

import java.util.Optional;
import org.gridledger.core.storage.Column;
import org.gridledger.core.storage.KeyValueStore;
import org.gridledger.core.trie.NodeStore;
import org.gridledger.evm.types.Hash;

/**
 * Trie nodes in the {@link Column#TRIE_NODES} column of any {@link KeyValueStore}, with batches
 * that join a larger atomic batch so nodes commit together with flat state and code.
 */
final class KeyValueNodes implements NodeStore {
  private final KeyValueStore store;

  KeyValueNodes(KeyValueStore store) {
    this.store = store;
  }

  @Override
  public Optional<byte[]> get(Hash hash) {
    return store.get(Column.TRIE_NODES, hash.unsafeBytes());
  }

  @Override
  public Batch newBatch() {
    return within(store.newBatch());
  }

  /** A node batch writing into {@code batch}; committing it commits {@code batch}. */
  static Batch within(KeyValueStore.Batch batch) {
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
