package org.gridledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gridledger.core.devnet.DevnetGenesis;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Hex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Starts a devnet with {@code --metrics}, makes a known set of RPC calls, transactions and blocks,
 * then scrapes {@code GET /metrics} over HTTP and checks the values against what was done and
 * against the node's own answers.
 */
class NodeMetricsTest {
  private final Path dir = Path.of("target", "node-metrics-test", Long.toString(System.nanoTime()));
  private NodeAssembly node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void scrapeReportsChainPoolRpcAndJvmMetrics() throws Exception {
    // A block time of an hour: the test produces the blocks itself, so the counts are exact.
    node =
        TestNodes.startDev(
            dir, "--rpc-port", "0", "--metrics", "--metrics-port", "0", "--block-time", "3600");
    NodeClient client = new NodeClient(node.rpcUrl());
    String metricsUrl = node.metricsUrl().orElseThrow();
    List<PrivateKey> keys = DevnetGenesis.accountKeys();

    NodeClient.WsClient ws = client.webSocket();
    assertThat(ws.call(NodeClient.request(1, "eth_subscribe", "[\"newHeads\"]")).has("result"))
        .isTrue();
    assertThat(
            ws.call(NodeClient.request(2, "eth_subscribe", "[\"newPendingTransactions\"]"))
                .has("result"))
        .isTrue();

    client.result("eth_chainId", "[]");
    client.result("eth_chainId", "[]");
    // Made-up methods: counted under one label, never as a label of their own.
    for (String made : List.of("foo_bar", "foo_bar", "nonsense_xyz")) {
      assertThat(client.call(made, "[]").get("error").get("code").asInt()).isEqualTo(-32601);
    }
    // Two executable transfers and one with a nonce gap (queued).
    for (long nonce : new long[] {0, 1, 5}) {
      String raw =
          Hex.encode(NodeClient.transfer(keys.get(0), nonce, keys.get(1).address(), 1).encode());
      client.result("eth_sendRawTransaction", "[\"" + raw + "\"]");
    }
    Map<String, Double> beforeBlocks = scrape(client, metricsUrl);
    assertThat(beforeBlocks.get("gridledger_txpool_pending")).isEqualTo(2.0);
    assertThat(beforeBlocks.get("gridledger_txpool_queued")).isEqualTo(1.0);

    node.producer().orElseThrow().produceBlock(); // both transfers
    node.producer().orElseThrow().produceBlock(); // empty
    String blockNumber = "";
    for (int i = 0; i < 3; i++) {
      blockNumber = client.result("eth_blockNumber", "[]").asText();
    }
    assertThat(blockNumber).isEqualTo("0x2");

    HttpResponse<String> response = client.get(metricsUrl);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
    Map<String, Double> m = parse(response.body());

    assertThat(m.get("gridledger_chain_head_number")).isEqualTo((double) Long.decode(blockNumber));
    assertThat(m.get("gridledger_rpc_requests_seconds_count{method=\"eth_blockNumber\"}"))
        .isEqualTo(3.0);
    assertThat(m.get("gridledger_rpc_requests_seconds_count{method=\"eth_chainId\"}"))
        .isEqualTo(2.0);
    assertThat(m.get("gridledger_rpc_requests_seconds_count{method=\"eth_sendRawTransaction\"}"))
        .isEqualTo(3.0);
    assertThat(m.get("gridledger_rpc_requests_seconds_count{method=\"eth_subscribe\"}"))
        .isEqualTo(2.0);
    assertThat(m.get("gridledger_rpc_requests_seconds_count{method=\"unknown\"}")).isEqualTo(3.0);
    assertThat(response.body()).doesNotContain("foo_bar").doesNotContain("nonsense_xyz");
    assertThat(m.get("gridledger_rpc_errors_total{code=\"-32601\"}")).isEqualTo(3.0);

    assertThat(m.get("gridledger_txpool_pending")).isEqualTo(0.0);
    assertThat(m.get("gridledger_txpool_queued")).isEqualTo(1.0);
    assertThat(m.get("gridledger_block_import_seconds_count")).isEqualTo(2.0);
    assertThat(m.get("gridledger_block_import_seconds_sum")).isPositive();
    assertThat(m.get("gridledger_block_production_seconds_count")).isEqualTo(2.0);
    assertThat(m.get("gridledger_block_production_seconds_sum"))
        .isGreaterThanOrEqualTo(m.get("gridledger_block_import_seconds_sum"));
    assertThat(m.get("gridledger_block_transactions_count")).isEqualTo(2.0);
    assertThat(m.get("gridledger_block_transactions_sum")).isEqualTo(2.0);
    assertThat(m.get("gridledger_block_transactions_max")).isEqualTo(2.0);
    assertThat(m.get("gridledger_block_gas_used_sum")).isEqualTo(2 * 21_000.0);

    assertThat(m.get("gridledger_rpc_websocket_connections")).isEqualTo(1.0);
    assertThat(m.get("gridledger_rpc_subscriptions")).isEqualTo(2.0);
    assertThat(m.keySet())
        .anyMatch(k -> k.startsWith("jvm_memory_used_bytes{"))
        .anyMatch(k -> k.startsWith("jvm_threads_live_threads"))
        .anyMatch(k -> k.startsWith("jvm_gc_"));

    ws.close();
    long deadline = System.nanoTime() + NodeClient.WAIT.toNanos();
    Map<String, Double> after = scrape(client, metricsUrl);
    // The connection gauge and the subscriptions are released by the same close handler, one after
    // the other: a scrape in between sees the first at 0 and not yet the second.
    while ((after.get("gridledger_rpc_websocket_connections") != 0.0
            || after.get("gridledger_rpc_subscriptions") != 0.0)
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
      after = scrape(client, metricsUrl);
    }
    assertThat(after.get("gridledger_rpc_websocket_connections")).isEqualTo(0.0);
    assertThat(after.get("gridledger_rpc_subscriptions")).isEqualTo(0.0);

    assertThat(client.get(metricsUrl.replace("/metrics", "/other")).statusCode()).isEqualTo(404);
  }

  @Test
  void withoutMetricsNothingListens() throws Exception {
    node = TestNodes.startDev(dir, "--rpc-port", "0", "--block-time", "3600");
    assertThat(node.metricsUrl()).isEmpty();
  }

  private static Map<String, Double> scrape(NodeClient client, String url) throws Exception {
    HttpResponse<String> response = client.get(url);
    assertThat(response.statusCode()).isEqualTo(200);
    return parse(response.body());
  }

  /** Sample lines of the text format: {@code name{labels} value}. */
  static Map<String, Double> parse(String exposition) {
    Map<String, Double> samples = new HashMap<>();
    for (String line : exposition.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
    return samples;
  }
}
