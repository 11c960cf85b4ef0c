package org.gridledger.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketFrame;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.rpc.ServerFixture.WsClient;
import org.gridledger.rpc.subscription.SubscriptionKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** JSON-RPC and subscriptions over a real WebSocket (the JDK client). */
class RpcServerWebSocketTest {
  private static final String SUBSCRIPTION_ID = "0x[1-9a-f][0-9a-f]{0,31}|0x0";

  private ServerFixture fixture;

  @BeforeEach
  void start() {
    fixture =
        new ServerFixture(
            TestMethods.config()
                .withMaxSubscriptionsPerConnection(3)
                .withMaxWsMessageBytes(64 * 1024)
                .withMaxWsFrameBytes(256 * 1024));
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private static String subscribe(WsClient client, String params) throws Exception {
    JsonNode response =
        client.call(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscribe\",\"params\":"
                + params
                + "}");
    assertThat(response.has("result")).as(response.toString()).isTrue();
    String id = response.get("result").asText();
    assertThat(id).matches(SUBSCRIPTION_ID);
    return id;
  }

  /** Polls until the manager reaches {@code expected} (connection cleanup is asynchronous). */
  private void awaitSubscriptionCount(int expected) throws InterruptedException {
    long deadline = System.nanoTime() + ServerFixture.WAIT.toNanos();
    while (fixture.subscriptions.count() != expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(fixture.subscriptions.count()).isEqualTo(expected);
  }

  @Test
  void callsAndBatches() throws Exception {
    WsClient client = fixture.webSocket();
    assertThat(
            client.call("{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"eth_chainId\"}").toString())
        .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"result\":\"0x539\"}");
    JsonNode batch =
        client.call(
            "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"net_version\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"net_peerCount\"}]");
    assertThat(batch.get(0).get("result").asText()).isEqualTo("4242");
    assertThat(batch.get(1).get("result").asText()).isEqualTo("0x0");
    assertThat(client.call("{oops").at("/error/code").asInt()).isEqualTo(-32700);
    // The connection survives a parse error.
    assertThat(
            client
                .call("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"net_listening\"}")
                .get("result")
                .asBoolean())
        .isTrue();
    client.close();
  }

  @Test
  void newHeadsNotificationArrivesAfterTheSubscriptionId() throws Exception {
    WsClient client = fixture.webSocket();
    String id = subscribe(client, "[\"newHeads\"]");
    assertThat(fixture.subscriptions.count(SubscriptionKind.NEW_HEADS)).isEqualTo(1);

    ObjectNode header = JsonNodeFactory.instance.objectNode();
    header.put("number", "0x1b4");
    header.put("hash", "0x" + "ab".repeat(32));
    assertThat(fixture.subscriptions.publish(SubscriptionKind.NEW_HEADS, header)).isEqualTo(1);

    JsonNode notification = client.next();
    assertThat(notification.toString())
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\",\"params\":{\"subscription\":\""
                + id
                + "\",\"result\":{\"number\":\"0x1b4\",\"hash\":\"0x"
                + "ab".repeat(32)
                + "\"}}}");
    client.close();
  }

  @Test
  void notificationsPublishedDuringSubscribeWaitForTheResponse() throws Exception {
    WsClient client = fixture.webSocket();
    AtomicBoolean publishing = new AtomicBoolean(true);
    Thread publisher =
        Thread.ofPlatform()
            .start(
                () -> {
                  long n = 0;
                  while (publishing.get()) {
                    fixture.subscriptions.publish(
                        SubscriptionKind.NEW_HEADS, JsonNodeFactory.instance.numberNode(n++));
                  }
                });
    try {
      client.send(
          "{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"eth_subscribe\",\"params\":[\"newHeads\"]}");
      JsonNode first = client.next();
      assertThat(first.get("id").asInt()).as(first.toString()).isEqualTo(42);
      String id = first.get("result").asText();
      long previous = -1;
      for (int i = 0; i < 20; i++) {
        JsonNode notification = client.next();
        assertThat(notification.at("/params/subscription").asText()).isEqualTo(id);
        long n = notification.at("/params/result").asLong();
        assertThat(n).isGreaterThan(previous);
        previous = n;
      }
    } finally {
      publishing.set(false);
      publisher.join();
    }
    client.socket.abort();
  }

