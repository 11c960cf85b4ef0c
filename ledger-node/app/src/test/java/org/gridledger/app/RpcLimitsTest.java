package org.gridledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketFrame;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.gridledger.core.devnet.DevnetGenesis;
import org.gridledger.evm.types.Hex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each RPC limit option, set small on the command line of a devnet in this JVM, then passed over
 * real HTTP or WebSocket: the client gets a JSON-RPC error that says which limit, and the server
 * answers the next call as usual.
 */
class RpcLimitsTest {
  /** Runs forever: JUMPDEST PUSH0 JUMP. */
  private static final String LOOP_CODE = "0x5b5f56";

  /** Returns the gas left at its start: GAS PUSH0 MSTORE PUSH1 32 PUSH0 RETURN. */
  private static final String GAS_LEFT_CODE = "0x5a5f5260205ff3";

  private static final String CONTRACT = "0x00000000000000000000000000000000000000aa";

  private final Path dir = Path.of("target", "rpc-limits-test", Long.toString(System.nanoTime()));
  private NodeAssembly node;
  private NodeClient client;

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  private void start(String... limits) throws Exception {
    List<String> args = new ArrayList<>(List.of("--rpc-port", "0", "--block-time", "3600"));
    args.addAll(List.of(limits));
    node = TestNodes.startDev(dir, args.toArray(String[]::new));
    client = new NodeClient(node.rpcUrl());
  }

  /** The server still answers. */
  private void assertServing() throws Exception {
    assertThat(client.result("eth_chainId", "[]").asText()).isEqualTo("0x539");
  }

  private static void assertError(JsonNode response, int code, String message) {
    assertThat(response.has("error")).as(response.toString()).isTrue();
    assertThat(response.get("error").get("code").asInt()).as(response.toString()).isEqualTo(code);
    assertThat(response.get("error").get("message").asText()).contains(message);
  }

  @Test
  void requestBodyOverTheLimitIsRefusedWith413() throws Exception {
    start("--rpc-max-request-bytes", "1024");
    String padded =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[],\"pad\":\""
            + "x".repeat(1100)
            + "\"}";
    HttpResponse<String> response = client.post(padded);
    assertThat(response.statusCode()).isEqualTo(413);
    assertError(NodeClient.MAPPER.readTree(response.body()), -32005, "content length too large (");
    assertThat(response.body()).contains(">1024");
    assertServing();
  }

  @Test
  void batchLongerThanTheLimitIsRefused() throws Exception {
    start("--rpc-max-batch-length", "3");
    String three =
        "["
            + NodeClient.request(1, "eth_chainId", "[]")
            + ","
            + NodeClient.request(2, "eth_chainId", "[]")
            + ","
            + NodeClient.request(3, "eth_chainId", "[]")
            + "]";
    assertThat(NodeClient.MAPPER.readTree(client.post(three).body())).hasSize(3);
    String four =
        three.substring(0, three.length() - 1)
            + ","
            + NodeClient.request(4, "eth_chainId", "[]")
            + "]";
    JsonNode response = NodeClient.MAPPER.readTree(client.post(four).body());
    assertThat(response).hasSize(1);
    assertError(response.get(0), -32600, "batch too large");
    assertServing();
  }

  @Test
  void batchResponseOverTheLimitCutsTheRestWith32003() throws Exception {
    start("--rpc-max-batch-response-bytes", "300");
    StringBuilder batch = new StringBuilder("[");
    for (int i = 1; i <= 3; i++) {
      batch
          .append(i > 1 ? "," : "")
          .append(NodeClient.request(i, "eth_getBlockByNumber", "[\"0x0\",false]"));
    }
    JsonNode response =
        NodeClient.MAPPER.readTree(client.post(batch.append("]").toString()).body());
    assertThat(response).hasSize(3);
    // The first answer (over 300 bytes on its own) is kept; the calls after it get the error.
    assertThat(response.get(0).get("result").get("number").asText()).isEqualTo("0x0");
    assertError(response.get(1), -32003, "response too large");
    assertError(response.get(2), -32003, "response too large");
    assertServing();
  }

