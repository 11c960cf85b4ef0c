package org.gridledger.core.trie;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;

/**
 * Fuzz targets for the trie. Under Surefire they run in regression mode over the seeds in {@code
 * src/test/resources/org/gridledger/core/trie/TrieFuzzTestInputs/<method>/}; to fuzz, run one
 * method with {@code JAZZER_FUZZ=1} (see Jazzer's JUnit docs).
 */
class TrieFuzzTest {

  /**
   * Random puts and removes on the trie and on a sorted map: reads agree after every step, the root
   * equals that of a fresh trie built from the map's final contents, key order agrees, and proofs
   * of present and absent keys verify.
   */
  @FuzzTest(maxDuration = "60s")
  void updatesAgreeWithASortedMap(FuzzedDataProvider data) {
    MerklePatriciaTrie trie = new MerklePatriciaTrie();
    NavigableMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
    List<byte[]> used = new ArrayList<>();
    int ops = data.consumeInt(0, 300);
    for (int i = 0; i < ops && data.remainingBytes() > 0; i++) {
      byte[] key = nextKey(data, used);
      if (data.consumeInt(0, 3) == 0) {
        trie.remove(key);
        model.remove(key);
      } else {
        byte[] value = data.consumeBytes(data.consumeInt(0, 48));
        trie.put(key, value);
        if (value.length == 0) {
          model.remove(key);
        } else {
          model.put(key, value);
        }
      }
      byte[] expected = model.get(key);
      assertThat(trie.get(key)).isEqualTo(expected == null ? new byte[0] : expected);
    }
    for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
      assertThat(trie.get(e.getKey())).isEqualTo(e.getValue());
    }
    Hash root = trie.rootHash();
    assertThat(root).isEqualTo(MerklePatriciaTrieTest.build(model).rootHash());

    byte[] probe = data.consumeBytes(data.consumeInt(0, 8));
    byte[] expected = model.getOrDefault(probe, new byte[0]);
    assertThat(TrieProof.verify(root, probe, trie.prove(probe))).isEqualTo(expected);
    assertThat(trie.nextKey(probe).orElse(null)).isEqualTo(model.higherKey(probe));
    assertThat(trie.prevKey(probe).orElse(null)).isEqualTo(model.lowerKey(probe));
    if (!model.isEmpty()) {
      byte[] present = used.get(data.consumeInt(0, used.size() - 1));
      byte[] value = model.getOrDefault(present, new byte[0]);
      assertThat(TrieProof.verify(root, present, trie.prove(present))).isEqualTo(value);
    }
  }

  /** Short keys over a small alphabet, often derived from earlier keys, so paths collide. */
  private static byte[] nextKey(FuzzedDataProvider data, List<byte[]> used) {
    byte[] key;
    if (!used.isEmpty() && data.consumeBoolean()) {
      byte[] earlier = used.get(data.consumeInt(0, used.size() - 1));
      key = Arrays.copyOf(earlier, data.consumeInt(0, earlier.length + 2));
      for (int i = earlier.length; i < key.length; i++) {
        key[i] = data.consumeByte();
      }
    } else {
      key = data.consumeBytes(data.consumeInt(0, 6));
    }
    used.add(key);
    return key;
  }

  /**
   * Proofs made of random bytes, or of a real proof with bytes changed: the verifier returns a
   * value or throws {@link InvalidProofException}, nothing else.
   */
  @FuzzTest(maxDuration = "60s")
  void verifierOnlyReturnsOrRejects(FuzzedDataProvider data) {
    List<byte[]> proof = new ArrayList<>();
    byte[] key;
    Hash root;
    if (data.consumeBoolean()) {
      MerklePatriciaTrie trie = new MerklePatriciaTrie();
      int entries = data.consumeInt(1, 40);
      for (int i = 0; i < entries; i++) {
        trie.put(
            data.consumeBytes(data.consumeInt(0, 4)), data.consumeBytes(data.consumeInt(1, 40)));
      }
      key = data.consumeBytes(data.consumeInt(0, 4));
      root = trie.rootHash();
      for (byte[] node : trie.prove(key)) {
        int edits = data.consumeInt(0, 2);
        for (int e = 0; e < edits && node.length > 0; e++) {
          node[data.consumeInt(0, node.length - 1)] = data.consumeByte();
        }
        proof.add(node);
      }
      if (!proof.isEmpty() && data.consumeBoolean()) {
        root = Keccak.of(proof.get(0)); // follow the edited root node further down
      }
    } else {
      int nodes = data.consumeInt(0, 5);
      for (int i = 0; i < nodes; i++) {
        proof.add(data.consumeBytes(data.consumeInt(0, 600)));
      }
      key = data.consumeBytes(data.consumeInt(0, 40));
      root =
          proof.isEmpty() || data.consumeBoolean()
              ? Hash.wrap(Arrays.copyOf(data.consumeBytes(32), 32))
              : Keccak.of(proof.get(0));
    }
    try {
      byte[] value = TrieProof.verify(root, key, proof);
      assertThat(value).isNotNull();
    } catch (InvalidProofException expected) {
      assertThat(expected).hasMessageNotContaining("null");
    }
  }
}
