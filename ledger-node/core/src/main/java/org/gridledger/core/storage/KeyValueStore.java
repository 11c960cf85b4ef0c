package org.gridledger.core.storage;

import java.util.Optional;

/**
 * Byte keys to byte values in named {@link Column}s, with atomic multi-column batches. Safe for
 * concurrent readers and writers; {@link #close()} only once no other thread uses the store.
 */
public interface KeyValueStore extends AutoCloseable {
  /** The value of {@code key} in {@code column}, or empty when absent. */
  Optional<byte[]> get(Column column, byte[] key);

  /** Starts a batch whose writes become visible together, in every column, on commit. */
  Batch newBatch();

  /** Closes the store; later calls throw {@link StorageException}. Idempotent. */
  @Override
  void close();

  /** Writes collected in memory and applied atomically. Use once: commit, then close. */
  interface Batch extends AutoCloseable {
    Batch put(Column column, byte[] key, byte[] value);

    Batch delete(Column column, byte[] key);

    /** Deletes every key of {@code column} that starts with {@code prefix} (a range delete). */
    Batch deletePrefix(Column column, byte[] prefix);

    /** Number of puts and deletes added. */
    int size();

    /** Applies every write atomically: after a crash either all or none are present. */
    void commit();

    /** Releases the batch; writes not committed are discarded. */
    @Override
    void close();
  }

  /**
   * The smallest key greater than every key starting with {@code prefix}, or {@code null} if the
   * prefix is all {@code 0xff} bytes (no such key).
   */
  static byte[] prefixEnd(byte[] prefix) {
    byte[] end = prefix.clone();
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xff) {
        end[i]++;
        return java.util.Arrays.copyOf(end, i + 1);
      }
    }
    return null;
  }
}
