package org.gridledger.rpc.eth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.gridledger.core.block.Block;
import org.gridledger.core.chain.BlockStore;
import org.gridledger.core.state.StateAccount;
import org.gridledger.core.storage.InMemoryKeyValueStore;
import org.gridledger.core.trie.TrieProof;
import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;
import org.gridledger.rpc.RpcException;
import org.gridledger.rpc.RpcMethods;
import org.gridledger.rpc.RpcParams;
import org.gridledger.rpc.RpcResult;
import org.gridledger.rpc.subscription.LogFilter;
import org.gridledger.rpc.subscription.RecordingSubscriber;
import org.gridledger.rpc.subscription.Subscription;
import org.gridledger.rpc.subscription.SubscriptionKind;
import org.junit.jupiter.api.Test;

/** Filters, subscriptions, proofs and limits; each test has its own chain. */
class EthEventsTest {

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  static JsonNode invoke(RpcMethods methods, String name, Object... params) {
    RpcResult r =
        methods
            .lookup(name)
            .orElseThrow()
            .handler()
            .call(RpcParams.of(TestNet.MAPPER.valueToTree(List.of(params))));
    return switch (r) {
      case RpcResult.Success s -> s.value();
      case RpcResult.Failure f -> throw new RpcException(f.error());
    };
  }

  static String word(int v) {
    return EthApiTest.word(v);
  }

  @Test
  void filtersReportNewBlocksLogsAndPendingTransactions() throws Exception {
    try (TestNet net = new TestNet(EthConfig.defaults()).start()) {
      String blocks = net.result("eth_newBlockFilter").asText();
      assertThat(blocks).matches("0x[1-9a-f][0-9a-f]*");
      String logs =
          net.result("eth_newFilter", Map.of("address", TestNet.CONTRACT.toHex())).asText();
      String pending = net.result("eth_newPendingTransactionFilter").asText();
      assertThat(net.result("eth_getFilterChanges", blocks)).isEmpty();
      assertThat(net.result("eth_getFilterChanges", logs)).isEmpty();

      Transaction tx = TestNet.store(TestNet.KEY1, 3, 0x44);
      assertThat(net.result("eth_sendRawTransaction", Hex.encode(tx.encode())).asText())
          .isEqualTo(tx.hash().toHex());
      JsonNode pendingHashes = net.result("eth_getFilterChanges", pending);
      assertThat(pendingHashes).hasSize(1);
      assertThat(pendingHashes.get(0).asText()).isEqualTo(tx.hash().toHex());
      assertThat(net.result("eth_getFilterChanges", pending)).isEmpty();

      Block b3 = net.produce(List.of(tx), 1_700_000_036L);
      JsonNode newBlocks = net.result("eth_getFilterChanges", blocks);
      assertThat(newBlocks).hasSize(1);
      assertThat(newBlocks.get(0).asText()).isEqualTo(b3.hash().toHex());
      assertThat(net.result("eth_getFilterChanges", blocks)).isEmpty();
      JsonNode newLogs = net.result("eth_getFilterChanges", logs);
      assertThat(newLogs).hasSize(1);
      assertThat(newLogs.get(0).get("data").asText()).isEqualTo(word(0x44));
      assertThat(newLogs.get(0).get("blockNumber").asText()).isEqualTo("0x3");
      assertThat(net.result("eth_getFilterChanges", logs)).isEmpty();
      // eth_getFilterLogs runs the whole query again (fromBlock defaults to latest)
      assertThat(net.result("eth_getFilterLogs", logs)).hasSize(1);

      assertThat(net.result("eth_uninstallFilter", logs).asBoolean()).isTrue();
      assertThat(net.result("eth_uninstallFilter", logs).asBoolean()).isFalse();
      JsonNode gone = net.error("eth_getFilterChanges", logs);
      assertThat(gone.get("code").asInt()).isEqualTo(-32000);
      assertThat(gone.get("message").asText()).isEqualTo("filter not found");
    }
  }

  @Test
  void filtersExpireWhenNotPolled() {
    MovableClock clock = new MovableClock();
    TestNet net = new TestNet(EthConfig.defaults());
    EthApi api = new EthApi(net.chain, net.pool, EthConfig.defaults(), clock);
    RpcMethods.Builder b = RpcMethods.builder();
    api.registerTo(b);
    RpcMethods methods = b.build();
    String kept = invoke(methods, "eth_newBlockFilter").asText();
    String dropped = invoke(methods, "eth_newBlockFilter").asText();
    clock.now = clock.now.plus(Duration.ofMinutes(3));
    invoke(methods, "eth_getFilterChanges", kept);
    clock.now = clock.now.plus(Duration.ofMinutes(3));
    assertThat(invoke(methods, "eth_getFilterChanges", kept)).isEmpty();
    assertThatThrownBy(() -> invoke(methods, "eth_getFilterChanges", dropped))
        .isInstanceOf(RpcException.class)
        .hasMessageContaining("filter not found");
  }

