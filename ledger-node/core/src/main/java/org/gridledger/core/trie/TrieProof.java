package org.gridledger.core.trie;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gridledger.core.trie.TrieNode.Branch;
import org.gridledger.core.trie.TrieNode.Empty;
import org.gridledger.core.trie.TrieNode.Extension;
import org.gridledger.core.trie.TrieNode.HashRef;
import org.gridledger.core.trie.TrieNode.Leaf;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;

/**
 * Checks Merkle proofs made by {@link MerklePatriciaTrie#prove} or returned by {@code eth_getProof}
 * ({@code accountProof}, {@code storageProof[].proof}) against a trusted root hash.
 */
public final class TrieProof {
  private static final byte[] NO_VALUE = new byte[0];

  private TrieProof() {}

  /**
   * Walks {@code key}'s path from {@code root} through the proof nodes, which are looked up by
   * their Keccak-256 hash (order and extra nodes do not matter).
   *
   * @return the value proven for {@code key}, or an empty array if the proof shows the key is
   *     absent (the path ends in an empty slot, a diverging leaf or a diverging extension)
   * @throws InvalidProofException if a node the path needs is not in the proof, or a proof node
   *     does not decode as a trie node
   */
  public static byte[] verify(Hash root, byte[] key, List<byte[]> proof) {
    if (root.equals(Keccak.EMPTY_TRIE)) {
      return NO_VALUE; // the empty trie holds nothing; there is no node to show
    }
    Map<Hash, byte[]> nodes = new HashMap<>();
    for (byte[] rlp : proof) {
      if (rlp == null) {
        throw new InvalidProofException("proof contains a null node");
      }
      nodes.put(Keccak.of(rlp), rlp);
    }
    byte[] path = Nibbles.fromBytes(key);
    int pos = 0;
    TrieNode node = new HashRef(root);
    // Each step consumes at least one nibble or ends, so this terminates.
    while (true) {
      switch (node) {
        case HashRef h -> {
          byte[] rlp = nodes.get(h.hash);
          if (rlp == null) {
            throw new InvalidProofException(
                "proof lacks node " + h.hash + " needed after " + pos + " nibbles of the key");
          }
          try {
            node = NodeCodec.decode(rlp.clone(), h.hash, false);
          } catch (InvalidTrieNodeException e) {
            throw new InvalidProofException(
                "proof node " + h.hash + " is not a trie node: " + e.getMessage(), e);
          }
        }
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
      }
    }
  }
}
