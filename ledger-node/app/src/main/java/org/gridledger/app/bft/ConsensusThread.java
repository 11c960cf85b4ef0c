package org.gridledger.app.bft;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that runs the {@link org.gridledger.consensus.engine.BftDriver} (it is not
 * thread-safe): peer messages, timers and synced blocks are all handed to it. A task that throws is
 * logged and does not stop the thread.
 *
 * <p>A watchdog reports a task that runs for longer than {@link #STALL_MILLIS}, with the thread's
 * stack, and again when it ends: every height waits behind this thread, and a task stuck in storage
 * (decision 0020: a RocksDB write that never returned) otherwise stops the node without a line in
 * its log.
 */
final class ConsensusThread implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsensusThread.class);

  /** Tasks taking at least this long are logged at debug level (round timing under load). */
  static final long SLOW_TASK_MILLIS = 100;

  /** A task running this long is reported as stuck (a height normally takes about a second). */
  static final long STALL_MILLIS = 10_000;

  private final long stallMillis;
  private final Consumer<String> onStall;
  private volatile Thread thread;

  /** The running task's name and start ({@link System#nanoTime}), or null between tasks. */
  private volatile Running running;

  /** The task the watchdog last reported, so that it reports each one once. */
  private volatile Running reported;

  private record Running(String what, long startedNanos) {}

  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "bft-consensus");
            t.setDaemon(true);
            thread = t;
            return t;
          });

  private final ScheduledExecutorService watchdog =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "bft-watchdog");
            t.setDaemon(true);
            return t;
          });

  ConsensusThread() {
    this(STALL_MILLIS, message -> LOG.warn(message));
  }

  /**
   * @param stallMillis how long a task may run before it is reported
   * @param onStall receives the reports (a stuck task with its stack, then its end)
   */
  ConsensusThread(long stallMillis, Consumer<String> onStall) {
    this.stallMillis = stallMillis;
    this.onStall = onStall;
    long period = Math.max(1, stallMillis / 4);
    watchdog.scheduleAtFixedRate(this::checkStall, period, period, TimeUnit.MILLISECONDS);
  }

  private void checkStall() {
    Running now = running;
    if (now == null || now == reported) {
      return;
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - now.startedNanos());
    if (millis < stallMillis) {
      return;
    }
    reported = now;
    Thread t = thread;
    String stack =
        t == null
            ? "(no thread)"
            : Arrays.stream(t.getStackTrace())
                .map(f -> "\tat " + f)
                .collect(Collectors.joining(System.lineSeparator()));
    onStall.accept(
        "consensus task '"
            + now.what()
            + "' has run for "
            + seconds(millis)
            + "; no height can end until it returns. Its stack:"
            + System.lineSeparator()
            + stack);
  }

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

  private void guarded(String what, Runnable task) {
    long started = System.nanoTime();
    Running current = new Running(what, started);
    running = current;
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.atError().setCause(e).log("consensus task failed: " + what);
    } finally {
      running = null;
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    if (reported == current) {
      onStall.accept("consensus task '" + what + "' returned after " + seconds(millis));
    }
    if (millis >= SLOW_TASK_MILLIS) {
      LOG.atDebug().addKeyValue("millis", millis).log("slow consensus task: " + what);
    }
  }

  private static String seconds(long millis) {
    return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  /** Stops the thread, waiting up to 10 s for a running task. */
  @Override
  public void close() {
    watchdog.shutdownNow();
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