  @Test
  void logLimitsGiveErrors() {
    TestNet net = new TestNet(EthConfig.defaults().withLogLimits(1, 1));
    RpcMethods methods = net.methods();
    assertThatThrownBy(
            () -> invoke(methods, "eth_getLogs", Map.of("fromBlock", "0x0", "toBlock", "0x2")))
        .isInstanceOf(RpcException.class)
        .satisfies(
            e -> {
              // geth: invalid params, "exceed maximum block range N" when to - from > N
              assertThat(((RpcException) e).error().code()).isEqualTo(-32602);
              assertThat(((RpcException) e).error().message())
                  .isEqualTo("exceed maximum block range 1");
            });
    assertThatThrownBy(
            () -> invoke(methods, "eth_getLogs", Map.of("fromBlock", "0x1", "toBlock", "0x2")))
        .isInstanceOf(RpcException.class)
        .satisfies(
            e ->
                assertThat(((RpcException) e).error().message())
                    .isEqualTo("query returned more than 1 results"));
    assertThat(invoke(methods, "eth_getLogs", Map.of("fromBlock", "0x2", "toBlock", "0x2")))
        .hasSize(1);
  }

  @Test
  void proofsVerifyAgainstTheStateRoot() throws Exception {
    try (TestNet net = new TestNet(EthConfig.defaults()).start()) {
      String c = TestNet.CONTRACT.toHex();
      JsonNode p = net.result("eth_getProof", c, List.of(word(0), "0x01"), "latest");
      assertThat(p.get("address").asText()).isEqualTo(c);
      Hash stateRoot =
          Hash.fromHex(
              net.result("eth_getBlockByNumber", "latest", false).get("stateRoot").asText());
      byte[] account =
          TrieProof.verify(
              stateRoot, Keccak.hash(TestNet.CONTRACT.toArray()), nodes(p.get("accountProof")));
      StateAccount decoded = StateAccount.decode(account);
      assertThat(decoded.nonce()).isEqualTo(1);
      assertThat(p.get("nonce").asText()).isEqualTo("0x1");
      assertThat(p.get("balance").asText()).isEqualTo("0x0");
      assertThat(p.get("codeHash").asText())
          .isEqualTo(Keccak.of(Hex.decode(TestNet.RUNTIME)).toHex());
      assertThat(p.get("storageHash").asText()).isEqualTo(decoded.storageRoot().toHex());
      Hash storageRoot = Hash.fromHex(p.get("storageHash").asText());
      JsonNode slot0 = p.get("storageProof").get(0);
      assertThat(slot0.get("key").asText()).isEqualTo(word(0));
      assertThat(slot0.get("value").asText()).isEqualTo("0x7");
      byte[] value =
          TrieProof.verify(storageRoot, Keccak.hash(new byte[32]), nodes(slot0.get("proof")));
      assertThat(value).isEqualTo(new byte[] {0x07}); // RLP of the single byte 0x07 is itself
      JsonNode slot1 = p.get("storageProof").get(1);
      // geth: a key not sent as 32 bytes comes back as a quantity
      assertThat(slot1.get("key").asText()).isEqualTo("0x1");
      assertThat(slot1.get("value").asText()).isEqualTo("0x0");
      byte[] key1 = UInt256.ONE.toBytes32();
      assertThat(TrieProof.verify(storageRoot, Keccak.hash(key1), nodes(slot1.get("proof"))))
          .isEmpty();

      // an account that does not exist: empty values and a proof of absence
      String nobody = "0x00000000000000000000000000000000000000aa";
      JsonNode none = net.result("eth_getProof", nobody, List.of(), "latest");
      assertThat(none.get("balance").asText()).isEqualTo("0x0");
      assertThat(none.get("nonce").asText()).isEqualTo("0x0");
      // geth: zero hashes for an account that does not exist
      assertThat(none.get("codeHash").asText()).isEqualTo(Hash.ZERO.toHex());
      assertThat(none.get("storageHash").asText()).isEqualTo(Hash.ZERO.toHex());
      assertThat(
              TrieProof.verify(
                  stateRoot, Keccak.hash(Hex.decode(nobody)), nodes(none.get("accountProof"))))
          .isEmpty();
    }
  }