  @Test
  void clientThatStopsReadingIsDisconnected() throws Exception {
    // A raw socket that completes the handshake, subscribes and then never reads again.
    try (Socket raw = new Socket()) {
      raw.setReceiveBufferSize(4096);
      raw.connect(new InetSocketAddress("127.0.0.1", fixture.port), 10_000);
      OutputStream out = raw.getOutputStream();
      out.write(
          ("GET / HTTP/1.1\r\nHost: 127.0.0.1:"
                  + fixture.port
                  + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // Read the 101 response head before sending frames.
      InputStream in = raw.getInputStream();
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        assertThat(b).isNotNegative();
        head.append((char) b);
      }
      assertThat(head.toString()).startsWith("HTTP/1.1 101");
      byte[] request =
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscribe\",\"params\":[\"newHeads\"]}"
              .getBytes(StandardCharsets.UTF_8);
      // RFC 6455 frame: FIN + text, masked with the all-zero key (payload unchanged).
      out.write(new byte[] {(byte) 0x81, (byte) (0x80 | request.length), 0, 0, 0, 0});
      out.write(request);
      out.flush();
      awaitSubscriptionCount(1);
      JsonNode big = JsonNodeFactory.instance.textNode("x".repeat(256 * 1024));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      int published = 0;
      while (fixture.subscriptions.count() > 0
          && System.nanoTime() < deadline
          && published < 1000) {
        published += fixture.subscriptions.publish(SubscriptionKind.NEW_HEADS, big);
        Thread.sleep(1);
      }
      awaitSubscriptionCount(0);
      assertThat(published).isLessThan(1000);
    }
  }

  @Test
  void logsSubscriptionKeepsItsFilter() throws Exception {
    WsClient client = fixture.webSocket();
    Address emitter = Address.ofLow(0xbeef);
    Hash transfer = Hash.fromHex("0x" + "dd".repeat(32));
    String matching =
        subscribe(
            client,
            "[\"logs\",{\"address\":\""
                + emitter.toHex()
                + "\",\"topics\":[\""
                + transfer.toHex()
                + "\"]}]");
    String everything = subscribe(client, "[\"logs\",{}]");

    ObjectNode log = JsonNodeFactory.instance.objectNode();
    log.put("address", Address.ofLow(0xcafe).toHex());
    int sent =
        fixture.subscriptions.publish(
            SubscriptionKind.LOGS,
            s ->
                s.logFilter().matches(Address.ofLow(0xcafe), List.of(transfer))
                    ? Optional.of(log)
                    : Optional.empty());
    assertThat(sent).isEqualTo(1);
    assertThat(client.next().at("/params/subscription").asText()).isEqualTo(everything);

    sent =
        fixture.subscriptions.publish(
            SubscriptionKind.LOGS,
            s ->
                s.logFilter().matches(emitter, List.of(transfer))
                    ? Optional.of(log)
                    : Optional.empty());
    assertThat(sent).isEqualTo(2);
    JsonNode first = client.next();
    JsonNode second = client.next();
    assertThat(
            List.of(
                first.at("/params/subscription").asText(),
                second.at("/params/subscription").asText()))
        .containsExactlyInAnyOrder(matching, everything);
    client.close();
  }

  @Test
  void pendingTransactionsHashesOrFull() throws Exception {
    WsClient client = fixture.webSocket();
    String hashes = subscribe(client, "[\"newPendingTransactions\"]");
    String full = subscribe(client, "[\"newPendingTransactions\",true]");
    JsonNode hash = JsonNodeFactory.instance.textNode("0x" + "01".repeat(32));
    ObjectNode tx = JsonNodeFactory.instance.objectNode().put("hash", hash.asText());
    fixture.subscriptions.publish(
        SubscriptionKind.NEW_PENDING_TRANSACTIONS,
        s -> Optional.of(s.fullTransactions() ? tx : hash));
    JsonNode a = client.next();
    JsonNode b = client.next();
    for (JsonNode n : List.of(a, b)) {
      String sub = n.at("/params/subscription").asText();
      if (sub.equals(full)) {
        assertThat(n.at("/params/result").isObject()).isTrue();
      } else {
        assertThat(sub).isEqualTo(hashes);
        assertThat(n.at("/params/result").asText()).isEqualTo(hash.asText());
      }
    }
    client.close();
  }

  @Test
  void unsubscribeStopsNotifications() throws Exception {
    WsClient client = fixture.webSocket();
    String id = subscribe(client, "[\"newHeads\"]");
    JsonNode response =
        client.call(
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"eth_unsubscribe\",\"params\":[\""
                + id
                + "\"]}");
    assertThat(response.toString()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":true}");
    assertThat(fixture.subscriptions.count()).isZero();
    assertThat(
            fixture.subscriptions.publish(
                SubscriptionKind.NEW_HEADS, JsonNodeFactory.instance.objectNode()))
        .isZero();
    response =
        client.call(
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"eth_unsubscribe\",\"params\":[\""
                + id
                + "\"]}");
    assertThat(response.toString())
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32000,\"message\":\"subscription not found\"}}");
    assertThat(client.messages).isEmpty();
    client.close();
  }

