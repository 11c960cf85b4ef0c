package org.gridledger.app;

import java.util.concurrent.CountDownLatch;

/**
 * Keeps a started node running until the JVM is asked to stop (SIGTERM, SIGINT / Ctrl-C): a
 * shutdown hook closes the node (producer, RPC, RocksDB) before the JVM exits.
 */
final class RunUntilShutdown {
  private RunUntilShutdown() {}

  static int run(NodeAssembly node) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("shutting down ...");
                  try {
                    node.close();
                    System.out.println("gridledger stopped");
                  } finally {
                    System.out.flush();
                    stopped.countDown();
                  }
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
