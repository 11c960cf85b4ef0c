package org.gridledger.explorer;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.gridledger.explorer.store.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gridledger-explorer}: index a node into a database and serve the API and web page. */
@Command(
    name = "gridledger-explorer",
    mixinStandardHelpOptions = true,
    description =
        "Indexes the grid contracts' events of a Gridledger node and serves the explorer.")
public final class ExplorerCommand implements Callable<Integer> {
  @Option(
      names = "--rpc",
      defaultValue = "http://127.0.0.1:8545",
      description = "the node's JSON-RPC HTTP URL (default: ${DEFAULT-VALUE})")
  URI rpc;

  @Option(
      names = "--ws",
      description =
          "the node's WebSocket URL for newHeads (default: --rpc with ws://); 'none' polls")
  String ws;

  @Option(
      names = "--db",
      defaultValue = "explorer.db",
      description =
          "SQLite file, a jdbc:sqlite: URL or a jdbc:postgresql://host[:port]/db?user=... URL"
              + " (password from the URL or env "
              + Database.PASSWORD_ENV
              + "; default: ${DEFAULT-VALUE})")
  String db;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "HTTP listen address")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "HTTP port of the API and page (default: ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--from-block",
      defaultValue = "0",
      description = "first block to index on a new database (default: ${DEFAULT-VALUE})")
  long fromBlock;

  @Option(
      names = "--poll-ms",
      defaultValue = "1000",
      description = "how often to ask for the finalized block without a newHeads notification")
  long pollMillis;

  public static void main(String[] args) {
    // Not named logback.xml: the tests' class path also holds the node's, and one name would clash.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "explorer-logback.xml");
    }
    System.exit(new CommandLine(new ExplorerCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Database database;
    try {
      database = db.startsWith("jdbc:") ? new Database(db) : Database.sqlite(Path.of(db));
    } catch (IllegalArgumentException e) {
      System.err.println("gridledger-explorer: --db: " + e.getMessage());
      return 2;
    }
    URI wsUrl =
        "none".equals(ws)
            ? null
            : URI.create(ws != null ? ws : rpc.toString().replaceFirst("^http", "ws"));
    Explorer explorer;
    try {
      explorer = Explorer.start(rpc, wsUrl, database, host, port, fromBlock, pollMillis);
    } catch (org.gridledger.explorer.rpc.RpcException e) {
      System.err.println("gridledger-explorer: cannot use the node: " + e.getMessage());
      return 1;
    }
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  explorer.close();
                  stop.countDown();
                }));
    System.out.println("Explorer on http://" + host + ":" + explorer.port() + "/ indexing " + rpc);
    stop.await();
    return 0;
  }
}