  @Test
  void anotherConnectionCannotUnsubscribe() throws Exception {
    WsClient owner = fixture.webSocket();
    WsClient other = fixture.webSocket();
    String id = subscribe(owner, "[\"newHeads\"]");
    assertThat(
            other
                .call(
                    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"eth_unsubscribe\",\"params\":[\""
                        + id
                        + "\"]}")
                .at("/error/message")
                .asText())
        .isEqualTo("subscription not found");
    assertThat(fixture.subscriptions.count()).isEqualTo(1);
    owner.close();
    other.close();
  }

  @Test
  void closingTheConnectionRemovesItsSubscriptions() throws Exception {
    WsClient client = fixture.webSocket();
    subscribe(client, "[\"newHeads\"]");
    subscribe(client, "[\"logs\",{}]");
    WsClient bystander = fixture.webSocket();
    subscribe(bystander, "[\"newHeads\"]");
    assertThat(fixture.subscriptions.count()).isEqualTo(3);
    client.close();
    awaitSubscriptionCount(1);
    bystander.socket.abort();
    awaitSubscriptionCount(0);
  }

  @Test
  void subscriptionLimitPerConnection() throws Exception {
    WsClient client = fixture.webSocket();
    for (int i = 0; i < 3; i++) {
      subscribe(client, "[\"newHeads\"]");
    }
    JsonNode refused =
        client.call(
            "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"eth_subscribe\",\"params\":[\"newHeads\"]}");
    assertThat(refused.at("/error/code").asInt()).isEqualTo(-32005);
    assertThat(refused.at("/error/message").asText())
        .isEqualTo("too many subscriptions on this connection (limit 3)");
    // Another connection has its own allowance.
    subscribe(fixture.webSocket(), "[\"newHeads\"]");
    assertThat(fixture.subscriptions.count()).isEqualTo(4);
  }

