package org.gridledger.app.bft;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.gridledger.core.tx.Transaction;

/**
 * Collects the transactions the pool admits and hands them on in batches: the first one waits
 * {@link #BATCH_MILLIS}, then everything queued by then (up to {@link #MAX_BATCH}) goes out as one
 * list, i.e. one {@code eth} Transactions message per peer instead of one per transaction. Under
 * load of a thousand transactions per second, one message per transaction and peer cost each node
 * thousands of RLPx frames (Snappy, AES, MAC) per second; batching keeps the message count at about
 * 50 per second and peer, for at most {@link #BATCH_MILLIS} more latency.
 */
final class TransactionBatcher implements AutoCloseable {
  static final long BATCH_MILLIS = 20;

  /** 512 transactions of at most a few hundred bytes each stay far below devp2p's 16 MiB. */
  static final int MAX_BATCH = 512;

  private final LinkedBlockingQueue<Transaction> queue = new LinkedBlockingQueue<>();
  private final Consumer<List<Transaction>> send;
  private final Thread thread;
  private volatile boolean closed;

  /**
   * @param send hands one batch to the peers (called on this batcher's own thread)
   */
  TransactionBatcher(Consumer<List<Transaction>> send) {
    this.send = send;
    this.thread = Thread.ofVirtual().name("tx-gossip").start(this::run);
  }

  void add(Transaction tx) {
    if (!closed) {
      queue.add(tx);
    }
  }

  private void run() {
    try {
      while (!closed) {
        Transaction first = queue.take();
        Thread.sleep(BATCH_MILLIS);
        List<Transaction> batch = new ArrayList<>();
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        send.accept(batch);
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    queue.clear();
  }
}
