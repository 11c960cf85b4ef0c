package org.gridledger.core.trie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.gridledger.core.storage.Column;
import org.gridledger.core.storage.InMemoryKeyValueStore;
import org.gridledger.core.storage.ReadRecordingStore;
import org.gridledger.core.trie.TrieNode.Branch;
import org.gridledger.core.trie.TrieNode.Extension;
import org.gridledger.core.trie.TrieNode.HashRef;
import org.gridledger.evm.types.Hash;
import org.junit.jupiter.api.Test;

class TrieNodeCacheTest {
  /** The trie nodes read from {@code store} so far. */
  private static List<Hash> nodeReads(ReadRecordingStore store) {
    return store.reads(r -> r.column() == Column.TRIE_NODES).stream()
        .map(r -> Hash.wrap(r.key()))
        .toList();
  }

  private static Map<byte[], byte[]> randomContents(Random random, int n) {
    Map<byte[], byte[]> contents = new TreeMap<>(Arrays::compareUnsigned);
    for (int i = 0; i < n; i++) {
      contents.put(
          MerklePatriciaTrieTest.randomBytes(random, 32),
          MerklePatriciaTrieTest.randomBytes(random, 1 + random.nextInt(60)));
    }
    return contents;
  }

  /** Hashes of the nodes referenced by hash at most {@code maxDepth} nibbles below the root. */
  private static Set<Hash> upperHashes(MerklePatriciaTrie trie, int maxDepth) {
    Set<Hash> out = new HashSet<>();
    collect(trie, trie.rootNode(), 0, maxDepth, out);
    return out;
  }

  private static void collect(
      MerklePatriciaTrie trie, TrieNode node, int depth, int maxDepth, Set<Hash> out) {
    if (depth > maxDepth || node instanceof TrieNode.Empty || node instanceof HashRef) {
      return;
    }
    NodeEncoding enc = NodeCodec.encoding(node);
    if (enc.hash != null) {
      out.add(enc.hash);
    }
    switch (node) {
      case Branch b -> {
        for (TrieNode child : b.children) {
          collect(trie, child, depth + 1, maxDepth, out);
        }
      }
      case Extension x -> collect(trie, x.child, depth + x.path.length, maxDepth, out);
      default -> {}
    }
  }

  @Test
  void theNextTrieAtACommittedRootReadsNoUpperNodeFromTheStore() {
    Random random = new Random(5);
    Map<byte[], byte[]> contents = randomContents(random, 20_000);
    ReadRecordingStore kv = new ReadRecordingStore();
    TrieNodeCache cache = new TrieNodeCache(1 << 16);
    KeyValueNodeStore store = new KeyValueNodeStore(kv, cache);
    MerklePatriciaTrie first = new MerklePatriciaTrie(store);
    contents.forEach(first::put);
    Hash root = MerklePatriciaTrieTest.commit(first, store);
    Set<Hash> upper = upperHashes(first, TrieNodeCache.MAX_DEPTH);
    assertThat(upper).hasSizeGreaterThan(100);

    // A block on top: opened from the root hash alone, it updates keys all over the trie.
    MerklePatriciaTrie next = new MerklePatriciaTrie(store, root);
    Map<byte[], byte[]> updates = randomContents(random, 300);
    updates.forEach(next::put);
    // Direct-mapped, so an upper node that shares its slot with a later one is read again: few.
    long upperReads = nodeReads(kv).stream().filter(upper::contains).count();
    assertThat(nodeReads(kv)).hasSizeGreaterThan(100);
    assertThat(upperReads).isLessThan(upper.size() / 20);
    assertThat(nodeReads(kv)).doesNotContainAnyElementsOf(upperHashes(first, 1));

    // Without a cache the same walk reads them from the store.
    ReadRecordingStore plainKv = new ReadRecordingStore();
    KeyValueNodeStore plain = new KeyValueNodeStore(plainKv);
    MerklePatriciaTrie copy = new MerklePatriciaTrie(plain);
    contents.forEach(copy::put);
    MerklePatriciaTrieTest.commit(copy, plain);
    MerklePatriciaTrie plainNext = new MerklePatriciaTrie(plain, root);
    updates.forEach(plainNext::put);
    assertThat(nodeReads(plainKv)).containsAll(upperHashes(first, 1));

    contents.putAll(updates);
    assertThat(next.rootHash()).isEqualTo(MerklePatriciaTrieTest.build(contents).rootHash());
    assertThat(plainNext.rootHash()).isEqualTo(next.rootHash());
  }