  @Test
  void subscribeErrorsFollowGeth() throws Exception {
    WsClient client = fixture.webSocket();
    assertThat(
            client
                .call(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscribe\",\"params\":[\"syncingX\"]}")
                .get("error")
                .toString())
        .isEqualTo(
            "{\"code\":-32601,\"message\":\"no \\\"syncingX\\\" subscription in eth namespace\"}");
    assertThat(
            client
                .call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscribe\"}")
                .at("/error/message")
                .asText())
        .isEqualTo("non-array args");
    assertThat(
            client
                .call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscribe\",\"params\":[1]}")
                .at("/error/message")
                .asText())
        .isEqualTo("expected subscription name as first argument");
    assertThat(
            client
                .call(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscribe\",\"params\":[\"newHeads\",{}]}")
                .at("/error/message")
                .asText())
        .isEqualTo("too many arguments, want at most 1");
    assertThat(
            client
                .call(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscribe\",\"params\":[\"logs\"]}")
                .at("/error/message")
                .asText())
        .isEqualTo("missing value for required argument 1 (filter)");
    JsonNode badTopic =
        client.call(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscribe\",\"params\":[\"logs\",{\"topics\":[\"0x12\"]}]}");
    assertThat(badTopic.at("/error/code").asInt()).isEqualTo(-32602);
    assertThat(badTopic.at("/error/message").asText())
        .isEqualTo(
            "invalid argument 1 (filter): hex has invalid length 1 after decoding; expected 32 for topic");
    assertThat(
            client
                .call(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"foo_subscribe\",\"params\":[\"newHeads\"]}")
                .at("/error/message")
                .asText())
        .isEqualTo("no \"newHeads\" subscription in foo namespace");
    assertThat(fixture.subscriptions.count()).isZero();
    client.close();
  }

  @Test
  void oversizeMessageIsAnErrorAndTheConnectionStays() throws Exception {
    WsClient client = fixture.webSocket();
    String big =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"web3_sha3\",\"params\":[\"0x"
            + "00".repeat(40 * 1024)
            + "\"]}";
    JsonNode error = client.call(big);
    assertThat(error.get("id").isNull()).isTrue();
    assertThat(error.at("/error/code").asInt()).isEqualTo(-32005);
    assertThat(error.at("/error/message").asText())
        .isEqualTo("message too large (more than 65536 bytes)");
    assertThat(
            client
                .call("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"net_listening\"}")
                .get("result")
                .asBoolean())
        .isTrue();
    client.close();
  }

  @Test
  void oversizeFrameClosesTheConnectionWith1009() throws Exception {
    // The JDK client splits long messages into small frames; Vert.x's client sends one frame.
    Vertx vertx = Vertx.vertx();
    try {
      WebSocketClient wsClient =
          vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1024 * 1024));
      WebSocket socket =
          wsClient
              .connect(fixture.port, "127.0.0.1", "/")
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      CompletableFuture<Short> closed = new CompletableFuture<>();
      socket.closeHandler(v -> closed.complete(socket.closeStatusCode()));
      socket.writeFrame(WebSocketFrame.textFrame("x".repeat(300 * 1024), true));
      assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo((short) 1009);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    // The server itself is fine.
    assertThat(fixture.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"net_listening\"}").body())
        .contains("true");
  }

  @Test
  void foreignOriginIsRefusedAtHandshake() {
    assertThatThrownBy(
            () ->
                fixture
                    .http
                    .newWebSocketBuilder()
                    .header("Origin", "https://evil.example")
                    .buildAsync(URI.create("ws://127.0.0.1:" + fixture.port + "/"), new WsClient())
                    .join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(WebSocketHandshakeException.class)
        .satisfies(
            e ->
                assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                    .isEqualTo(403));
  }

  @Test
  void allowedOriginIsAccepted() throws Exception {
    try (ServerFixture open =
        new ServerFixture(
            TestMethods.config().withAllowedOrigins(List.of("https://app.example")))) {
      WsClient client = new WsClient();
      client.socket =
          open.http
              .newWebSocketBuilder()
              .header("Origin", "https://app.example")
              .buildAsync(URI.create("ws://127.0.0.1:" + open.port + "/"), client)
              .get(10, TimeUnit.SECONDS);
      assertThat(
              client
                  .call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"net_listening\"}")
                  .get("result")
                  .asBoolean())
          .isTrue();
      client.close();
    }
  }

  @Test
  void slowRequestsDoNotBlockOthersOnTheSameConnection() throws Exception {
    try (ServerFixture impatient =
        new ServerFixture(TestMethods.config().withRequestTimeout(Duration.ofSeconds(2)))) {
      WsClient client = impatient.webSocket();
      client.send(
          "{\"jsonrpc\":\"2.0\",\"id\":\"slow\",\"method\":\"test_sleep\",\"params\":[\"0x2710\"]}");
      JsonNode fast =
          client.call("{\"jsonrpc\":\"2.0\",\"id\":\"fast\",\"method\":\"net_listening\"}");
      assertThat(fast.get("id").asText()).isEqualTo("fast");
      JsonNode slow = client.next();
      assertThat(slow.get("id").asText()).isEqualTo("slow");
      assertThat(slow.at("/error/code").asInt()).isEqualTo(-32002);
      client.close();
    } catch (ExecutionException e) {
      throw new AssertionError(e);
    }
  }
}
