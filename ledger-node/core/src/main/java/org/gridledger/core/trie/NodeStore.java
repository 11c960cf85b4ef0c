package org.gridledger.core.trie;

import java.util.Optional;
import org.gridledger.evm.types.Hash;

/**
 * Trie nodes keyed by the Keccak-256 hash of their RLP. Nodes are content-addressed, so a stored
 * node never changes and many tries (every state root, every storage trie) share one store.
 *
 * <p>Implementations are safe for concurrent readers and one writer at a time.
 */
public interface NodeStore {
  /** The RLP of the node with this hash, or empty when the store does not hold it. */
  Optional<byte[]> get(Hash hash);

  /**
   * Decoded upper trie nodes kept across the tries of this store ({@link TrieNodeCache}), or null
   * when the store keeps none.
   */
  default TrieNodeCache nodeCache() {
    return null;
  }

  /** Starts a batch of writes that become visible together on {@link Batch#commit()}. */
  Batch newBatch();

  /** Writes collected in memory and applied atomically. Use once: commit, then close. */
  interface Batch extends AutoCloseable {
    /** Adds a node; {@code hash} must be the Keccak-256 of {@code rlp}. */
    void put(Hash hash, byte[] rlp);

    /** Number of nodes added so far. */
    int size();

    /**
     * Runs {@code action} on the committing thread once {@link #commit()} has succeeded; never if
     * the batch is closed without committing or the commit fails. Lets a trie count its nodes as
     * stored only once they are.
     */
    void onCommit(Runnable action);

    /** Applies every write of the batch atomically. */
    void commit();

    /** Releases the batch; writes not committed are discarded. */
    @Override
    void close();
  }
}
