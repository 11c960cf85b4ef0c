package org.gridledger.core.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** An in-memory store that records every read, for tests of what a component reads and when. */
public final class ReadRecordingStore implements KeyValueStore {
  /** One {@link #get}: the column and a copy of the key. */
  public record Read(Column column, byte[] key) {}

  private final InMemoryKeyValueStore inner = new InMemoryKeyValueStore();
  private final List<Read> reads = new ArrayList<>();

  @Override
  public Optional<byte[]> get(Column column, byte[] key) {
    reads.add(new Read(column, key.clone()));
    return inner.get(column, key);
  }

  @Override
  public Batch newBatch() {
    return inner.newBatch();
  }

  @Override
  public void close() {
    inner.close();
  }

  /** The reads so far that match {@code filter}, oldest first. */
  public List<Read> reads(Predicate<Read> filter) {
    return reads.stream().filter(filter).toList();
  }

  /** Forgets the reads so far. */
  public void clearReads() {
    reads.clear();
  }
}
