package org.gridledger.rpc;

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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.gridledger.rpc.subscription.SubscriptionManager;

/** A real server on an ephemeral loopback port, with JDK HTTP and WebSocket clients. */
final class ServerFixture implements AutoCloseable {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final Duration WAIT = Duration.ofSeconds(10);

  final SubscriptionManager subscriptions = new SubscriptionManager();
  final RpcServer server;
  final int port;
  final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(WAIT).build();

  ServerFixture(RpcConfig config) {
    server = new RpcServer(config, TestMethods.build(), subscriptions);
    port = server.start();
  }

  ServerFixture() {
    this(TestMethods.config());
  }

  URI httpUri() {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  HttpResponse<String> post(String body) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(httpUri())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(String text) throws IOException {
    return MAPPER.readTree(text);
  }

  WsClient webSocket() throws Exception {
    WsClient client = new WsClient();
    client.socket =
        http.newWebSocketBuilder()
            .connectTimeout(WAIT)
            .buildAsync(URI.create("ws://127.0.0.1:" + port + "/"), client)
            .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    return client;
  }

  @Override
  public void close() {
    server.stop();
  }

  /** Collects whole text messages; records the close status. */
  static final class WsClient implements WebSocket.Listener {
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    WebSocket socket;

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

    void send(String text) throws Exception {
      socket.sendText(text, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** The next message, failing after the wait. */
    JsonNode next() throws Exception {
      String message = messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      if (message == null) {
        throw new AssertionError("no WebSocket message within " + WAIT);
      }
      return json(message);
    }

    /** Sends a request and returns the next message (use only without pending notifications). */
    JsonNode call(String request) throws Exception {
      send(request);
      return next();
    }

    void close() throws Exception {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }
}
