package org.gridledger.core.trie;

import java.util.concurrent.atomic.AtomicReferenceArray;
import org.gridledger.core.trie.TrieNode.Branch;
import org.gridledger.core.trie.TrieNode.Empty;
import org.gridledger.core.trie.TrieNode.Extension;
import org.gridledger.core.trie.TrieNode.HashRef;
import org.gridledger.core.trie.TrieNode.Leaf;
import org.gridledger.evm.types.Hash;

/**
 * The decoded nodes of the upper levels of every trie in one node store, kept from one block to the
 * next: those reached at most {@link #MAX_DEPTH} nibbles below their trie's root.
 *
 * <p>Why: each block opens the state at its parent's root and walks the changed paths from the root
 * again, and each path starts with the same few thousand branch nodes that the previous block
 * wrote. The store's cache of raw node bytes (since removed, decision 0024) could not keep them: a
 * block of 500 {@code createNodeContract} calls writes some 13,000 nodes, mostly leaves and lowest
 * branches that no later block reads, and they pushed about half the upper nodes out: reading trie
 * nodes back from RocksDB (and decoding them again) took a fifth of building such a block. Here
 * only upper nodes enter, so the leaves cannot push them out, and they are kept decoded.
 *
 * <p>Nodes are kept shallow (children referenced by hash stay {@link HashRef}s), so an entry never
 * holds a subtree that a block resolved below it. Direct-mapped by hash; nodes are immutable and
 * content-addressed, so an entry can never be stale. Thread-safe without locks: entries are
 * published through an atomic array.
 */
public final class TrieNodeCache {
  /**
   * The deepest level kept, in nibbles below the root: levels 0-3 hold at most 4,369 branch nodes
   * per trie, enough for paths to about 65,000 leaves to start in the cache.
   */
  static final int MAX_DEPTH = 3;

  /** A depth for loads whose depth is not known (iteration, proofs): such nodes are not kept. */
  static final int UNKNOWN_DEPTH = Integer.MAX_VALUE;

  private record Entry(Hash hash, TrieNode node) {}

  private final AtomicReferenceArray<Entry> slots;
  private final int mask;

  /**
   * @param slots how many nodes it holds at most, a power of two
   */
  public TrieNodeCache(int slots) {
    if (slots <= 0 || Integer.bitCount(slots) != 1) {
      throw new IllegalArgumentException("slots must be a power of two: " + slots);
    }
    this.slots = new AtomicReferenceArray<>(slots);
    this.mask = slots - 1;
  }

  /** The node with this hash, or null when it is not kept. */
  TrieNode get(Hash hash) {
    Entry e = slots.get(index(hash));
    return e != null && e.hash().equals(hash) ? e.node() : null;
  }

  /** Keeps {@code node}, decoded from the store with hash {@code hash}, if it lies high enough. */
  void loaded(Hash hash, TrieNode node, int depth) {
    if (depth <= MAX_DEPTH) {
      slots.set(index(hash), new Entry(hash, node));
    }
  }

  /**
   * Keeps a node that a commit has just stored at {@code depth}, without the resolved nodes below
   * it; embedded nodes and nodes too deep are left out.
   */
  void written(TrieNode node, int depth) {
    if (depth > MAX_DEPTH) {
      return;
    }
    NodeEncoding enc = NodeCodec.encoding(node);
    if (enc.hash == null || !enc.stored) {
      return;
    }
    TrieNode shallow =
        switch (node) {
          case Leaf l -> l;
          case Extension x -> new Extension(x.path, reference(x.child), enc);
          case Branch b -> {
            TrieNode[] children = new TrieNode[Branch.WIDTH];
            for (int i = 0; i < Branch.WIDTH; i++) {
              children[i] = reference(b.children[i]);
            }
            yield new Branch(children, b.value, enc);
          }
          case Empty e -> null;
          case HashRef h -> null;
        };
    if (shallow != null) {
      slots.set(index(enc.hash), new Entry(enc.hash, shallow));
    }
  }

  /** How a parent refers to {@code child}: by hash, unless it is embedded in the parent's RLP. */
  private static TrieNode reference(TrieNode child) {
    if (child instanceof Empty || child instanceof HashRef) {
      return child;
    }
    NodeEncoding enc = NodeCodec.encoding(child);
    return enc.embedded() ? child : new HashRef(enc.hash);
  }

  /** Slot of a hash: its first four bytes (hashes spread evenly). */
  private int index(Hash hash) {
    byte[] b = hash.unsafeBytes();
    return ((b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff)) & mask;
  }
}
