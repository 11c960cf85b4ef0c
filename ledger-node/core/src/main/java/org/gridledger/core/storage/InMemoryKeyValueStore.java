package org.gridledger.core.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A {@link KeyValueStore} in memory, ordered like RocksDB (unsigned byte order), for tests and
 * throwaway chains. Batches apply under a lock so readers never see half of one.
 */
public final class InMemoryKeyValueStore implements KeyValueStore {
  private final EnumMap<Column, ConcurrentSkipListMap<byte[], byte[]>> columns =
      new EnumMap<>(Column.class);
  private final Object writeLock = new Object();
  private volatile boolean closed;

  public InMemoryKeyValueStore() {
    for (Column c : Column.values()) {
      columns.put(c, new ConcurrentSkipListMap<>(Arrays::compareUnsigned));
    }
  }

  @Override
  public Optional<byte[]> get(Column column, byte[] key) {
    ensureOpen();
    byte[] v = columns.get(column).get(key);
    return Optional.ofNullable(v == null ? null : v.clone());
  }

  @Override
  public Batch newBatch() {
    ensureOpen();
    return new MemoryBatch();
  }

  @Override
  public void close() {
    closed = true;
  }

  private void ensureOpen() {
    if (closed) {
      throw new StorageException("in-memory store is closed");
    }
  }

  private final class MemoryBatch implements Batch {
    private final List<Runnable> writes = new ArrayList<>();
    private boolean done;

    @Override
    public Batch put(Column column, byte[] key, byte[] value) {
      ensureUsable();
      byte[] k = key.clone();
      byte[] v = value.clone();
      writes.add(() -> columns.get(column).put(k, v));
      return this;
    }

    @Override
    public Batch delete(Column column, byte[] key) {
      ensureUsable();
      byte[] k = key.clone();
      writes.add(() -> columns.get(column).remove(k));
      return this;
    }

    @Override
    public Batch deletePrefix(Column column, byte[] prefix) {
      ensureUsable();
      byte[] from = prefix.clone();
      byte[] to = KeyValueStore.prefixEnd(prefix);
      writes.add(
          () -> {
            var map = columns.get(column);
            (to == null ? map.tailMap(from, true) : map.subMap(from, true, to, false)).clear();
          });
      return this;
    }

    @Override
    public int size() {
      return writes.size();
    }

    @Override
    public void commit() {
      ensureUsable();
      ensureOpen();
      synchronized (writeLock) {
        writes.forEach(Runnable::run);
      }
      done = true;
    }

    @Override
    public void close() {
      done = true;
      writes.clear();
    }

    private void ensureUsable() {
      if (done) {
        throw new StorageException("batch already committed or closed");
      }
    }
  }
}
