package org.gridledger.core.trie;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.junit.jupiter.api.Test;

class TrieProofTest {

  private static byte[] b(String s) {
    return s.getBytes(US_ASCII);
  }

  private static MerklePatriciaTrie randomTrie(Random random, int size, List<byte[]> keys) {
    MerklePatriciaTrie trie = new MerklePatriciaTrie();
    for (int i = 0; i < size; i++) {
      byte[] key = MerklePatriciaTrieTest.randomBytes(random, 32);
      keys.add(key);
      trie.put(key, MerklePatriciaTrieTest.randomBytes(random, 1 + random.nextInt(80)));
    }
    return trie;
  }

  @Test
  void provesEveryKeyOfARandomTrie() {
    Random random = new Random(3);
    List<byte[]> keys = new ArrayList<>();
    MerklePatriciaTrie trie = randomTrie(random, 1000, keys);
    Hash root = trie.rootHash();
    for (byte[] key : keys) {
      List<byte[]> proof = trie.prove(key);
      assertThat(TrieProof.verify(root, key, proof)).isEqualTo(trie.get(key));
    }
  }

  @Test
  void provesAbsence() {
    Random random = new Random(4);
    List<byte[]> keys = new ArrayList<>();
    MerklePatriciaTrie trie = randomTrie(random, 1000, keys);
    Hash root = trie.rootHash();
    for (int i = 0; i < 200; i++) {
      byte[] absent = MerklePatriciaTrieTest.randomBytes(random, 32);
      assertThat(TrieProof.verify(root, absent, trie.prove(absent))).isEmpty();
    }
    // Keys that share a long prefix with a present key end at a diverging leaf.
    byte[] near = keys.get(0).clone();
    near[31] ^= 1;
    assertThat(TrieProof.verify(root, near, trie.prove(near))).isEmpty();
    // Prefixes and extensions of present keys.
    byte[] prefix = java.util.Arrays.copyOf(keys.get(1), 5);
    assertThat(TrieProof.verify(root, prefix, trie.prove(prefix))).isEmpty();
    byte[] longer = java.util.Arrays.copyOf(keys.get(2), 40);
    assertThat(TrieProof.verify(root, longer, trie.prove(longer))).isEmpty();
  }

  @Test
  void provesValuesAtBranchesAndInEmbeddedNodes() {
    MerklePatriciaTrie trie = new MerklePatriciaTrie();
    for (String k : List.of("do", "dog", "doge", "horse", "a", "ab")) {
      trie.put(b(k), b(k.toUpperCase(java.util.Locale.ROOT)));
    }
    Hash root = trie.rootHash();
    for (String k : List.of("do", "dog", "doge", "horse", "a", "ab")) {
      assertThat(TrieProof.verify(root, b(k), trie.prove(b(k))))
          .isEqualTo(b(k.toUpperCase(java.util.Locale.ROOT)));
    }
    for (String k : List.of("", "d", "dogs", "horses", "abc", "b")) {
      assertThat(TrieProof.verify(root, b(k), trie.prove(b(k)))).isEmpty();
    }
  }

  @Test
  void aTrieWithASmallRootHasAOneNodeProof() {
    MerklePatriciaTrie trie = new MerklePatriciaTrie();
    trie.put(b("k"), b("v"));
    List<byte[]> proof = trie.prove(b("k"));
    assertThat(proof).hasSize(1);
    assertThat(proof.get(0).length).isLessThan(32);
    assertThat(TrieProof.verify(trie.rootHash(), b("k"), proof)).isEqualTo(b("v"));
    assertThat(TrieProof.verify(trie.rootHash(), b("x"), trie.prove(b("x")))).isEmpty();
  }

  @Test
  void theEmptyRootProvesAbsenceWithoutNodes() {
    assertThat(TrieProof.verify(Keccak.EMPTY_TRIE, b("k"), List.of())).isEmpty();
  }

  @Test
  void rejectsTamperedProofs() {
    Random random = new Random(5);
    List<byte[]> keys = new ArrayList<>();
    MerklePatriciaTrie trie = randomTrie(random, 500, keys);
    Hash root = trie.rootHash();
    byte[] key = keys.get(17);
    List<byte[]> proof = trie.prove(key);
    assertThat(proof.size()).isGreaterThanOrEqualTo(3);

    for (int node = 0; node < proof.size(); node++) {
      // Flip one bit of one node: its hash no longer matches the parent's reference.
      List<byte[]> tampered = new ArrayList<>(proof);
      byte[] changed = proof.get(node).clone();
      changed[changed.length - 1] ^= 1;
      tampered.set(node, changed);
      assertThatThrownBy(() -> TrieProof.verify(root, key, tampered))
          .isInstanceOf(InvalidProofException.class)
          .hasMessageContaining("lacks node");

      // Drop one node.
      List<byte[]> shortened = new ArrayList<>(proof);
      shortened.remove(node);
      assertThatThrownBy(() -> TrieProof.verify(root, key, shortened))
          .isInstanceOf(InvalidProofException.class);
    }

    // Another root, and a proof of another trie.
    assertThatThrownBy(() -> TrieProof.verify(Keccak.of(b("other")), key, proof))
        .isInstanceOf(InvalidProofException.class)
        .hasMessageContaining("lacks node");
  }

  @Test
  void rejectsProofNodesThatAreNotTrieNodes() {
    byte[] garbage = {(byte) 0xc3, (byte) 0x80, (byte) 0x80, (byte) 0x80};
    assertThatThrownBy(() -> TrieProof.verify(Keccak.of(garbage), b("k"), List.of(garbage)))
        .isInstanceOf(InvalidProofException.class)
        .hasMessageContaining("not a trie node")
        .hasMessageContaining("3 items");
    byte[] notRlp = {(byte) 0xf8, 0x01};
    assertThatThrownBy(() -> TrieProof.verify(Keccak.of(notRlp), b("k"), List.of(notRlp)))
        .isInstanceOf(InvalidProofException.class)
        .hasMessageContaining("not a trie node");
  }

  @Test
  void proofsFromAStoredTrieEqualProofsFromMemory() {
    Random random = new Random(6);
    List<byte[]> keys = new ArrayList<>();
    MerklePatriciaTrie trie = randomTrie(random, 300, keys);
    InMemoryNodeStore store = new InMemoryNodeStore();
    Hash root = MerklePatriciaTrieTest.commit(trie, store);
    MerklePatriciaTrie stored = new MerklePatriciaTrie(store, root);
    for (byte[] key : keys.subList(0, 50)) {
      assertThat(stored.prove(key)).containsExactlyElementsOf(trie.prove(key));
    }
  }
}