  @Test
  void webSocketMessageOverTheLimitGetsAnErrorAndTheConnectionStays() throws Exception {
    start("--rpc-ws-max-message-bytes", "2048");
    NodeClient.WsClient ws = client.webSocket();
    String big =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[],\"pad\":\""
            + "x".repeat(3000)
            + "\"}";
    assertError(ws.call(big), -32005, "message too large (more than 2048 bytes)");
    assertThat(ws.call(NodeClient.request(2, "eth_chainId", "[]")).get("result").asText())
        .isEqualTo("0x539");
    ws.close();
    assertServing();
  }

  @Test
  void webSocketFrameOverTheLimitClosesWith1009() throws Exception {
    start("--rpc-ws-max-frame-bytes", "4096");
    // The JDK client splits long messages into small frames; Vert.x's client sends one frame.
    Vertx vertx = Vertx.vertx();
    try {
      WebSocketClient wsClient =
          vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1024 * 1024));
      URI uri = URI.create(node.rpcUrl());
      WebSocket socket =
          wsClient
              .connect(uri.getPort(), uri.getHost(), "/")
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      CompletableFuture<Short> closed = new CompletableFuture<>();
      socket.closeHandler(v -> closed.complete(socket.closeStatusCode()));
      socket.writeFrame(WebSocketFrame.textFrame("x".repeat(5000), true));
      assertThat(closed.get(30, TimeUnit.SECONDS)).isEqualTo((short) 1009);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    assertServing();
  }

  @Test
  void subscriptionsPerConnectionOverTheLimitAreRefused() throws Exception {
    start("--rpc-ws-max-subscriptions", "2");
    NodeClient.WsClient ws = client.webSocket();
    for (int i = 1; i <= 2; i++) {
      assertThat(ws.call(NodeClient.request(i, "eth_subscribe", "[\"newHeads\"]")).has("result"))
          .isTrue();
    }
    assertError(ws.call(NodeClient.request(3, "eth_subscribe", "[\"newHeads\"]")), -32005, "2");
    // Another connection has its own allowance.
    NodeClient.WsClient other = client.webSocket();
    assertThat(other.call(NodeClient.request(1, "eth_subscribe", "[\"newHeads\"]")).has("result"))
        .isTrue();
    ws.close();
    other.close();
    assertServing();
  }

  @Test
  void callOverTheTimeoutGetsTimedOut() throws Exception {
    // An endless loop with a large gas allowance runs far longer than the timeout.
    start("--rpc-timeout", "0.5", "--rpc-gas-cap", "2000000000", "--rpc-worker-threads", "2");
    long started = System.nanoTime();
    JsonNode response =
        client.call(
            "eth_call",
            "[{\"to\":\""
                + CONTRACT
                + "\"},\"latest\",{\""
                + CONTRACT
                + "\":{\"code\":\""
                + LOOP_CODE
                + "\"}}]");
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertError(response, -32002, "request timed out");
    assertThat(millis).isGreaterThanOrEqualTo(500);
    assertServing();
  }

  @Test
  void workerThreadsBoundConcurrentCalls() throws Exception {
    // One worker: a cheap call queued behind an endless loop waits past the timeout.
    start("--rpc-worker-threads", "1", "--rpc-timeout", "0.5", "--rpc-gas-cap", "2000000000");
    CompletableFuture<HttpResponse<String>> loop =
        client.http.sendAsync(
            HttpRequest.newBuilder(URI.create(node.rpcUrl()))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        NodeClient.request(
                            1,
                            "eth_call",
                            "[{\"to\":\""
                                + CONTRACT
                                + "\"},\"latest\",{\""
                                + CONTRACT
                                + "\":{\"code\":\""
                                + LOOP_CODE
                                + "\"}}]")))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    // Until the loop holds the only worker a cheap call is answered; from then on it times out.
    JsonNode queued = client.call("eth_chainId", "[]");
    long until = System.nanoTime() + NodeClient.WAIT.toNanos();
    while (queued.has("result") && System.nanoTime() < until) {
      Thread.sleep(50);
      queued = client.call("eth_chainId", "[]");
    }
    assertError(queued, -32002, "request timed out");
    assertError(NodeClient.MAPPER.readTree(loop.get().body()), -32002, "request timed out");
    // Once the loop has used its gas the worker is free again.
    long deadline = System.nanoTime() + NodeClient.WAIT.toNanos();
    JsonNode answer = client.call("eth_chainId", "[]");
    while (!answer.has("result") && System.nanoTime() < deadline) {
      answer = client.call("eth_chainId", "[]");
    }
    assertThat(answer.get("result").asText()).isEqualTo("0x539");
  }

  @Test
  void gasCapBoundsCallsAndEstimates() throws Exception {
    start("--rpc-gas-cap", "30000");
    String override = "{\"" + CONTRACT + "\":{\"code\":\"" + GAS_LEFT_CODE + "\"}}";
    // Asking for more gas than the cap gets the cap: the code sees less than 30,000 gas.
    JsonNode left =
        client.result(
            "eth_call",
            "[{\"to\":\"" + CONTRACT + "\",\"gas\":\"0xf4240\"},\"latest\"," + override + "]");
    long gasLeft = Long.parseLong(left.asText().substring(2), 16);
    assertThat(gasLeft).isLessThan(30_000).isGreaterThan(30_000 - 21_000 - 100);
    JsonNode estimate =
        client.call(
            "eth_estimateGas",
            "[{\"to\":\""
                + CONTRACT
                + "\"},\"latest\",{\""
                + CONTRACT
                + "\":{\"code\":\""
                + LOOP_CODE
                + "\"}}]");
    assertError(estimate, -32000, "gas required exceeds allowance (30000)");
    assertServing();
  }

  @Test
  void getLogsBlockRangeAndResultCountAreBounded() throws Exception {
    start("--rpc-logs-max-block-range", "2", "--rpc-logs-max-results", "2");
    // A creation whose init code logs three times: PUSH0 PUSH0 LOG0, three times, STOP.
    byte[] init = Hex.decode("0x5f5fa05f5fa05f5fa000");
    String raw =
        Hex.encode(NodeClient.create(DevnetGenesis.accountKeys().get(0), 0, init).encode());
    client.result("eth_sendRawTransaction", "[\"" + raw + "\"]");
    for (int i = 0; i < 3; i++) {
      node.producer().orElseThrow().produceBlock();
    }
    assertError(
        client.call("eth_getLogs", "[{\"fromBlock\":\"0x0\",\"toBlock\":\"0x3\"}]"),
        -32602,
        "exceed maximum block range 2");
    assertError(
        client.call("eth_getLogs", "[{\"fromBlock\":\"0x1\",\"toBlock\":\"0x1\"}]"),
        -32005,
        "query returned more than 2 results");
    // Within both limits.
    assertThat(client.result("eth_getLogs", "[{\"fromBlock\":\"0x2\",\"toBlock\":\"0x3\"}]"))
        .isEmpty();
    assertServing();
  }

  @Test
  void filtersAreLimitedInNumberAndExpireWhenNotPolled() throws Exception {
    start("--rpc-max-filters", "2", "--rpc-filter-timeout", "300ms");
    String first = client.result("eth_newBlockFilter", "[]").asText();
    client.result("eth_newBlockFilter", "[]");
    assertError(client.call("eth_newBlockFilter", "[]"), -32005, "too many filters (limit 2)");
    Thread.sleep(700);
    assertError(
        client.call("eth_getFilterChanges", "[\"" + first + "\"]"), -32000, "filter not found");
    // The expired filters freed their places.
    client.result("eth_newBlockFilter", "[]");
    assertServing();
  }
}
