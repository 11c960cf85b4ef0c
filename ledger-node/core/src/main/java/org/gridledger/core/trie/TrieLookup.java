package org.gridledger.core.trie;

import org.gridledger.core.trie.TrieNode.Branch;
import org.gridledger.core.trie.TrieNode.Empty;
import org.gridledger.core.trie.TrieNode.Extension;
import org.gridledger.core.trie.TrieNode.HashRef;
import org.gridledger.core.trie.TrieNode.Leaf;

/**
 * The walk from a root to the value under a key, shared by reads of a trie and by proof
 * verification; they differ only in where a hash-referenced node comes from.
 */
final class TrieLookup {
  static final byte[] NO_VALUE = new byte[0];

  /** Turns a hash reference met on the path into its node, or throws why it cannot. */
  @FunctionalInterface
  interface Resolver {
    TrieNode resolve(HashRef ref, int nibblesConsumed);
  }

  private TrieLookup() {}

  /** The value under {@code key} below {@code root}, or an empty array if there is none. */
  static byte[] get(TrieNode root, byte[] key, Resolver resolver) {
    byte[] path = Nibbles.fromBytes(key);
    int pos = 0;
    TrieNode node = root;
    // Each step consumes at least one nibble or ends, so this terminates.
    while (true) {
      switch (node) {
        case Empty e -> {
          return NO_VALUE;
        }
        case Leaf l -> {
          return Nibbles.equalsRest(l.path, path, pos) ? l.value.clone() : NO_VALUE;
        }
        case Extension x -> {
          if (!Nibbles.startsWith(path, pos, x.path)) {
            return NO_VALUE;
          }
          pos += x.path.length;
          node = x.child;
        }
        case Branch b -> {
          if (pos == path.length) {
            return b.value.clone();
          }
          node = b.children[path[pos++]];
        }
        case HashRef h -> node = resolver.resolve(h, pos);
      }
    }
  }
}