  private static List<byte[]> nodes(JsonNode array) {
    java.util.ArrayList<byte[]> out = new java.util.ArrayList<>();
    array.forEach(n -> out.add(Hex.decode(n.asText())));
    return out;
  }

  @Test
  void subscriptionsReceiveHeadsLogsAndPendingTransactions() throws Exception {
    try (TestNet net = new TestNet(EthConfig.defaults()).start()) {
      BlockingQueue<String> messages = new LinkedBlockingQueue<>();
      WebSocket ws =
          net.http
              .newWebSocketBuilder()
              .buildAsync(
                  URI.create("ws://127.0.0.1:" + net.port + "/"),
                  new WebSocket.Listener() {
                    final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(
                        WebSocket webSocket, CharSequence data, boolean last) {
                      partial.append(data);
                      if (last) {
                        messages.add(partial.toString());
                        partial.setLength(0);
                      }
                      webSocket.request(1);
                      return null;
                    }
                  })
              .get(10, TimeUnit.SECONDS);
      String heads = subscribe(ws, messages, 1, "\"newHeads\"");
      String logs =
          subscribe(ws, messages, 2, "\"logs\",{\"address\":\"" + TestNet.CONTRACT.toHex() + "\"}");
      String txs = subscribe(ws, messages, 3, "\"newPendingTransactions\"");

      Transaction tx = TestNet.store(TestNet.KEY1, 3, 0x66);
      net.result("eth_sendRawTransaction", Hex.encode(tx.encode()));
      JsonNode pendingNote = next(messages);
      assertThat(pendingNote.get("params").get("subscription").asText()).isEqualTo(txs);
      assertThat(pendingNote.get("params").get("result").asText()).isEqualTo(tx.hash().toHex());

      Block b3 = net.produce(List.of(tx), 1_700_000_036L);
      JsonNode head = next(messages);
      assertThat(head.get("method").asText()).isEqualTo("eth_subscription");
      assertThat(head.get("params").get("subscription").asText()).isEqualTo(heads);
      JsonNode h = head.get("params").get("result");
      assertThat(EthApiTest.fields(h)).isEqualTo(EthApiTest.HEADER_FIELDS);
      assertThat(h.get("hash").asText()).isEqualTo(b3.hash().toHex());
      JsonNode log = next(messages);
      assertThat(log.get("params").get("subscription").asText()).isEqualTo(logs);
      assertThat(log.get("params").get("result").get("data").asText()).isEqualTo(word(0x66));
      assertThat(log.get("params").get("result").get("blockHash").asText())
          .isEqualTo(b3.hash().toHex());
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void importsAreNotReadBackWhileNoHeadsOrLogsSubscriptionIsLive() {
    TestNet net = new TestNet(EthConfig.defaults());
    BlockStore empty = new BlockStore(new InMemoryKeyValueStore());
    Hash unknown = Keccak.of(new byte[] {1});
    RecordingSubscriber subscriber = new RecordingSubscriber(10);
    // A pending-transactions subscription does not need the block: still nothing is read.
    net.subscriptions.subscribe(
        subscriber, SubscriptionKind.NEW_PENDING_TRANSACTIONS, LogFilter.ANY, false);
    net.events.onImported(empty, unknown);

    for (SubscriptionKind kind : List.of(SubscriptionKind.NEW_HEADS, SubscriptionKind.LOGS)) {
      Subscription s = net.subscriptions.subscribe(subscriber, kind, LogFilter.ANY, false);
      assertThatThrownBy(() -> net.events.onImported(empty, unknown))
          .as(kind + " subscription reads the block")
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not stored");
      net.subscriptions.unsubscribe(subscriber, s.id());
    }
    net.events.onImported(empty, unknown);
    assertThat(subscriber.notifications).isEmpty();
  }

  private static String subscribe(
      WebSocket ws, BlockingQueue<String> messages, int id, String params) throws Exception {
    ws.sendText(
            "{\"jsonrpc\":\"2.0\",\"id\":"
                + id
                + ",\"method\":\"eth_subscribe\",\"params\":["
                + params
                + "]}",
            true)
        .get(10, TimeUnit.SECONDS);
    JsonNode r = next(messages);
    assertThat(r.get("id").asInt()).isEqualTo(id);
    return r.get("result").asText();
  }

  private static JsonNode next(BlockingQueue<String> messages) throws Exception {
    String m = messages.poll(10, TimeUnit.SECONDS);
    assertThat(m).as("message within 10 s").isNotNull();
    return TestNet.MAPPER.readTree(m);
  }
}
