package org.gridledger.core.storage;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbStorageTest {
  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(US_ASCII);
  }

  /** RocksDB's OPTIONS file of {@code dir}: section name ("[CFOptions \"x\"]") → its lines. */
  private static Map<String, List<String>> optionsSections(Path dir) throws IOException {
    Path file;
    try (Stream<Path> files = Files.list(dir)) {
      file =
          files
              .filter(p -> p.getFileName().toString().startsWith("OPTIONS-"))
              .max(Comparator.naturalOrder())
              .orElseThrow();
    }
    Map<String, List<String>> sections = new HashMap<>();
    List<String> current = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith("[")) {
        current = new ArrayList<>();
        sections.put(line.trim(), current);
      } else {
        current.add(line.trim());
      }
    }
    return sections;
  }

  @Test
  void trieNodesAreStoredUncompressedWithTheSameFilterAndCacheAsTheOtherColumns()
      throws IOException {
    new RocksDbStorage(dir).close();
    var sections = optionsSections(dir);
    var trie = sections.get("[TableOptions/BlockBasedTable \"trie_nodes\"]");
    var headers = sections.get("[TableOptions/BlockBasedTable \"headers\"]");
    assertThat(sections.get("[CFOptions \"trie_nodes\"]")).contains("compression=kNoCompression");
    assertThat(sections.get("[CFOptions \"headers\"]"))
        .doesNotContain("compression=kNoCompression");
    // The copied options keep the Bloom filter and a block cache.
    assertThat(trie).contains("filter_policy=bloomfilter:10:false", "no_block_cache=false");
    assertThat(sections.get("[TableOptions/BlockBasedTable \"storage\"]"))
        .contains("filter_policy=bloomfilter:10:false", "no_block_cache=false");
    assertThat(headers).contains("filter_policy=bloomfilter:10:false", "no_block_cache=false");
  }

  @Test
  void trieNodesAndSlotsHaveHashIndexedMemtablesTheOtherFamiliesSkipLists() throws IOException {
    new RocksDbStorage(dir).close();
    var sections = optionsSections(dir);
    for (String family : List.of("trie_nodes", "storage")) {
      assertThat(sections.get("[CFOptions \"" + family + "\"]"))
          .as(family)
          .anyMatch(
              line ->
                  line.startsWith("memtable_factory={id=HashLinkListRepFactory;")
                      && line.contains("bucket_count=262144;"));
    }
    assertThat(sections.get("[CFOptions \"trie_nodes\"]"))
        .contains("prefix_extractor=rocksdb.CappedPrefix.32");
    assertThat(sections.get("[CFOptions \"storage\"]"))
        .contains("prefix_extractor=rocksdb.CappedPrefix.64");
    for (String family : List.of("headers", "bodies", "receipts", "accounts", "code", "indexes")) {
      assertThat(sections.get("[CFOptions \"" + family + "\"]"))
          .as(family)
          .noneMatch(line -> line.contains("HashLinkListRepFactory"))
          .contains("prefix_extractor=nullptr");
    }
    assertThat(sections.get("[DBOptions]")).contains("allow_concurrent_memtable_write=false");
  }

  /**
   * The hash-indexed families answer every point read as a skip list would: from the memtable and,
   * after reopening, from the files; through deletes, range deletes of an account's slots, and keys
   * shorter or longer than the prefix.
   */
  @Test
  void hashIndexedFamiliesReadEveryKeyBackFromMemtableAndFiles() {
    java.util.Random random = new java.util.Random(3);
    Map<String, byte[]> expected = new HashMap<>(); // column + hex key -> value (null: absent)
    List<Column> columns = List.of(Column.STORAGE, Column.TRIE_NODES);
    List<byte[]> keys = new ArrayList<>();
    byte[] account = new byte[32];
    random.nextBytes(account);
    try (RocksDbStorage db = new RocksDbStorage(dir)) {
      try (KeyValueStore.Batch batch = db.newBatch()) {
        for (int i = 0; i < 3_000; i++) {
          Column column = columns.get(i % 2);
          int length = i % 97 == 0 ? 5 : i % 89 == 0 ? 80 : column == Column.STORAGE ? 64 : 32;
          byte[] key = new byte[length];
          random.nextBytes(key);
          if (column == Column.STORAGE && length == 64 && i % 3 == 0) {
            System.arraycopy(account, 0, key, 0, 32); // a slot of the account deleted below
          }
          byte[] value = new byte[1 + random.nextInt(40)];
          random.nextBytes(value);
          batch.put(column, key, value);
          keys.add(key);
          expected.put(column.ordinal() + HexFormat.of().formatHex(key), value);
        }
        batch.commit();
      }
      try (KeyValueStore.Batch batch = db.newBatch()) {
        for (int i = 0; i < keys.size(); i += 7) {
          Column column = columns.get(i % 2);
          batch.delete(column, keys.get(i));
          expected.put(column.ordinal() + HexFormat.of().formatHex(keys.get(i)), null);
        }
        batch.deletePrefix(Column.STORAGE, account);
        batch.commit();
      }
      for (int i = 0; i < keys.size(); i++) {
        byte[] key = keys.get(i);
        if (i % 2 == 0 && key.length == 64 && Arrays.equals(key, 0, 32, account, 0, 32)) {
          expected.put(Column.STORAGE.ordinal() + HexFormat.of().formatHex(key), null);
        }
      }
      assertReads(db, columns, keys, expected);
    }
    try (RocksDbStorage db = new RocksDbStorage(dir)) { // closing flushed: now from the files
      assertReads(db, columns, keys, expected);
      byte[] absent = new byte[64];
      assertThat(db.get(Column.STORAGE, absent)).isEmpty();
      assertThat(db.get(Column.TRIE_NODES, Arrays.copyOf(absent, 32))).isEmpty();
    }
  }

  /**
   * A database written with skip-list memtables and no prefix extractor (every family's RocksDB
   * defaults, as before the hash-indexed memtables) opens with them and reads the same, from its
   * files and from its write-ahead log.
   */
  @Test
  void aDatabaseWrittenWithSkipListMemtablesOpensAndReadsTheSame() throws Exception {
    RocksDbLibrary.load();
    byte[] slot = new byte[64];
    byte[] node = new byte[32];
    new java.util.Random(5).nextBytes(slot);
    new java.util.Random(6).nextBytes(node);
    List<org.rocksdb.ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(
        new org.rocksdb.ColumnFamilyDescriptor(org.rocksdb.RocksDB.DEFAULT_COLUMN_FAMILY));
    for (Column c : Column.values()) {
      descriptors.add(new org.rocksdb.ColumnFamilyDescriptor(c.familyNameBytes()));
    }
    List<org.rocksdb.ColumnFamilyHandle> handles = new ArrayList<>();
    try (org.rocksdb.DBOptions options =
            new org.rocksdb.DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true);
        org.rocksdb.RocksDB db =
            org.rocksdb.RocksDB.open(options, dir.toString(), descriptors, handles)) {
      var storage = handles.get(1 + Column.STORAGE.ordinal());
      var trie = handles.get(1 + Column.TRIE_NODES.ordinal());
      db.put(storage, slot, b("flushed slot"));
      db.put(trie, node, b("flushed node"));
      try (org.rocksdb.FlushOptions flush = new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
        db.flush(flush, handles);
      }
      slot[63] ^= 1;
      node[31] ^= 1;
      db.put(storage, slot, b("logged slot")); // left in the write-ahead log only
      db.put(trie, node, b("logged node"));
      handles.forEach(org.rocksdb.ColumnFamilyHandle::close);
    }
    try (RocksDbStorage db = new RocksDbStorage(dir)) {
      assertThat(db.get(Column.STORAGE, slot)).contains(b("logged slot"));
      assertThat(db.get(Column.TRIE_NODES, node)).contains(b("logged node"));
      slot[63] ^= 1;
      node[31] ^= 1;
      assertThat(db.get(Column.STORAGE, slot)).contains(b("flushed slot"));
      assertThat(db.get(Column.TRIE_NODES, node)).contains(b("flushed node"));
    }
  }

  private static void assertReads(
      RocksDbStorage db, List<Column> columns, List<byte[]> keys, Map<String, byte[]> expected) {
    int present = 0;
    for (int i = 0; i < keys.size(); i++) {
      Column column = columns.get(i % 2);
      byte[] value = expected.get(column.ordinal() + HexFormat.of().formatHex(keys.get(i)));
      assertThat(db.get(column, keys.get(i)).orElse(null)).as("key %d", i).isEqualTo(value);
      present += value == null ? 0 : 1;
    }
    assertThat(present).isBetween(keys.size() / 2, keys.size() - keys.size() / 7);
  }

  @Test
  void batchesSpanColumnsAndSurviveReopening() {
    try (RocksDbStorage db = new RocksDbStorage(dir)) {
      try (KeyValueStore.Batch batch = db.newBatch()) {
        batch.put(Column.HEADERS, b("k"), b("header"));
        batch.put(Column.CODE, b("k"), b("code"));
        batch.put(Column.INDEXES, b("gone"), b("x"));
        batch.delete(Column.INDEXES, b("gone"));
        assertThat(batch.size()).isEqualTo(4);
        // Not visible before commit.
        assertThat(db.get(Column.HEADERS, b("k"))).isEmpty();
        batch.commit();
      }
      assertThat(db.get(Column.HEADERS, b("k"))).contains(b("header"));
      assertThat(db.get(Column.CODE, b("k"))).contains(b("code"));
      assertThat(db.get(Column.BODIES, b("k"))).isEmpty();
      assertThat(db.get(Column.INDEXES, b("gone"))).isEmpty();
    }
    try (RocksDbStorage db = new RocksDbStorage(dir)) {
      assertThat(db.get(Column.HEADERS, b("k"))).contains(b("header"));
      assertThat(db.get(Column.CODE, b("k"))).contains(b("code"));
      try (KeyValueStore.Batch batch = db.newBatch()) {
        batch.delete(Column.CODE, b("k"));
        batch.commit();
      }
      assertThat(db.get(Column.CODE, b("k"))).isEmpty();
    }
  }

  /**
   * Trie nodes go through a cache in front of RocksDB: what a read returns must stay what RocksDB
   * holds, through uncommitted, committed and closed batches, deletes and range deletes, and a
   * caller changing the array it was given.
   */
  @Test
  void trieNodeReadsAlwaysSeeWhatIsCommitted() {
    byte[] key = new byte[32];
    key[0] = 7;
    byte[] other = key.clone();
    other[31] = 1; // same cache slot (the slot comes from the first bytes), another key
    try (RocksDbStorage db = new RocksDbStorage(dir)) {
      try (KeyValueStore.Batch batch = db.newBatch()) {
        batch.put(Column.TRIE_NODES, key, b("node"));
      } // closed, not committed
      assertThat(db.get(Column.TRIE_NODES, key)).isEmpty();

      db.newBatch().put(Column.TRIE_NODES, key, b("node")).commit();
      byte[] read = db.get(Column.TRIE_NODES, key).orElseThrow();
      assertThat(read).isEqualTo(b("node"));
      read[0] = 'X'; // the cache hands out copies
      assertThat(db.get(Column.TRIE_NODES, key)).contains(b("node"));
      assertThat(db.get(Column.TRIE_NODES, other)).isEmpty();

      db.newBatch().put(Column.TRIE_NODES, other, b("other")).commit();
      assertThat(db.get(Column.TRIE_NODES, other)).contains(b("other"));
      assertThat(db.get(Column.TRIE_NODES, key)).contains(b("node")); // evicted, read from disk

      db.newBatch().delete(Column.TRIE_NODES, other).commit();
      assertThat(db.get(Column.TRIE_NODES, other)).isEmpty();

      db.newBatch().deletePrefix(Column.TRIE_NODES, new byte[] {7}).commit();
      assertThat(db.get(Column.TRIE_NODES, key)).isEmpty();
    }
  }

  @Test
  void aClosedBatchWritesNothing() {
    try (RocksDbStorage db = new RocksDbStorage(dir)) {
      try (KeyValueStore.Batch batch = db.newBatch()) {
        batch.put(Column.RECEIPTS, b("k"), b("v"));
      }
      assertThat(db.get(Column.RECEIPTS, b("k"))).isEmpty();

      KeyValueStore.Batch committed = db.newBatch();
      committed.put(Column.RECEIPTS, b("k"), b("v")).commit();
      assertThatThrownBy(() -> committed.put(Column.RECEIPTS, b("k2"), b("v")))
          .isInstanceOf(IllegalStateException.class);
      committed.close();
    }
  }

  @Test
  void useAfterCloseFailsCleanly() {
    RocksDbStorage db = new RocksDbStorage(dir);
    db.close();
    db.close(); // idempotent
    assertThatThrownBy(() -> db.get(Column.TRIE_NODES, b("k")))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(db::newBatch).isInstanceOf(StorageException.class);
  }

  @Test
  void aLockedDatabaseCannotBeOpenedTwice() {
    try (RocksDbStorage db = new RocksDbStorage(dir)) {
      assertThatThrownBy(() -> new RocksDbStorage(dir))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining(dir.toString());
      assertThat(db.directory()).isEqualTo(dir);
    }
  }

  @Test
  void everyColumnHasItsOwnFamily() {
    assertThat(Column.values())
        .extracting(Column::familyName)
        .doesNotHaveDuplicates()
        .contains("trie_nodes", "headers", "bodies", "receipts")
        .contains("accounts", "storage", "code", "indexes");
  }

  @Test
  void theMemtablesOfAllFamiliesStayWithinOneBound() {
    // 4 families × 40 MiB: each family alone stays under RocksDB's 64 MiB memtable size, so
    // without a shared bound nothing would flush and 160 MiB would sit in memtables.
    Column[] columns = {Column.TRIE_NODES, Column.ACCOUNTS, Column.STORAGE, Column.RECEIPTS};
    java.util.Random random = new java.util.Random(7);
    byte[] value = new byte[4096];
    long peak = 0;
    byte[] lastKey = null;
    try (RocksDbStorage db = new RocksDbStorage(dir)) {
      for (int round = 0; round < 40; round++) {
        for (Column c : columns) {
          try (KeyValueStore.Batch batch = db.newBatch()) {
            for (int i = 0; i < 256; i++) { // 1 MiB per batch
              byte[] key = new byte[32];
              random.nextBytes(key);
              random.nextBytes(value);
              batch.put(c, key, value);
              lastKey = key;
            }
            batch.commit();
          }
          peak = Math.max(peak, db.memTableBytes());
        }
      }
      // Flushes start at 7/8 of the bound; writers are not stalled, so the memtables may run
      // past it while a flush is under way, but never to the 160 MiB of no shared bound.
      assertThat(peak).isLessThanOrEqualTo(RocksDbStorage.MEMTABLE_BYTES * 9 / 4);
      assertThat(db.get(Column.RECEIPTS, lastKey)).hasValue(value);
    }
  }
}
