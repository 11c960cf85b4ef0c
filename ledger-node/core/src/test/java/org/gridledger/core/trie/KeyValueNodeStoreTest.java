package org.gridledger.core.trie;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.gridledger.core.storage.RocksDbStorage;
import org.gridledger.evm.types.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyValueNodeStoreTest {
  @TempDir Path dir;

  @Test
  void aTrieWrittenToDiskReopensWithTheSameRootAndValues() {
    Random random = new Random(11);
    Map<byte[], byte[]> contents = new TreeMap<>(Arrays::compareUnsigned);
    for (int i = 0; i < 3000; i++) {
      contents.put(
          MerklePatriciaTrieTest.randomBytes(random, 32),
          MerklePatriciaTrieTest.randomBytes(random, 1 + random.nextInt(100)));
    }
    Hash root;
    try (RocksDbStorage db = new RocksDbStorage(dir)) {
      KeyValueNodeStore store = new KeyValueNodeStore(db);
      MerklePatriciaTrie trie = new MerklePatriciaTrie(store);
      contents.forEach(trie::put);
      root = MerklePatriciaTrieTest.commit(trie, store);
    }
    assertThat(root).isEqualTo(MerklePatriciaTrieTest.build(contents).rootHash());

    byte[] removed = contents.keySet().iterator().next();
    Hash secondRoot;
    try (RocksDbStorage db = new RocksDbStorage(dir)) {
      KeyValueNodeStore store = new KeyValueNodeStore(db);
      MerklePatriciaTrie trie = new MerklePatriciaTrie(store, root);
      assertThat(trie.rootHash()).isEqualTo(root);
      contents.forEach((k, v) -> assertThat(trie.get(k)).isEqualTo(v));

      trie.remove(removed);
      secondRoot = MerklePatriciaTrieTest.commit(trie, store);
    }
    contents.remove(removed);
    assertThat(secondRoot).isEqualTo(MerklePatriciaTrieTest.build(contents).rootHash());

    try (RocksDbStorage db = new RocksDbStorage(dir)) {
      KeyValueNodeStore store = new KeyValueNodeStore(db);
      MerklePatriciaTrie second = new MerklePatriciaTrie(store, secondRoot);
      assertThat(second.get(removed)).isEmpty();
      contents.forEach((k, v) -> assertThat(second.get(k)).isEqualTo(v));
      // The first version is still there: nodes are content-addressed and never overwritten.
      assertThat(new MerklePatriciaTrie(store, root).get(removed)).isNotEmpty();
      // Proofs made from disk verify.
      byte[] key = contents.keySet().iterator().next();
      assertThat(TrieProof.verify(secondRoot, key, second.prove(key))).isEqualTo(contents.get(key));
    }
  }
}
