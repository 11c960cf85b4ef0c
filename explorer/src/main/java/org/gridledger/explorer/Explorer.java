package org.gridledger.explorer;

import java.net.URI;
import org.gridledger.explorer.abi.GridAbi;
import org.gridledger.explorer.api.ApiServer;
import org.gridledger.explorer.indexer.Indexer;
import org.gridledger.explorer.rpc.HeadSubscription;
import org.gridledger.explorer.rpc.JsonRpcClient;
import org.gridledger.explorer.rpc.RpcException;
import org.gridledger.explorer.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running explorer: the database migrated, the indexer following the node (woken by {@code
 * newHeads} over WebSocket when {@code ws} is given and reachable, polling otherwise), and the HTTP
 * server pushing each indexed block to live clients.
 */
public final class Explorer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Explorer.class);

  private final Indexer indexer;
  private final ApiServer api;
  private final HeadSubscription heads;
  private final int port;

  private Explorer(Indexer indexer, ApiServer api, HeadSubscription heads, int port) {
    this.indexer = indexer;
    this.api = api;
    this.heads = heads;
    this.port = port;
  }

  /**
   * Starts everything.
   *
   * @param ws the node's WebSocket URL, or null to poll only
   * @param port HTTP port (0: any free one)
   */
  public static Explorer start(
      URI rpc, URI ws, Database db, String host, int port, long fromBlock, long pollMillis)
      throws Exception {
    db.migrate();
    Indexer indexer =
        new Indexer(
            new JsonRpcClient(rpc),
            db,
            GridAbi.load(),
            fromBlock,
            Indexer.DEFAULT_RANGE,
            pollMillis);
    ApiServer api = new ApiServer(db);
    int actual;
    HeadSubscription heads = null;
    try {
      actual = api.start(host, port);
      indexer.onIndexed(api::blockIndexed);
      indexer.start();
      if (ws != null) {
        try {
          heads = HeadSubscription.open(ws, indexer::wake);
        } catch (RpcException e) {
          LOG.warn("{}; polling every {} ms instead", e.getMessage(), pollMillis);
        }
      }
    } catch (Exception e) {
      indexer.close();
      api.close();
      throw e;
    }
    return new Explorer(indexer, api, heads, actual);
  }

  public int port() {
    return port;
  }

  public Indexer indexer() {
    return indexer;
  }

  @Override
  public void close() {
    if (heads != null) {
      heads.close();
    }
    indexer.close();
    api.close();
  }
}
