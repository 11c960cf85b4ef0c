package org.gridledger.app;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a started node running until the JVM is asked to stop (SIGTERM, SIGINT / Ctrl-C): a
 * shutdown hook closes the node (producer, RPC, metrics, RocksDB flushed and closed) and then ends
 * the JVM with status 0, or 1 if closing failed.
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

  private RunUntilShutdown() {}

  static int run(NodeAssembly node) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  int status = 0;
                  System.out.println("shutting down ...");
                  LOG.info("shutting down on a signal");
                  try {
                    node.close();
                    System.out.println("gridledger stopped");
                    LOG.info("gridledger stopped cleanly");
                  } catch (RuntimeException | Error e) {
                    status = 1;
                    LOG.error("error while shutting down", e);
                  } finally {
                    System.out.flush();
                    System.err.flush();
                    stopped.countDown();
                  }
                  Runtime.getRuntime().halt(status);
                },
                "gridledger-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
