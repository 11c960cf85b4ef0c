package org.gridledger.app;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a started node running until the JVM is asked to stop (SIGTERM, SIGINT / Ctrl-C): a
 * shutdown hook closes the node (producer, RPC, metrics, RocksDB flushed and closed) and then ends
 * the JVM with status 0, or 1 if closing failed.
 *
 * <p>While it runs, a {@link DataDirectoryWatch} looks at the database directory every {@link
 * #WATCH_MILLIS}; if it was deleted or replaced, the node logs why and stops the same way with
 * status {@link #DATA_DIRECTORY_LOST} rather than go on sealing or accepting blocks that would be
 * gone at its next start.
 *
 * <p>Why the hook halts: a JVM that exits on a signal reports 128 + the signal (143 for SIGTERM)
 * even when its shutdown hooks completed, and service managers count that as a failure. Catching
 * the signal itself would need the internal {@code sun.misc.Signal}; halting at the end of the only
 * hook that matters gives the same result with public API. Nothing else in the process registers a
 * shutdown hook that must run after this one (Logback's console appender writes through, and the
 * node itself is closed here).
 */
final class RunUntilShutdown {
  private static final Logger LOG = LoggerFactory.getLogger(RunUntilShutdown.class);

  /** The exit status of a node that stopped because its data directory went away. */
  static final int DATA_DIRECTORY_LOST = 3;

  /** How often the data directory is looked at. */
  static final long WATCH_MILLIS = 2_000;

  private RunUntilShutdown() {}

  static int run(NodeAssembly node) {
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean stopping = new AtomicBoolean();
    AtomicInteger requestedStatus = new AtomicInteger();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopping.set(true);
                  int status = requestedStatus.get();
                  System.out.println("shutting down ...");
                  LOG.info(status == 0 ? "shutting down on a signal" : "shutting down");
                  try {
                    node.close();
                    System.out.println("gridledger stopped");
                    LOG.info("gridledger stopped cleanly");
                  } catch (RuntimeException | Error e) {
                    status = Math.max(status, 1);
                    LOG.error("error while shutting down", e);
                  } finally {
                    System.out.flush();
                    System.err.flush();
                    stopped.countDown();
                  }
                  Runtime.getRuntime().halt(status);
                },
                "gridledger-shutdown"));
    watchDataDirectory(node, stopping, requestedStatus);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static void watchDataDirectory(
      NodeAssembly node, AtomicBoolean stopping, AtomicInteger requestedStatus) {
    DataDirectoryWatch watch;
    try {
      watch = new DataDirectoryWatch(node.databaseDirectory());
    } catch (IOException e) {
      LOG.warn("cannot watch the data directory " + node.databaseDirectory() + ": " + e);
      return;
    }
    Thread.ofPlatform()
        .daemon()
        .name("data-directory-watch")
        .start(
            () -> {
              while (!stopping.get()) {
                try {
                  Thread.sleep(WATCH_MILLIS);
                } catch (InterruptedException e) {
                  return;
                }
                Optional<String> problem = watch.check();
                if (problem.isPresent() && !stopping.get()) {
                  String why =
                      problem.get()
                          + " while the node was running: stopping, since nothing it wrote"
                          + " since then would survive a restart. Restore the directory from a"
                          + " backup, or start on an empty one (a BFT node then syncs the chain from its peers).";
                  LOG.error(why);
                  System.err.println("error: " + why);
                  requestedStatus.set(DATA_DIRECTORY_LOST);
                  System.exit(DATA_DIRECTORY_LOST); // runs the hook above, which halts
                  return;
                }
              }
            });
  }
}
