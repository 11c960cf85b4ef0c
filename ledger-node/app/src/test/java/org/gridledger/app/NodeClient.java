package org.gridledger.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.gridledger.app.bft.CertifiedChainBuilder;
import org.gridledger.core.devnet.DevnetGenesis;
import org.gridledger.core.tx.DynamicFeeTransaction;
import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.UInt256;

/** A plain JSON-RPC client over the JDK's HTTP and WebSocket clients, for the app's tests. */
final class NodeClient {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final ObjectMapper MAPPER = new ObjectMapper();

  final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
  final String url;

  NodeClient(String url) {
    this.url = url;
  }

  /** POSTs {@code body} as JSON; returns the raw response. */
  HttpResponse<String> post(String body) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(WAIT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** One call; returns the whole response object. */
  JsonNode call(String method, String paramsJson) throws IOException, InterruptedException {
    return MAPPER.readTree(post(request(1, method, paramsJson)).body());
  }

  /** The {@code result} of one call, failing with the error if there is one. */
  JsonNode result(String method, String paramsJson) throws IOException, InterruptedException {
    JsonNode response = call(method, paramsJson);
    if (!response.has("result")) {
      throw new AssertionError(method + " failed: " + response);
    }
    return response.get("result");
  }

  static String request(int id, String method, String paramsJson) {
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":\""
        + method
        + "\",\"params\":"
        + paramsJson
        + "}";
  }

  /** GET of another URL (the metrics endpoint). */
  HttpResponse<String> get(String other) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(other)).timeout(WAIT).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  WsClient webSocket() {
    WsClient client = new WsClient();
    client.socket =
        http.newWebSocketBuilder().buildAsync(URI.create(url.replace("http", "ws")), client).join();
    return client;
  }

  /** A devnet transfer of {@code value} wei from {@code key}: tip 1 gwei, cap 100 gwei. */
  static Transaction transfer(PrivateKey key, long nonce, Address to, long value) {
    return CertifiedChainBuilder.transfer(key, DevnetGenesis.CHAIN_ID, nonce, to, value);
  }

  /** A contract creation running {@code initCode}, gas 200,000. */
  static Transaction create(PrivateKey key, long nonce, byte[] initCode) {
    return new DynamicFeeTransaction(
            UInt256.of(DevnetGenesis.CHAIN_ID),
            nonce,
            UInt256.of(1_000_000_000L),
            UInt256.of(100_000_000_000L),
            200_000,
            Optional.empty(),
            UInt256.ZERO,
            initCode,
            List.of(),
            0,
            UInt256.ZERO,
            UInt256.ZERO)
        .sign(key);
  }

  /** Collects whole text messages and the close status. */
  static final class WsClient implements WebSocket.Listener {
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    WebSocket socket;

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        messages.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.completeExceptionally(error);
    }

    /** Sends a request and returns the next message. */
    JsonNode call(String request) throws Exception {
      socket.sendText(request, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
      String message = messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      if (message == null) {
        throw new AssertionError("no WebSocket message within " + WAIT);
      }
      return MAPPER.readTree(message);
    }

    void close() throws Exception {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }
}
