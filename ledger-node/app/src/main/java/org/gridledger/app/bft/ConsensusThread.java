package org.gridledger.app.bft;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that runs the {@link org.gridledger.consensus.engine.BftDriver} (it is not
 * thread-safe): peer messages, timers and synced blocks are all handed to it. A task that throws is
 * logged and does not stop the thread.
 */
final class ConsensusThread implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsensusThread.class);

  /** Tasks taking at least this long are logged at debug level (round timing under load). */
  static final long SLOW_TASK_MILLIS = 100;

  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "bft-consensus");
            t.setDaemon(true);
            return t;
          });

  /** Runs {@code task} on the consensus thread; dropped when closed. */
  void execute(String what, Runnable task) {
    try {
      executor.execute(() -> guarded(what, task));
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  /** Runs {@code task} on the consensus thread after {@code delayMillis}. */
  void schedule(String what, long delayMillis, Runnable task) {
    try {
      executor.schedule(() -> guarded(what, task), delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  /** Runs {@code task} on the consensus thread; the future completes when it has run. */
  CompletableFuture<Void> submit(String what, Runnable task) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      executor.execute(
          () -> {
            guarded(what, task);
            done.complete(null);
          });
    } catch (RejectedExecutionException e) {
      done.completeExceptionally(e);
    }
    return done;
  }

  private static void guarded(String what, Runnable task) {
    long started = System.nanoTime();
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.atError().setCause(e).log("consensus task failed: " + what);
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    if (millis >= SLOW_TASK_MILLIS) {
      LOG.atDebug().addKeyValue("millis", millis).log("slow consensus task: " + what);
    }
  }

  /** Stops the thread, waiting up to 10 s for a running task. */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
