package org.gridledger.core.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Optional;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.HashLinkedListMemTableConfig;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * A {@link KeyValueStore} in a RocksDB database on disk, one column family per {@link Column} (plus
 * RocksDB's mandatory {@code default} family, unused). Missing families are created on open;
 * families on disk that this version does not know are opened and left alone.
 *
 * <p>Batches go through RocksDB's write-ahead log, so a committed batch survives a process crash
 * (it is in the OS page cache); it is not fsynced, so a power failure may lose the latest batches
 * but never part of one.
 *
 * <p>Memory: one LRU block cache for every family, and one write buffer manager bounding the
 * memtables of all families together ({@link #MEMTABLE_BYTES}); without it each of the nine
 * families may hold up to two 64 MiB memtables, which let a node under sustained writes grow past
 * its memory budget (docs/performance.md, "JSON-RPC load"). The bound makes a family flush early;
 * it does not stall writers (decision 0020: RocksDB's stalling variant stopped every write of a
 * loaded devnet for good), so a flush thread starved of CPU lets the memtables run past it for a
 * while.
 *
 * <p>Thread-safe. Close it once, after every user has stopped: RocksDB objects must not be touched
 * after their native memory is freed, and this class only detects use after close, not use during
 * it.
 */
public final class RocksDbStorage implements KeyValueStore {
  private static final long BLOCK_CACHE_BYTES = 64L << 20;

  /** The memtables of all families together; a family flushes early when they reach this. */
  static final long MEMTABLE_BYTES = 64L << 20;

  private static final int BLOOM_BITS_PER_KEY = 10;

  /** A trie node's key: its hash. */
  private static final int TRIE_NODE_KEY_BYTES = 32;

  /** A flat storage slot's key: the account's hashed address, then the slot's hashed key. */
  private static final int SLOT_KEY_BYTES = 64;

  /**
   * Buckets of each hash-indexed memtable: a 2 MiB array per memtable, about as many buckets as
   * entries (of 100-600 bytes) fit under the {@link #MEMTABLE_BYTES} bound.
   */
  private static final int MEMTABLE_BUCKETS = 1 << 18;

  static {
    RocksDbLibrary.load();
  }

  private final Path directory;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions columnOptions;

  /**
   * {@link Column#TRIE_NODES} without compression: a node's RLP is mostly 32-byte hashes, and so is
   * its key. LZ4 shortened the column by 2.3% (77.1 against 78.9 MB of SST files after
   * BlockCpuProbe's 80 blocks) and took 1.5% of a loaded devnet's CPU in flushes and compactions,
   * most of it on this column, the bulk of what a block writes. Its memtable is hash-indexed
   * ({@link #hashIndexedMemtable}).
   */
  private final ColumnFamilyOptions trieNodeOptions;

  /** {@link Column#STORAGE}: the other options with a hash-indexed memtable, as for trie nodes. */
  private final ColumnFamilyOptions storageOptions;

  private final LRUCache blockCache;
  private final WriteBufferManager writeBufferManager;
  private final BloomFilter bloomFilter;
  private final WriteOptions writeOptions;
  private final RocksDB db;
  private final List<ColumnFamilyHandle> allHandles;
  private final EnumMap<Column, ColumnFamilyHandle> handles = new EnumMap<>(Column.class);
  private volatile boolean closed;

  /**
   * Opens (creating if needed) the database in {@code directory}.
   *
   * @throws StorageException if RocksDB cannot open it (locked by another process, corrupt, ...)
   */
  public RocksDbStorage(Path directory) {
    this.directory = directory;
    blockCache = new LRUCache(BLOCK_CACHE_BYTES);
    bloomFilter = new BloomFilter(BLOOM_BITS_PER_KEY);
    columnOptions =
        new ColumnFamilyOptions()
            .setTableFormatConfig(
                new BlockBasedTableConfig().setBlockCache(blockCache).setFilterPolicy(bloomFilter));
    trieNodeOptions =
        hashIndexedMemtable(new ColumnFamilyOptions(columnOptions), TRIE_NODE_KEY_BYTES)
            .setCompressionType(CompressionType.NO_COMPRESSION);
    storageOptions = hashIndexedMemtable(new ColumnFamilyOptions(columnOptions), SLOT_KEY_BYTES);
    // Not charged to the block cache (a cache of capacity 0 is a plain memory bound here). No
    // write stall (the last argument): with it, all five nodes of a devnet under load sat in
    // RocksDB.write for minutes with idle flush threads and the chain stopped (decision 0020).
    // Without it a writer outpacing the flush thread (a starved machine) takes the memtables to
    // about 1.9x the bound before the flushes catch up.
    writeBufferManager = new WriteBufferManager(MEMTABLE_BYTES, new LRUCache(0), false);
    dbOptions =
        new DBOptions()
            .setCreateIfMissing(true)
            .setCreateMissingColumnFamilies(true)
            // No fallocate: RocksDB would otherwise reserve ~64 MiB of disk for every new WAL
            // file and 4 MiB per MANIFEST up front (a node with a few KiB of chain took 68 MiB, and
            // every restart another 64 MiB); the WAL is appended and fsync'd the same without it.
            .setAllowFAllocate(false)
            .setWriteBufferManager(writeBufferManager)
            // Required by the hash-indexed memtables; a batch has one writer anyway.
            .setAllowConcurrentMemtableWrite(false);
    writeOptions = new WriteOptions();
    allHandles = new ArrayList<>();
    RocksDB opened = null;
    try {
      Files.createDirectories(directory);
      List<byte[]> names = new ArrayList<>();
      names.add(RocksDB.DEFAULT_COLUMN_FAMILY);
      for (Column c : Column.values()) {
        names.add(c.familyNameBytes());
      }
      for (byte[] existing : existingFamilies(directory)) {
        if (names.stream().noneMatch(n -> Arrays.equals(n, existing))) {
          names.add(existing);
        }
      }
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      for (byte[] name : names) {
        descriptors.add(new ColumnFamilyDescriptor(name, optionsOf(name)));
      }
      opened = RocksDB.open(dbOptions, directory.toString(), descriptors, allHandles);
      for (Column c : Column.values()) {
        handles.put(c, allHandles.get(1 + c.ordinal()));
      }
    } catch (RocksDBException | java.io.IOException e) {
      closeNative();
      throw new StorageException("cannot open RocksDB database in " + directory + ": " + e, e);
    }
    this.db = opened;
  }

  private ColumnFamilyOptions optionsOf(byte[] familyName) {
    if (Arrays.equals(familyName, Column.TRIE_NODES.familyNameBytes())) {
      return trieNodeOptions;
    }
    return Arrays.equals(familyName, Column.STORAGE.familyNameBytes())
        ? storageOptions
        : columnOptions;
  }

  /**
   * {@code options} with a memtable that finds a key through a hash table rather than a skip list.
   * The trie-node and storage-slot families are only read by whole key (no iterator opens them;
   * range deletes keep their own skip list), and most reads of a block's execution miss the
   * memtables: new slots, nodes from earlier blocks. A skip list of a few hundred thousand keys
   * made each lookup a walk of pointers that mostly missed the CPU's caches: 18% of building a
   * block of reservations ({@code BlockCpuProbe} profiled, decision 0024). The prefix is the whole
   * key (capped, so a shorter key is its own prefix); the flushes sort the memtable instead, on
   * RocksDB's background thread.
   */
  private static ColumnFamilyOptions hashIndexedMemtable(
      ColumnFamilyOptions options, int keyBytes) {
    return options
        .useCappedPrefixExtractor(keyBytes)
        .setMemTableConfig(new HashLinkedListMemTableConfig().setBucketCount(MEMTABLE_BUCKETS));
  }

  private static List<byte[]> existingFamilies(Path directory) throws RocksDBException {
    if (!Files.exists(directory.resolve("CURRENT"))) {
      return List.of();
    }
    try (Options options = new Options()) {
      return RocksDB.listColumnFamilies(options, directory.toString());
    }
  }

  /** Bytes held by the memtables of every family (RocksDB's {@code cur-size-all-mem-tables}). */
  long memTableBytes() {
    ensureOpen();
    long total = 0;
    try {
      for (ColumnFamilyHandle h : allHandles) {
        total += db.getLongProperty(h, "rocksdb.cur-size-all-mem-tables");
      }
    } catch (RocksDBException e) {
      throw new StorageException("cannot read memtable sizes: " + e, e);
    }
    return total;
  }

  /** The database directory. */
  public Path directory() {
    return directory;
  }

  @Override
  public Optional<byte[]> get(Column column, byte[] key) {
    ensureOpen();
    try {
      return Optional.ofNullable(db.get(handles.get(column), key));
    } catch (RocksDBException e) {
      throw new StorageException("cannot read " + column.familyName() + ": " + e, e);
    }
  }

  @Override
  public KeyValueStore.Batch newBatch() {
    ensureOpen();
    return new Batch();
  }

  /**
   * Flushes the memtables of every column family to SST files and fsyncs the write-ahead log, then
   * frees the database. After a clean close the data is on disk (not only in the OS page cache) and
   * the next open has no log to replay. The native handles are freed even if the flush fails; the
   * failure is then thrown.
   *
   * @throws StorageException if the flush fails
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    StorageException failure = null;
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      db.flush(flush, allHandles);
      db.syncWal();
    } catch (RocksDBException e) {
      failure = new StorageException("cannot flush RocksDB before closing: " + e, e);
    }
    closeNative();
    if (failure != null) {
      throw failure;
    }
  }

  private void closeNative() {
    for (ColumnFamilyHandle h : allHandles) {
      h.close();
    }
    if (db != null) {
      db.close();
    }
    writeOptions.close();
    dbOptions.close();
    columnOptions.close();
    trieNodeOptions.close();
    storageOptions.close();
    bloomFilter.close();
    writeBufferManager.close();
    blockCache.close();
  }

  private void ensureOpen() {
    if (closed) {
      throw new StorageException("RocksDB database in " + directory + " is closed");
    }
  }

  private final class Batch implements KeyValueStore.Batch {
    private final WriteBatch batch = new WriteBatch();
    private boolean done;

    @Override
    public Batch put(Column column, byte[] key, byte[] value) {
      ensureUsable();
      try {
        batch.put(handles.get(column), key, value);
      } catch (RocksDBException e) {
        throw new StorageException("cannot add a write to a batch: " + e, e);
      }
      return this;
    }

    @Override
    public Batch delete(Column column, byte[] key) {
      ensureUsable();
      try {
        batch.delete(handles.get(column), key);
      } catch (RocksDBException e) {
        throw new StorageException("cannot add a delete to a batch: " + e, e);
      }
      return this;
    }

    @Override
    public Batch deletePrefix(Column column, byte[] prefix) {
      ensureUsable();
      byte[] end = KeyValueStore.prefixEnd(prefix);
      try {
        if (end == null) {
          throw new StorageException("cannot range-delete the all-0xff prefix");
        }
        batch.deleteRange(handles.get(column), prefix, end);
      } catch (RocksDBException e) {
        throw new StorageException("cannot add a range delete to a batch: " + e, e);
      }
      return this;
    }

    @Override
    public int size() {
      return done ? 0 : batch.count();
    }

    @Override
    public void commit() {
      ensureUsable();
      ensureOpen();
      try {
        db.write(writeOptions, batch);
      } catch (RocksDBException e) {
        throw new StorageException("cannot commit a batch to " + directory + ": " + e, e);
      }
      done = true;
      batch.close();
    }

    @Override
    public void close() {
      if (!done) {
        done = true;
        batch.close();
      }
    }

    private void ensureUsable() {
      if (done) {
        throw new IllegalStateException("batch already committed or closed");
      }
    }
  }
}
