package org.gridledger.core.storage;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteBehindStoreTest {
  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(US_ASCII);
  }

  /**
   * An in-memory store whose batch commits wait for a permit, so a test decides when the writer
   * gets through; it can also be told to refuse commits.
   */
  private static final class GatedStore implements KeyValueStore {
    final InMemoryKeyValueStore inner = new InMemoryKeyValueStore();
    final Semaphore permits = new Semaphore(0);
    volatile boolean refuse;
    volatile int commits;
    volatile boolean closed;

    @Override
    public Optional<byte[]> get(Column column, byte[] key) {
      return inner.get(column, key);
    }

    @Override
    public Batch newBatch() {
      Batch batch = inner.newBatch();
      return new Batch() {
        @Override
        public Batch put(Column column, byte[] key, byte[] value) {
          batch.put(column, key, value);
          return this;
        }

        @Override
        public Batch delete(Column column, byte[] key) {
          batch.delete(column, key);
          return this;
        }

        @Override
        public Batch deletePrefix(Column column, byte[] prefix) {
          batch.deletePrefix(column, prefix);
          return this;
        }

        @Override
        public int size() {
          return batch.size();
        }

        @Override
        public void commit() {
          permits.acquireUninterruptibly();
          if (refuse) {
            throw new StorageException("disk full");
          }
          batch.commit();
          commits++;
        }

        @Override
        public void close() {
          batch.close();
        }
      };
    }

    /** Leaves {@link #inner} open, for the test to read after the store closed. */
    @Override
    public void close() {
      closed = true;
    }
  }

  private static void commit(KeyValueStore store, Consumer<KeyValueStore.Batch> writes) {
    try (KeyValueStore.Batch batch = store.newBatch()) {
      writes.accept(batch);
      batch.commitBehind();
    }
  }

  @Test
  void readersSeeCommittedBatchesBeforeTheyAreWritten() {
    GatedStore durable = new GatedStore();
    commitThrough(durable, Column.STORAGE, "acct1-a", "old a");
    commitThrough(durable, Column.STORAGE, "acct1-b", "old b");
    commitThrough(durable, Column.STORAGE, "acct2-a", "other account");
    commitThrough(durable, Column.CODE, "gone", "code");
    WriteBehindStore store = new WriteBehindStore(durable);
    commit(
        store,
        batch -> {
          batch.put(Column.HEADERS, b("h"), b("header"));
          batch.delete(Column.CODE, b("gone"));
          batch.deletePrefix(Column.STORAGE, b("acct1-"));
          batch.put(Column.STORAGE, b("acct1-b"), b("new b")); // after the wipe: stays
        });
    commit(store, batch -> batch.put(Column.HEADERS, b("h"), b("header 2")));

    assertThat(store.pendingBatches()).isEqualTo(2);
    assertThat(durable.get(Column.HEADERS, b("h"))).isEmpty();
    assertThat(store.get(Column.HEADERS, b("h"))).contains(b("header 2"));
    assertThat(store.get(Column.CODE, b("gone"))).isEmpty();
    assertThat(store.get(Column.STORAGE, b("acct1-a"))).isEmpty();
    assertThat(store.get(Column.STORAGE, b("acct1-b"))).contains(b("new b"));
    assertThat(store.get(Column.STORAGE, b("acct2-a"))).contains(b("other account"));
    assertThat(store.get(Column.HEADERS, b("unknown"))).isEmpty();

    durable.permits.release(2);
    store.awaitWritten();
    assertThat(store.pendingBatches()).isZero();
    assertThat(durable.get(Column.HEADERS, b("h"))).contains(b("header 2"));
    assertThat(durable.get(Column.CODE, b("gone"))).isEmpty();
    assertThat(durable.get(Column.STORAGE, b("acct1-a"))).isEmpty();
    assertThat(durable.get(Column.STORAGE, b("acct1-b"))).contains(b("new b"));
    store.close();
  }

  @Test
  void aPutBeforeAPrefixDeleteInTheSameBatchIsDeleted() {
    GatedStore durable = new GatedStore();
    WriteBehindStore store = new WriteBehindStore(durable);
    commit(
        store,
        batch -> {
          batch.put(Column.STORAGE, b("acct-x"), b("1"));
          batch.deletePrefix(Column.STORAGE, b("acct-"));
        });
    assertThat(store.get(Column.STORAGE, b("acct-x"))).isEmpty();
    durable.permits.release();
    store.close();
    assertThat(durable.inner.get(Column.STORAGE, b("acct-x"))).isEmpty();
  }

  @Test
  void callersCannotChangeWhatWasCommittedOrRead() {
    GatedStore durable = new GatedStore();
    WriteBehindStore store = new WriteBehindStore(durable);
    byte[] key = b("k");
    byte[] value = b("value");
    commit(store, batch -> batch.put(Column.INDEXES, key, value));
    key[0] = 'x';
    value[0] = 'X';
    store.get(Column.INDEXES, b("k")).orElseThrow()[1] = 'Y';
    assertThat(store.get(Column.INDEXES, b("k"))).contains(b("value"));
    durable.permits.release();
    store.close();
    assertThat(durable.inner.get(Column.INDEXES, b("k"))).contains(b("value"));
  }

  @Test
  void aThirdCommitWaitsForTheOldestWrite() throws Exception {
    GatedStore durable = new GatedStore();
    WriteBehindStore store = new WriteBehindStore(durable);
    for (int i = 0; i < WriteBehindStore.MAX_PENDING; i++) {
      String n = Integer.toString(i);
      commit(store, batch -> batch.put(Column.INDEXES, b(n), b(n)));
    }
    CompletableFuture<Void> third =
        CompletableFuture.runAsync(
            () -> commit(store, batch -> batch.put(Column.INDEXES, b("third"), b("3"))));
    assertThatThrownBy(() -> third.get(300, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    durable.permits.release();
    third.get(10, TimeUnit.SECONDS);
    assertThat(store.get(Column.INDEXES, b("third"))).contains(b("3"));
    durable.permits.release(2);
    store.close();
    assertThat(durable.commits).isEqualTo(3);
    assertThat(durable.closed).isTrue();
    assertThat(durable.inner.get(Column.INDEXES, b("third"))).contains(b("3"));
  }

  @Test
  void aFailedWriteFailsLaterCommitsAndTheWait() {
    GatedStore durable = new GatedStore();
    durable.refuse = true;
    WriteBehindStore store = new WriteBehindStore(durable);
    commit(store, batch -> batch.put(Column.INDEXES, b("k"), b("v")));
    durable.permits.release();
    assertThatThrownBy(store::awaitWritten)
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("disk full");
    assertThatThrownBy(() -> commit(store, batch -> batch.put(Column.INDEXES, b("k2"), b("v"))))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("an earlier write failed")
        .hasMessageContaining("disk full");
    // What was committed stays readable.
    assertThat(store.get(Column.INDEXES, b("k"))).contains(b("v"));
    assertThatThrownBy(store::close).hasMessageContaining("disk full");
    assertThatThrownBy(store::newBatch).hasMessageContaining("closed");
  }

  @Test
  void aCommitThroughWaitsForItsWriteAndTheOnesBefore() throws Exception {
    GatedStore durable = new GatedStore();
    WriteBehindStore store = new WriteBehindStore(durable);
    commit(store, batch -> batch.put(Column.TRIE_NODES, b("state"), b("s")));
    CompletableFuture<Void> block =
        CompletableFuture.runAsync(
            () -> {
              try (KeyValueStore.Batch batch = store.newBatch()) {
                batch.put(Column.HEADERS, b("block"), b("b"));
                batch.commit();
              }
            });
    durable.permits.release();
    assertThatThrownBy(() -> block.get(300, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    assertThat(durable.inner.get(Column.TRIE_NODES, b("state"))).contains(b("s"));
    assertThat(durable.inner.get(Column.HEADERS, b("block"))).isEmpty();
    durable.permits.release();
    block.get(10, TimeUnit.SECONDS);
    assertThat(durable.inner.get(Column.HEADERS, b("block"))).contains(b("b"));
    assertThat(store.pendingBatches()).isZero();
    store.close();
  }

  @Test
  void theAllOnesPrefixIsRefusedAtOnce() {
    WriteBehindStore store = new WriteBehindStore(new InMemoryKeyValueStore());
    try (KeyValueStore.Batch batch = store.newBatch()) {
      assertThatThrownBy(() -> batch.deletePrefix(Column.STORAGE, new byte[] {(byte) 0xff}))
          .isInstanceOf(StorageException.class);
    }
    store.close();
  }

  /**
   * Random batches of puts, deletes and prefix deletes over a small key space, committed to the
   * write-behind store (its writer held back at random) and to a plain in-memory store: after every
   * commit every key reads the same from both, and after closing RocksDB holds the same.
   */
  @Test
  void readsMatchAStoreWrittenAtOnce() {
    Random random = new Random(20261126L);
    InMemoryKeyValueStore reference = new InMemoryKeyValueStore();
    GatedStore gated = new GatedStore();
    WriteBehindStore store = new WriteBehindStore(gated);
    Column[] columns = {Column.STORAGE, Column.INDEXES};
    for (int round = 0; round < 300; round++) {
      int writes = 1 + random.nextInt(8);
      long seed = random.nextLong();
      if (store.pendingBatches() >= WriteBehindStore.MAX_PENDING) {
        gated.permits.release(); // else the commit below waits for a write that never comes
      }
      for (KeyValueStore target : new KeyValueStore[] {reference, store}) {
        Random ops = new Random(seed);
        commit(
            target,
            batch -> {
              for (int i = 0; i < writes; i++) {
                Column column = columns[ops.nextInt(columns.length)];
                byte[] key = {(byte) ops.nextInt(4), (byte) ops.nextInt(4)};
                switch (ops.nextInt(6)) {
                  case 0 -> batch.delete(column, key);
                  case 1 -> batch.deletePrefix(column, new byte[] {key[0]});
                  default -> batch.put(column, key, new byte[] {(byte) ops.nextInt(256)});
                }
              }
            });
      }
      if (random.nextBoolean()) {
        gated.permits.release(); // let one more write through, sometimes
      }
      assertSameContents(reference, store, columns);
    }
    gated.permits.release(1000);
    store.awaitWritten();
    assertSameContents(reference, gated.inner, columns);
    store.close();
  }

  @Test
  void overRocksDbEverythingIsOnDiskAfterClose() {
    try (WriteBehindStore store = new WriteBehindStore(new RocksDbStorage(dir))) {
      for (int i = 0; i < 20; i++) {
        String n = Integer.toString(i);
        commit(store, batch -> batch.put(Column.HEADERS, b(n), b("block " + n)));
      }
    }
    try (RocksDbStorage db = new RocksDbStorage(dir)) {
      for (int i = 0; i < 20; i++) {
        assertThat(db.get(Column.HEADERS, b(Integer.toString(i)))).contains(b("block " + i));
      }
    }
  }

  private static void assertSameContents(
      KeyValueStore expected, KeyValueStore actual, Column[] columns) {
    for (Column column : columns) {
      for (int a = 0; a < 4; a++) {
        for (int c = 0; c < 4; c++) {
          byte[] key = {(byte) a, (byte) c};
          Optional<byte[]> want = expected.get(column, key);
          Optional<byte[]> got = actual.get(column, key);
          assertThat(got.isPresent())
              .as("%s %d/%d present", column, a, c)
              .isEqualTo(want.isPresent());
          if (want.isPresent()) {
            assertThat(got.get()).as("%s %d/%d", column, a, c).isEqualTo(want.get());
          }
        }
      }
    }
  }

  private static void commitThrough(GatedStore durable, Column column, String key, String value) {
    commit(durable.inner, batch -> batch.put(column, b(key), b(value)));
  }
}
