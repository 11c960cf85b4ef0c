package org.gridledger.explorer.rpc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code eth_subscribe("newHeads")} over WebSocket: calls {@code onHead} for every message the node
 * pushes. It carries no state: the indexer asks for the finalized block itself, so a lost
 * notification only delays indexing until the next poll.
 */
public final class HeadSubscription implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HeadSubscription.class);

  private final WebSocket socket;

  private HeadSubscription(WebSocket socket) {
    this.socket = socket;
  }

  /**
   * Connects and subscribes.
   *
   * @throws RpcException if the connection cannot be opened within 10 seconds
   */
  public static HeadSubscription open(URI wsUrl, Runnable onHead) {
    WebSocket.Listener listener =
        new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            if (last) {
              onHead.run();
            }
            ws.request(1);
            return null;
          }

          @Override
          public void onError(WebSocket ws, Throwable error) {
            LOG.warn("newHeads subscription failed: {} (polling continues)", error.toString());
          }
        };
    try {
      WebSocket socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .connectTimeout(Duration.ofSeconds(10))
              .buildAsync(wsUrl, listener)
              .get(10, TimeUnit.SECONDS);
      socket.sendText(
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscribe\",\"params\":[\"newHeads\"]}",
          true);
      return new HeadSubscription(socket);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RpcException("interrupted while connecting to " + wsUrl, e);
    } catch (Exception e) {
      throw new RpcException("cannot open " + wsUrl + ": " + e, e);
    }
  }

  @Override
  public void close() {
    socket.abort();
  }
}
