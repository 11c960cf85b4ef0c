package org.gridledger.core.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A {@link KeyValueStore} that writes batches committed with {@link Batch#commitBehind()} to
 * another store ({@code durable}) on a background thread, in commit order, while readers already
 * see them: such a batch is kept in memory, indexed by key, until the durable store has it
 * (decision 0022). {@link Batch#commit()} writes through: it returns once its batch and every batch
 * before it are in the durable store.
 *
 * <p>Why: storing a final block's post-state (trie nodes and flat state; about 27,000 writes and 5
 * MB for 1,000 {@code createNodeContract} calls) took RocksDB 0.5-2 s of wall time on a loaded
 * devnet, and the next height could start only after it. Written behind, the next proposal is built
 * and checked on the in-memory copy while the write runs.
 *
 * <p><b>Durability.</b> A process killed before a batch committed behind is written loses it and
 * every later batch (at most {@link #MAX_PENDING}), whole and in order; {@link
 * org.gridledger.core.chain.Blockchain} commits only a block's post-state behind, which it rebuilds
 * at the next start by executing the stored block again.
 *
 * <p><b>Failure.</b> If the durable store refuses a batch, every later commit and {@link
 * #awaitWritten()} throws a {@link StorageException} naming the first failure; reads go on (they
 * see what was committed, written or not).
 *
 * <p>Thread-safe. The batch copies the arrays it is given, and readers get copies of what they read
 * from memory.
 */
public final class WriteBehindStore implements KeyValueStore {
  /** Batches committed but not yet written; a further commit waits for the oldest. */
  static final int MAX_PENDING = 2;

  private static final byte[] DELETED = new byte[0];

  private final KeyValueStore durable;
  private final ExecutorService writer;
  private final Object lock = new Object();

  /** Committed batches not yet written, oldest first; replaced, never changed (readers copy it). */
  private volatile List<Pending> pending = List.of();

  private StorageException failure; // guarded by lock
  private boolean closed; // guarded by lock

  /**
   * @param durable the store the batches end up in; closed by {@link #close()}
   */
  public WriteBehindStore(KeyValueStore durable) {
    this.durable = durable;
    this.writer =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread t = new Thread(task, "store-writer");
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public Optional<byte[]> get(Column column, byte[] key) {
    List<Pending> now = pending;
    if (!now.isEmpty()) {
      Key k = new Key(key);
      for (int i = now.size() - 1; i >= 0; i--) {
        byte[] value = now.get(i).lookup(column, k);
        if (value == DELETED) {
          return Optional.empty();
        }
        if (value != null) {
          return Optional.of(value.clone());
        }
      }
    }
    return durable.get(column, key);
  }

  @Override
  public KeyValueStore.Batch newBatch() {
    synchronized (lock) {
      ensureOpen();
    }
    return new Batch();
  }

  /**
   * Waits until every batch committed so far is in the durable store.
   *
   * @throws StorageException if a write failed
   */
  public void awaitWritten() {
    synchronized (lock) {
      boolean interrupted = false;
      while (!pending.isEmpty() && failure == null) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  /** Batches committed and not yet in the durable store. */
  int pendingBatches() {
    return pending.size();
  }

  /**
   * Writes what is pending (unless a write failed), stops the writer and closes the durable store.
   *
   * @throws StorageException if a write failed (the durable store is closed all the same)
   */
  @Override
  public void close() {
    StorageException failed = null;
    synchronized (lock) {
      if (closed) {
        return;
      }
      try {
        awaitWritten();
      } catch (StorageException e) {
        failed = e;
      }
      closed = true;
    }
    writer.shutdown();
    try {
      writer.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    durable.close();
    if (failed != null) {
      throw failed;
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StorageException("store is closed");
    }
  }

  /**
   * Makes {@code batch} visible and hands it to the writer, after the batches before it; with
   * {@code through}, returns once it is written.
   */
  private void enqueue(Pending batch, boolean through) {
    synchronized (lock) {
      boolean interrupted = false;
      while (pending.size() >= MAX_PENDING && failure == null && !closed) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      ensureOpen();
      if (failure != null) {
        throw new StorageException("an earlier write failed: " + failure.getMessage(), failure);
      }
      List<Pending> next = new ArrayList<>(pending.size() + 1);
      next.addAll(pending);
      next.add(batch);
      pending = List.copyOf(next);
      // Submitted under the lock: the writer's queue has the batches in the order readers see.
      writer.execute(() -> write(batch));
    }
    if (through) {
      awaitWritten(batch);
    }
  }

  /** Waits until {@code batch} (and so every batch before it) is written. */
  private void awaitWritten(Pending batch) {
    synchronized (lock) {
      boolean interrupted = false;
      while (pending.contains(batch) && failure == null) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  private void write(Pending batch) {
    try (KeyValueStore.Batch out = durable.newBatch()) {
      for (Op op : batch.ops) {
        switch (op.kind) {
          case PUT -> out.put(op.column, op.key, op.value);
          case DELETE -> out.delete(op.column, op.key);
          case DELETE_PREFIX -> out.deletePrefix(op.column, op.key);
        }
      }
      out.commit();
    } catch (RuntimeException e) {
      synchronized (lock) {
        if (failure == null) {
          failure = new StorageException("cannot write a batch behind: " + e.getMessage(), e);
        }
        lock.notifyAll();
      }
      return;
    }
    synchronized (lock) {
      List<Pending> next = new ArrayList<>(pending);
      next.remove(batch);
      pending = List.copyOf(next);
      lock.notifyAll();
    }
  }

  private enum Kind {
    PUT,
    DELETE,
    DELETE_PREFIX
  }

  /** One write of a batch; {@code key} is the prefix of a {@link Kind#DELETE_PREFIX}. */
  private record Op(Kind kind, Column column, byte[] key, byte[] value) {}

  /** A byte-array key with value equality. */
  private static final class Key {
    private final byte[] bytes;
    private final int hash;

    Key(byte[] bytes) {
      this.bytes = bytes;
      this.hash = Arrays.hashCode(bytes);
    }

    boolean startsWith(byte[] prefix) {
      return bytes.length >= prefix.length
          && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && hash == k.hash && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /**
   * A committed batch: its writes in order (for the durable store) and, per column, the last value
   * of each key it writes ({@link #DELETED} for a delete) and the prefixes it range-deletes. A key
   * that is in {@code latest} was written after every prefix delete covering it (a prefix delete
   * drops the entries it covers), so {@code latest} answers first.
   */
  private static final class Pending {
    private final List<Op> ops;
    private final Map<Column, Map<Key, byte[]>> latest = new EnumMap<>(Column.class);
    private final Map<Column, List<byte[]>> deletedPrefixes = new EnumMap<>(Column.class);

    Pending(List<Op> ops) {
      this.ops = ops;
      for (Op op : ops) {
        Map<Key, byte[]> column = latest.computeIfAbsent(op.column, c -> new HashMap<>());
        switch (op.kind) {
          case PUT -> column.put(new Key(op.key), op.value);
          case DELETE -> column.put(new Key(op.key), DELETED);
          case DELETE_PREFIX -> {
            column.keySet().removeIf(k -> k.startsWith(op.key));
            deletedPrefixes.computeIfAbsent(op.column, c -> new ArrayList<>()).add(op.key);
          }
        }
      }
    }

    /**
     * The value this batch gives {@code key}: null if it does not touch it, or {@link #DELETED}.
     */
    byte[] lookup(Column column, Key key) {
      Map<Key, byte[]> values = latest.get(column);
      byte[] value = values == null ? null : values.get(key);
      if (value != null) {
        return value;
      }
      for (byte[] prefix : deletedPrefixes.getOrDefault(column, List.of())) {
        if (key.startsWith(prefix)) {
          return DELETED;
        }
      }
      return null;
    }
  }

  private final class Batch implements KeyValueStore.Batch {
    private final List<Op> ops = new ArrayList<>();
    private boolean done;

    @Override
    public KeyValueStore.Batch put(Column column, byte[] key, byte[] value) {
      ensureUsable();
      ops.add(new Op(Kind.PUT, column, key.clone(), value.clone()));
      return this;
    }

    @Override
    public KeyValueStore.Batch delete(Column column, byte[] key) {
      ensureUsable();
      ops.add(new Op(Kind.DELETE, column, key.clone(), null));
      return this;
    }

    @Override
    public KeyValueStore.Batch deletePrefix(Column column, byte[] prefix) {
      ensureUsable();
      if (KeyValueStore.prefixEnd(prefix) == null) {
        throw new StorageException("cannot range-delete the all-0xff prefix");
      }
      ops.add(new Op(Kind.DELETE_PREFIX, column, prefix.clone(), null));
      return this;
    }

    @Override
    public int size() {
      return done ? 0 : ops.size();
    }

    @Override
    public void commit() {
      ensureUsable();
      done = true;
      enqueue(new Pending(List.copyOf(ops)), true);
    }

    @Override
    public void commitBehind() {
      ensureUsable();
      done = true;
      enqueue(new Pending(List.copyOf(ops)), false);
    }

    @Override
    public void close() {
      done = true;
    }

    private void ensureUsable() {
      if (done) {
        throw new IllegalStateException("batch already committed or closed");
      }
    }
  }
}
