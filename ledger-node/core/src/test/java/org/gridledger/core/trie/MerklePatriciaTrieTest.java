package org.gridledger.core.trie;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.junit.jupiter.api.Test;

class MerklePatriciaTrieTest {
  /**
   * Root of {do: verb, dog: puppy, doge: coin, horse: stallion}, from ethereum/tests
   * TrieTests/trieanyorder.json ("puppy") and trietest.json ("emptyValues").
   */
  private static final Hash PUPPY_ROOT =
      Hash.fromHex("0x5991bb8c6514148a29db676a14ac506cd2cd5775ace63c30a4fe457715e9ac84");

  private static byte[] b(String s) {
    return s.getBytes(US_ASCII);
  }

  private static MerklePatriciaTrie puppy() {
    MerklePatriciaTrie trie = new MerklePatriciaTrie();
    trie.put(b("do"), b("verb"));
    trie.put(b("dog"), b("puppy"));
    trie.put(b("doge"), b("coin"));
    trie.put(b("horse"), b("stallion"));
    return trie;
  }

  @Test
  void emptyTrie() {
    MerklePatriciaTrie trie = new MerklePatriciaTrie();
    assertThat(trie.isEmpty()).isTrue();
    assertThat(trie.rootHash()).isEqualTo(Keccak.EMPTY_TRIE);
    assertThat(trie.get(b("anything"))).isEmpty();
    assertThat(trie.prove(b("anything"))).isEmpty();
    assertThat(trie.firstKey()).isEmpty();
  }

  @Test
  void storesValuesAtBranchesLeavesAndTheRoot() {
    MerklePatriciaTrie trie = puppy();
    assertThat(trie.rootHash()).isEqualTo(PUPPY_ROOT);
    assertThat(trie.get(b("do"))).isEqualTo(b("verb"));
    assertThat(trie.get(b("dog"))).isEqualTo(b("puppy"));
    assertThat(trie.get(b("doge"))).isEqualTo(b("coin"));
    assertThat(trie.get(b("horse"))).isEqualTo(b("stallion"));
    assertThat(trie.get(b("d"))).isEmpty();
    assertThat(trie.get(b("dogs"))).isEmpty();
    assertThat(trie.get(b(""))).isEmpty();

    trie.put(b(""), b("root value"));
    assertThat(trie.get(b(""))).isEqualTo(b("root value"));
    trie.remove(b(""));
    assertThat(trie.rootHash()).isEqualTo(PUPPY_ROOT);
  }

  @Test
  void rootDoesNotDependOnInsertionOrder() {
    List<String> keys = new ArrayList<>(List.of("do", "dog", "doge", "horse"));
    Map<String, String> values = Map.of("do", "verb", "dog", "puppy", "doge", "coin");
    Random random = new Random(1);
    for (int round = 0; round < 20; round++) {
      Collections.shuffle(keys, random);
      MerklePatriciaTrie trie = new MerklePatriciaTrie();
      for (String k : keys) {
        trie.put(b(k), b(values.getOrDefault(k, "stallion")));
      }
      assertThat(trie.rootHash()).isEqualTo(PUPPY_ROOT);
    }
  }

  @Test
  void putOfAnEmptyValueDeletesAndDeletingEverythingEmptiesTheTrie() {
    MerklePatriciaTrie trie = puppy();
    trie.put(b("dog"), new byte[0]);
    assertThat(trie.get(b("dog"))).isEmpty();
    for (String k : List.of("do", "doge", "horse")) {
      trie.remove(b(k));
    }
    assertThat(trie.isEmpty()).isTrue();
    assertThat(trie.rootHash()).isEqualTo(Keccak.EMPTY_TRIE);
  }

  @Test
  void removingAbsentKeysChangesNothing() {
    MerklePatriciaTrie trie = puppy();
    TrieNode before = trie.rootNode();
    for (String k : List.of("", "d", "dogs", "horses", "hor", "x", "doe")) {
      trie.remove(b(k));
    }
    assertThat(trie.rootNode()).isSameAs(before);
    trie.put(b("dog"), b("puppy"));
    assertThat(trie.rootNode()).isSameAs(before);
  }

