package org.gridledger.core.trie;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gridledger.core.trie.TrieNode.HashRef;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;

/**
 * Checks Merkle proofs made by {@link MerklePatriciaTrie#prove} or returned by {@code eth_getProof}
 * ({@code accountProof}, {@code storageProof[].proof}) against a trusted root hash.
 */
public final class TrieProof {
  private static final byte[] NO_VALUE = TrieLookup.NO_VALUE;

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
    return TrieLookup.get(
        new HashRef(root),
        key,
        (ref, nibbles) -> {
          byte[] rlp = nodes.get(ref.hash);
          if (rlp == null) {
            throw new InvalidProofException(
                "proof lacks node "
                    + ref.hash
                    + " needed after "
                    + nibbles
                    + " nibbles of the key");
          }
          try {
            return NodeCodec.decode(rlp.clone(), ref.hash, false);
          } catch (InvalidTrieNodeException e) {
            throw new InvalidProofException(
                "proof node " + ref.hash + " is not a trie node: " + e.getMessage(), e);
          }
        });
  }
}
