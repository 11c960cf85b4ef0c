package org.gridledger.core.trie;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.gridledger.evm.types.Hash;

/**
 * A {@link NodeStore} in a hash map, for tests and short-lived tries. A batch is applied under a
 * lock that readers do not take; since nodes are content-addressed, a reader can at worst miss a
 * node of a batch still being applied, never see a wrong one.
 */
public final class InMemoryNodeStore implements NodeStore {
  private final Map<Hash, byte[]> nodes = new ConcurrentHashMap<>();

  @Override
  public Optional<byte[]> get(Hash hash) {
    byte[] rlp = nodes.get(hash);
    return rlp == null ? Optional.empty() : Optional.of(rlp.clone());
  }

  /** Number of nodes held. */
  public int size() {
    return nodes.size();
  }

  @Override
  public Batch newBatch() {
    return new Batch() {
      private Map<Hash, byte[]> pending = new HashMap<>();
      private final List<Runnable> afterCommit = new ArrayList<>();

      @Override
      public void put(Hash hash, byte[] rlp) {
        pendingOrFail().put(hash, rlp.clone());
      }

      @Override
      public int size() {
        return pending == null ? 0 : pending.size();
      }

      @Override
      public void onCommit(Runnable action) {
        pendingOrFail();
        afterCommit.add(action);
      }

      @Override
      public void commit() {
        Map<Hash, byte[]> writes = pendingOrFail();
        synchronized (nodes) {
          nodes.putAll(writes);
        }
        pending = null;
        afterCommit.forEach(Runnable::run);
        afterCommit.clear();
      }

      @Override
      public void close() {
        pending = null;
        afterCommit.clear();
      }

      private Map<Hash, byte[]> pendingOrFail() {
        if (pending == null) {
          throw new IllegalStateException("batch already committed or closed");
        }
        return pending;
      }
    };
  }
}