  @Test
  void callerArraysAreCopied() {
    MerklePatriciaTrie trie = new MerklePatriciaTrie();
    byte[] value = b("value");
    trie.put(b("key"), value);
    value[0] = 'X';
    trie.get(b("key"))[1] = 'X';
    assertThat(trie.get(b("key"))).isEqualTo(b("value"));
  }

  @Test
  void copiesAreIndependent() {
    MerklePatriciaTrie trie = puppy();
    MerklePatriciaTrie copy = trie.copy();
    copy.put(b("cat"), b("meow"));
    copy.remove(b("dog"));
    assertThat(trie.rootHash()).isEqualTo(PUPPY_ROOT);
    assertThat(trie.get(b("cat"))).isEmpty();
    assertThat(copy.get(b("dog"))).isEmpty();
    assertThat(copy.get(b("cat"))).isEqualTo(b("meow"));
  }

  /** Random updates of random-length keys, checked against a sorted map and a rebuilt trie. */
  @Test
  void agreesWithAMapModelAndARebuiltTrie() {
    Random random = new Random(42);
    for (int round = 0; round < 30; round++) {
      MerklePatriciaTrie trie = new MerklePatriciaTrie();
      NavigableMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
      for (int op = 0; op < 300; op++) {
        byte[] key = randomKey(random, model);
        if (random.nextInt(4) == 0) {
          trie.remove(key);
          model.remove(key);
        } else {
          byte[] value = randomBytes(random, 1 + random.nextInt(40));
          trie.put(key, value);
          model.put(key, value);
        }
      }
      for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
        assertThat(trie.get(e.getKey())).isEqualTo(e.getValue());
      }
      assertThat(trie.rootHash()).isEqualTo(build(model).rootHash());
      checkKeyOrder(trie, model, random);
    }
  }

  /** Keys drawn so that prefixes of existing keys and shared prefixes are common. */
  private static byte[] randomKey(Random random, NavigableMap<byte[], byte[]> model) {
    if (!model.isEmpty() && random.nextInt(3) == 0) {
      byte[] existing = new ArrayList<>(model.keySet()).get(random.nextInt(model.size()));
      int len = random.nextInt(existing.length + 3);
      byte[] key = Arrays.copyOf(existing, len);
      for (int i = existing.length; i < len; i++) {
        key[i] = (byte) random.nextInt(3);
      }
      return key;
    }
    byte[] key = new byte[random.nextInt(5)];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (random.nextInt(4) * 0x11);
    }
    return key;
  }

  private static void checkKeyOrder(
      MerklePatriciaTrie trie, NavigableMap<byte[], byte[]> model, Random random) {
    // Walking forwards and backwards visits exactly the model's keys, in order.
    List<byte[]> forwards = new ArrayList<>();
    for (Optional<byte[]> k = trie.firstKey(); k.isPresent(); k = trie.nextKey(k.get())) {
      forwards.add(k.get());
    }
    assertThat(forwards).containsExactlyElementsOf(model.keySet());
    List<byte[]> backwards = new ArrayList<>();
    for (Optional<byte[]> k = trie.lastKey(); k.isPresent(); k = trie.prevKey(k.get())) {
      backwards.add(k.get());
    }
    assertThat(backwards).containsExactlyElementsOf(model.descendingKeySet());
    // Neighbours of keys that are not in the trie.
    for (int i = 0; i < 50; i++) {
      byte[] probe = randomKey(random, model);
      assertThat(trie.nextKey(probe).orElse(null)).isEqualTo(model.higherKey(probe));
      assertThat(trie.prevKey(probe).orElse(null)).isEqualTo(model.lowerKey(probe));
    }
  }

  static MerklePatriciaTrie build(Map<byte[], byte[]> contents) {
    MerklePatriciaTrie trie = new MerklePatriciaTrie();
    contents.forEach(trie::put);
    return trie;
  }

  static byte[] randomBytes(Random random, int n) {
    byte[] out = new byte[n];
    random.nextBytes(out);
    return out;
  }

  @Test
  void commitWritesOnlyNewNodesAndReopensLazily() {
    InMemoryNodeStore store = new InMemoryNodeStore();
    MerklePatriciaTrie trie = new MerklePatriciaTrie(store);
    Random random = new Random(7);
    Map<byte[], byte[]> contents = new TreeMap<>(Arrays::compareUnsigned);
    for (int i = 0; i < 2000; i++) {
      byte[] key = randomBytes(random, 32);
      byte[] value = randomBytes(random, 1 + random.nextInt(64));
      trie.put(key, value);
      contents.put(key, value);
    }
    Hash root = commit(trie, store);
    int afterFirst = store.size();
    assertThat(afterFirst).isGreaterThan(2000);

    // Nothing changed: nothing to write.
    try (NodeStore.Batch batch = store.newBatch()) {
      assertThat(trie.commit(batch)).isEqualTo(root);
      assertThat(batch.size()).isZero();
    }

    // One update rewrites one path: a leaf and the branches above it (depth ~3 for 2000 keys).
    byte[] someKey = contents.keySet().iterator().next();
    trie.put(someKey, b("changed"));
    contents.put(someKey, b("changed"));
    try (NodeStore.Batch batch = store.newBatch()) {
      Hash newRoot = trie.commit(batch);
      assertThat(newRoot).isNotEqualTo(root);
      assertThat(batch.size()).isBetween(2, 6);
      batch.commit();
      root = newRoot;
    }

    MerklePatriciaTrie reopened = new MerklePatriciaTrie(store, root);
    assertThat(reopened.rootNode()).isInstanceOf(TrieNode.HashRef.class);
    assertThat(reopened.rootHash()).isEqualTo(root);
    contents.forEach((k, v) -> assertThat(reopened.get(k)).isEqualTo(v));
    assertThat(reopened.get(randomBytes(random, 32))).isEmpty();
    assertThat(reopened.prove(someKey)).hasSizeGreaterThanOrEqualTo(2);

    // Updates on the lazily loaded trie give the same root as on a trie built in memory.
    MerklePatriciaTrie inMemory = build(contents);
    List<byte[]> keys = new ArrayList<>(contents.keySet());
    for (int i = 0; i < 500; i++) {
      byte[] key = keys.get(random.nextInt(keys.size()));
      if (i % 2 == 0) {
        reopened.remove(key);
        inMemory.remove(key);
      } else {
        byte[] value = randomBytes(random, 8);
        reopened.put(key, value);
        inMemory.put(key, value);
      }
    }
    assertThat(reopened.rootHash()).isEqualTo(inMemory.rootHash());
    Hash updatedRoot = commit(reopened, store);
    MerklePatriciaTrie again = new MerklePatriciaTrie(store, updatedRoot);
    for (byte[] key : keys) {
      assertThat(again.get(key)).isEqualTo(inMemory.get(key));
    }
  }

  @Test
  void nodesOfADiscardedBatchAreWrittenByTheNextCommit() {
    InMemoryNodeStore store = new InMemoryNodeStore();
    MerklePatriciaTrie trie = new MerklePatriciaTrie(store);
    Random random = new Random(8);
    Map<byte[], byte[]> contents = new TreeMap<>(Arrays::compareUnsigned);
    for (int i = 0; i < 200; i++) {
      contents.put(randomBytes(random, 32), randomBytes(random, 40));
    }
    contents.forEach(trie::put);
    int written;
    try (NodeStore.Batch discarded = store.newBatch()) {
      trie.commit(discarded);
      written = discarded.size();
    }
    assertThat(written).isGreaterThan(200);
    assertThat(store.size()).isZero();

    Hash root = commit(trie, store);
    assertThat(store.size()).isEqualTo(written);
    MerklePatriciaTrie reopened = new MerklePatriciaTrie(store, root);
    contents.forEach((k, v) -> assertThat(reopened.get(k)).isEqualTo(v));
  }

  @Test
  void aSmallRootIsStoredUnderItsHash() {
    InMemoryNodeStore store = new InMemoryNodeStore();
    MerklePatriciaTrie trie = new MerklePatriciaTrie(store);
    trie.put(b("a"), b("b"));
    Hash root = commit(trie, store);
    assertThat(store.get(root)).isPresent();
    assertThat(new MerklePatriciaTrie(store, root).get(b("a"))).isEqualTo(b("b"));
  }

  @Test
  void aMissingNodeNamesItsHash() {
    InMemoryNodeStore store = new InMemoryNodeStore();
    MerklePatriciaTrie trie = new MerklePatriciaTrie(store);
    trie.put(b("key"), b("value"));
    Hash root = commit(trie, store);

    Hash unknown = Keccak.of(b("not a node"));
    MerklePatriciaTrie dangling = new MerklePatriciaTrie(store, unknown);
    assertThatThrownBy(() -> dangling.get(b("key")))
        .isInstanceOf(MissingTrieNodeException.class)
        .hasMessageContaining(unknown.toHex())
        .satisfies(e -> assertThat(((MissingTrieNodeException) e).hash()).isEqualTo(unknown));

    MerklePatriciaTrie elsewhere = new MerklePatriciaTrie(new InMemoryNodeStore(), root);
    assertThatThrownBy(() -> elsewhere.put(b("k"), b("v")))
        .isInstanceOf(MissingTrieNodeException.class)
        .hasMessageContaining(root.toHex());
  }

  @Test
  void aCorruptStoredNodeIsReportedWithItsHash() {
    Hash hash = Keccak.of(new byte[] {1});
    NodeStore corrupt =
        new NodeStore() {
          @Override
          public Optional<byte[]> get(Hash h) {
            return Optional.of(new byte[] {(byte) 0xc2, 0x01, 0x02, 0x03});
          }

          @Override
          public Batch newBatch() {
            throw new UnsupportedOperationException();
          }
        };
    assertThatThrownBy(() -> new MerklePatriciaTrie(corrupt, hash).get(b("x")))
        .isInstanceOf(InvalidTrieNodeException.class)
        .hasMessageContaining(hash.toHex());
  }

  @Test
  void secureTrieHashesKeys() {
    SecureTrie secure = new SecureTrie();
    MerklePatriciaTrie plain = new MerklePatriciaTrie();
    for (String k : List.of("do", "dog", "doge", "horse")) {
      secure.put(b(k), b(k + "!"));
      plain.put(Keccak.hash(b(k)), b(k + "!"));
    }
    assertThat(secure.rootHash()).isEqualTo(plain.rootHash());
    assertThat(secure.get(b("dog"))).isEqualTo(b("dog!"));
    secure.remove(b("dog"));
    assertThat(secure.get(b("dog"))).isEmpty();
    assertThat(SecureTrie.verifyProof(secure.rootHash(), b("doge"), secure.prove(b("doge"))))
        .isEqualTo(b("doge!"));
  }

  @Test
  void decodesAndReencodesNodes() {
    MerklePatriciaTrie trie = puppy();
    for (byte[] rlp : trie.prove(b("doge"))) {
      TrieNode node = TrieNode.decode(rlp);
      assertThat(NodeCodec.encoding(node).rlp).isEqualTo(rlp);
      byte[] reencoded =
          switch (node) {
            case TrieNode.Leaf l -> NodeCodec.encode(l);
            case TrieNode.Extension x -> NodeCodec.encode(x);
            case TrieNode.Branch br -> NodeCodec.encode(br);
            default -> throw new AssertionError(node);
          };
      assertThat(reencoded).isEqualTo(rlp);
    }
    assertThatThrownBy(() -> TrieNode.decode(new byte[] {(byte) 0xc1, (byte) 0x80}))
        .isInstanceOf(InvalidTrieNodeException.class)
        .hasMessageContaining("1 items");
  }

  static Hash commit(MerklePatriciaTrie trie, NodeStore store) {
    try (NodeStore.Batch batch = store.newBatch()) {
      Hash root = trie.commit(batch);
      batch.commit();
      return root;
    }
  }
}