  @Test
  void keptNodesAreShallowAndOnlyFromTheUpperLevels() {
    Random random = new Random(6);
    TrieNodeCache cache = new TrieNodeCache(1 << 16);
    KeyValueNodeStore store = new KeyValueNodeStore(new InMemoryKeyValueStore(), cache);
    MerklePatriciaTrie trie = new MerklePatriciaTrie(store);
    randomContents(random, 20_000).forEach(trie::put);
    Hash root = MerklePatriciaTrieTest.commit(trie, store);

    TrieNode kept = cache.get(root);
    assertThat(kept).isInstanceOf(Branch.class);
    for (TrieNode child : ((Branch) kept).children) {
      // Children of a committed root are referenced by hash (or embedded), never the resolved
      // subtree the commit wrote.
      assertThat(child instanceof HashRef || NodeCodec.encoding(child).embedded()).isTrue();
    }
    assertThat(NodeCodec.encoding(kept).rlp).isEqualTo(NodeCodec.encoding(trie.rootNode()).rlp);

    Set<Hash> upper = upperHashes(trie, TrieNodeCache.MAX_DEPTH);
    Set<Hash> all = upperHashes(trie, Integer.MAX_VALUE);
    int keptUpper = 0;
    for (Hash h : all) {
      if (cache.get(h) != null) {
        assertThat(upper).contains(h);
        keptUpper++;
      }
    }
    // Direct-mapped: a few upper nodes may share a slot, most are there.
    assertThat(keptUpper).isGreaterThan(upper.size() * 3 / 4);
    assertThat(all.size()).isGreaterThan(upper.size() * 2);
  }

  @Test
  void triesWithAndWithoutTheCacheAgreeThroughManyCommits() {
    Random random = new Random(7);
    TrieNodeCache cache = new TrieNodeCache(1 << 6); // small: slots are shared and replaced
    KeyValueNodeStore cached = new KeyValueNodeStore(new InMemoryKeyValueStore(), cache);
    KeyValueNodeStore plain = new KeyValueNodeStore(new InMemoryKeyValueStore());
    Map<byte[], byte[]> contents = new TreeMap<>(Arrays::compareUnsigned);
    List<byte[]> keys = new ArrayList<>();
    Hash rootA = new MerklePatriciaTrie(cached).rootHash();
    Hash rootB = rootA;
    for (int block = 0; block < 30; block++) {
      MerklePatriciaTrie a = new MerklePatriciaTrie(cached, rootA);
      MerklePatriciaTrie b = new MerklePatriciaTrie(plain, rootB);
      for (int i = 0; i < 60; i++) {
        byte[] key;
        if (!keys.isEmpty() && random.nextInt(3) == 0) {
          key = keys.get(random.nextInt(keys.size()));
        } else {
          key = MerklePatriciaTrieTest.randomBytes(random, 1 + random.nextInt(32));
          keys.add(key);
        }
        byte[] value =
            random.nextInt(4) == 0
                ? new byte[0]
                : MerklePatriciaTrieTest.randomBytes(random, 1 + random.nextInt(40));
        a.put(key, value);
        b.put(key, value);
        if (value.length == 0) {
          contents.remove(key);
        } else {
          contents.put(key, value);
        }
      }
      rootA = MerklePatriciaTrieTest.commit(a, cached);
      rootB = MerklePatriciaTrieTest.commit(b, plain);
      assertThat(rootA).isEqualTo(rootB);
      MerklePatriciaTrie reopened = new MerklePatriciaTrie(cached, rootA);
      for (byte[] key : keys) {
        byte[] expected = contents.getOrDefault(key, new byte[0]);
        assertThat(reopened.get(key)).isEqualTo(expected);
      }
    }
    assertThat(rootA).isEqualTo(MerklePatriciaTrieTest.build(contents).rootHash());
  }

  @Test
  void aBatchClosedWithoutCommittingKeepsNothing() {
    TrieNodeCache cache = new TrieNodeCache(1 << 8);
    KeyValueNodeStore store = new KeyValueNodeStore(new InMemoryKeyValueStore(), cache);
    MerklePatriciaTrie trie = new MerklePatriciaTrie(store);
    randomContents(new Random(8), 200).forEach(trie::put);
    Hash root;
    try (NodeStore.Batch batch = store.newBatch()) {
      root = trie.commit(batch);
    }
    // The nodes never reached the store, so the cache must not pretend they did.
    assertThat(cache.get(root)).isNull();
    assertThatThrownBy(() -> new MerklePatriciaTrie(store, root).get(new byte[32]))
        .isInstanceOf(MissingTrieNodeException.class);
  }

  @Test
  void slotsMustBeAPowerOfTwo() {
    assertThatThrownBy(() -> new TrieNodeCache(100)).hasMessageContaining("power of two");
    assertThatThrownBy(() -> new TrieNodeCache(0)).hasMessageContaining("power of two");
  }
}
