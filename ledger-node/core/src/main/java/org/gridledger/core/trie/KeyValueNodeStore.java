package org.gridledger.core.trie;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gridledger.core.storage.Column;
import org.gridledger.core.storage.KeyValueStore;
import org.gridledger.evm.types.Hash;

/**
 * Trie nodes in the {@link Column#TRIE_NODES} column of a {@link KeyValueStore} (RocksDB on disk or
 * the in-memory store), keyed by hash. Does not own the store: close the store, not this.
 */
public final class KeyValueNodeStore implements NodeStore {
  private final KeyValueStore storage;
  private final TrieNodeCache nodeCache;

  /** Nodes in {@code storage}, with no decoded nodes kept between tries. */
  public KeyValueNodeStore(KeyValueStore storage) {
    this(storage, null);
  }

  /**
   * Nodes in {@code storage}; tries over this store keep their upper nodes in {@code nodeCache}
   * (null: none), which must serve this storage only.
   */
  public KeyValueNodeStore(KeyValueStore storage, TrieNodeCache nodeCache) {
    this.storage = storage;
    this.nodeCache = nodeCache;
  }

  @Override
  public TrieNodeCache nodeCache() {
    return nodeCache;
  }

  @Override
  public Optional<byte[]> get(Hash hash) {
    return storage.get(Column.TRIE_NODES, hash.unsafeBytes());
  }

  @Override
  public Batch newBatch() {
    return within(storage.newBatch());
  }

  /**
   * A node batch that adds its nodes to {@code batch}, so trie nodes commit atomically with other
   * writes (flat state, code, block data) of the same batch. Commit through the returned batch: it
   * commits {@code batch} and then runs the {@link Batch#onCommit} actions.
   */
  public static StoreBatch within(KeyValueStore.Batch batch) {
    return new StoreBatch(batch);
  }

  /**
   * A node batch over a key-value batch that may carry other writes too; {@link #commit()} commits
   * the key-value batch, then runs the {@link #onCommit} actions.
   */
  public static final class StoreBatch implements Batch {
    private final KeyValueStore.Batch batch;
    private final List<Runnable> afterCommit = new ArrayList<>();

    private StoreBatch(KeyValueStore.Batch batch) {
      this.batch = batch;
    }

    /** The key-value batch, for the writes that go with the nodes. */
    public KeyValueStore.Batch keyValues() {
      return batch;
    }

    @Override
    public void put(Hash hash, byte[] rlp) {
      batch.put(Column.TRIE_NODES, hash.unsafeBytes(), rlp);
    }

    @Override
    public int size() {
      return batch.size();
    }

    @Override
    public void onCommit(Runnable action) {
      afterCommit.add(action);
    }

    @Override
    public void commit() {
      batch.commit();
      afterCommit.forEach(Runnable::run);
      afterCommit.clear();
    }

    @Override
    public void close() {
      afterCommit.clear();
      batch.close();
    }
  }
}
