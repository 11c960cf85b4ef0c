package org.gridledger.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gridledger.core.devnet.HdKeys;
import org.gridledger.evm.types.Hex;
import org.gridledger.genesis.GenesisBuilder;
import org.gridledger.genesis.GenesisConfigReader;
import org.gridledger.testsupport.DevNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our devp2p stack against an independent one: ethereumjs' {@code @ethereumjs/devp2p} (RLPx,
 * discovery v4, eth/68; pinned in {@code ledger-node/it/clients}) run by {@code devp2p-flow.mjs} as
 * a {@code node} process, against a real {@code gridledger node} validating a one-validator BFT
 * chain (genesis/devnet-bft.yaml with only its first validator, so blocks are final without peers).
 * Both directions of the RLPx handshake are covered: ethereumjs dials us (we are the recipient),
 * and our node finds ethereumjs through discovery and dials it (we are the initiator). What
 * ethereumjs decoded is checked against the node's JSON-RPC answers for the same chain.
 */
class EthereumJsDevp2pTest {
  private static final Path DIR =
      Path.of("target", "ethereumjs-devp2p", Long.toString(System.nanoTime()));
  private static final Pattern ENODE = Pattern.compile("Enode +(enode://\\S+)");
  private static final String SINK = "0x000000000000000000000000000000000000dead";
  private static final int SENDER = 5;

  private static DevNode node;
  private static JsonRpc rpc;
  private static Path genesis;
  private static String genesisHash;
  private static String enode;

  @BeforeAll
  static void startValidator() throws Exception {
    Files.createDirectories(DIR);
    genesis = DIR.resolve("one-validator.json");
    Files.write(genesis, oneValidatorGenesis());
    Path key = DIR.resolve("validator.key");
    // m/44'/60'/0'/0/10 of the test mnemonic: the first validator of devnet-bft.yaml
    Files.writeString(
        key, Hex.encode(HdKeys.ethereumKeys(HdKeys.TEST_MNEMONIC, 11).get(10).toBytes()) + "\n");
    node =
        DevNode.startNode(
            DIR.resolve("node.log"),
            "--genesis",
            genesis.toString(),
            "--data-dir",
            DIR.resolve("data").toString(),
            "--validator-key-file",
            key.toString(),
            "--p2p-port",
            "0");
    Matcher m = ENODE.matcher(Files.readString(node.log()));
    assertThat(m.find()).as("the node prints its enode URL").isTrue();
    enode = m.group(1);
    rpc = new JsonRpc(node.rpcUrl(), Duration.ofSeconds(30));
    genesisHash = rpc.call("eth_getBlockByNumber", "0x0", false).get("hash").asText();
    awaitHead(4);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  /** devnet-bft.yaml without its validators after the first, built by our genesis builder. */
  private static byte[] oneValidatorGenesis() throws IOException {
    Path yaml = Path.of("..", "..", "genesis", "devnet-bft.yaml");
    StringBuilder one = new StringBuilder();
    int validators = 0;
    for (String line : Files.readAllLines(yaml)) {
      if (line.startsWith("  - { signer:") && ++validators > 1) {
        continue;
      }
      one.append(line).append('\n');
    }
    assertThat(validators).isEqualTo(4);
    return new GenesisBuilder(GenesisConfigReader.parse(one.toString(), "one-validator.yaml"))
        .toJson();
  }

  private static void awaitHead(long number) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (JsonRpc.quantity(rpc.call("eth_blockNumber")).longValue() < number) {
      assertThat(System.nanoTime()).as("head %d reached in time", number).isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  private static JsonNode blockByNumber(long n) throws Exception {
    return rpc.call("eth_getBlockByNumber", "0x" + Long.toHexString(n), false);
  }

  @Test
  void ethereumJsDialsTheNodeAndReadsTheChainOverEth68() throws Exception {
    Map<String, JsonNode> events = runFlow("dial", DevAccounts.privateKey(SENDER));

    // p2p Hello and eth/68 Status as ethereumjs decoded them; it checked network id, genesis and
    // fork id (EIP-2124) itself and would have disconnected on a mismatch.
    JsonNode peer = events.get("peer");
    assertThat(peer.get("id").asText()).isEqualTo("0x" + enode.substring(8, 136));
    assertThat(peer.get("protocolVersion").asInt()).isEqualTo(5);
    assertThat(peer.get("ethVersion").asInt()).isEqualTo(68);
    JsonNode status = events.get("status");
    assertThat(status.get("networkId").asText()).isEqualTo("1337");
    assertThat(status.get("genesisHash").asText()).isEqualTo(genesisHash);

    // Headers 0..3, hashed by ethereumjs, are the node's blocks; every second one back from 3.
    JsonNode headers = events.get("headers").get("headers");
    assertThat(headers).hasSize(4);
    for (int i = 0; i < 4; i++) {
      JsonNode h = headers.get(i);
      JsonNode block = blockByNumber(i);
      assertThat(h.get("number").asLong()).isEqualTo(i);
      assertThat(h.get("hash").asText()).isEqualTo(block.get("hash").asText());
      assertThat(h.get("parentHash").asText()).isEqualTo(block.get("parentHash").asText());
      assertThat(h.get("stateRoot").asText()).isEqualTo(block.get("stateRoot").asText());
      assertThat(h.get("fieldCount").asInt()).as("Cancun header fields").isEqualTo(20);
    }
    JsonNode reversed = events.get("reversedHeaders").get("headers");
    assertThat(reversed.findValuesAsText("number")).containsExactly("3", "1");
    assertThat(events.get("unknownHeaders").get("count").asInt()).isZero();
    // Edge requests go-ethereum's suite makes: no headers for block 2^64 - 1 (and no disconnect),
    // one header for a skip of 2^64 - 1, the whole chain so far for a limit of 2,000.
    JsonNode edge = events.get("edgeHeaders");
    assertThat(edge.get("nonexistent").asInt()).isZero();
    assertThat(edge.get("hugeSkip")).extracting(JsonNode::asText).containsExactly("0");
    assertThat(edge.get("hugeLimit").asLong())
        .isBetween(4L, JsonRpc.quantity(rpc.call("eth_blockNumber")).longValue() + 1);

    // The transfer ethereumjs sent in a Transactions message, and the one it only announced and
    // handed over when the node asked (GetPooledTransactions), were both admitted and finalized;
    // the bodies and receipts ethereumjs read over eth/68 are the blocks'.
    assertThat(events.get("sent").get("from").asText())
        .isEqualToIgnoringCase(DevAccounts.address(SENDER));
    String sent = events.get("sent").get("txHash").asText();
    assertReadBack(events.get("sentIn"), sent);
    String offered = events.get("announced").get("txHash").asText();
    assertThat(events.get("poolRequest").get("hashes").get(0).asText()).isEqualTo(offered);
    assertReadBack(events.get("announcedIn"), offered);
    // Both came from ethereumjs, so the node must not offer them back to it (KnownTransactions).
    assertThat(events.get("txAnnouncements").get("hashes"))
        .extracting(JsonNode::asText)
        .doesNotContain(sent, offered);
  }

  /** What ethereumjs read about the block holding {@code txHash} is what JSON-RPC says. */
  private static void assertReadBack(JsonNode readBack, String txHash) throws Exception {
    JsonNode receipt = rpc.call("eth_getTransactionReceipt", txHash);
    assertThat(receipt.get("status").asText()).isEqualTo("0x1");
    assertThat(receipt.get("to").asText()).isEqualTo(SINK);
    String blockHash = readBack.get("block").get("hash").asText();
    assertThat(blockHash).isEqualTo(receipt.get("blockHash").asText());
    assertThat(readBack.get("block").get("number").asLong())
        .isEqualTo(JsonRpc.quantity(receipt.get("blockNumber")).longValue());

    JsonNode block = rpc.call("eth_getBlockByHash", blockHash, false);
    List<String> bodyTxs = new ArrayList<>();
    readBack.get("transactions").forEach(t -> bodyTxs.add(t.asText()));
    List<String> blockTxs = new ArrayList<>();
    block.get("transactions").forEach(t -> blockTxs.add(t.asText()));
    assertThat(bodyTxs).isEqualTo(blockTxs).contains(txHash);
    assertThat(readBack.get("uncles").asInt()).isZero();
    assertThat(readBack.get("withdrawals").asInt()).isZero();

    JsonNode receipts = readBack.get("receipts");
    assertThat(receipts).hasSize(bodyTxs.size());
    JsonNode ours = receipts.get(bodyTxs.indexOf(txHash));
    assertThat(ours.get("type").asInt()).isEqualTo(2);
    assertThat(ours.get("status").asText()).isEqualTo("1");
    assertThat(ours.get("cumulativeGasUsed").asLong())
        .isEqualTo(JsonRpc.quantity(receipt.get("cumulativeGasUsed")).longValue());
    assertThat(ours.get("logs").asInt()).isZero();
  }

  @Test
  void theNodeFindsEthereumJsThroughDiscoveryAndDialsIt() throws Exception {
    Map<String, JsonNode> events = runFlow("listen");

    // ethereumjs pinged the node (discovery v4) and put it in its table; the node, which had no
    // bootnode, learned ethereumjs from that ping, and its dialer connected over RLPx.
    String nodeId = "0x" + enode.substring(8, 136);
    assertThat(events.get("discovered").get("id").asText()).isEqualTo(nodeId);
    assertThat(events).containsKey("inbound");
    assertThat(events.get("peer").get("id").asText()).isEqualTo(nodeId);
    assertThat(events.get("status").get("genesisHash").asText()).isEqualTo(genesisHash);
    JsonNode header = events.get("headers").get("headers").get(0);
    assertThat(header.get("hash").asText()).isEqualTo(genesisHash);
    String ours = events.get("listening").get("enode").asText();
    assertThat(Files.readString(node.log())).contains("connected to " + ours);
  }

  /**
   * Runs {@code node devp2p-flow.mjs <mode> …} and returns its events by name (the first of each),
   * failing with everything it printed unless it exits 0 after {@code done}.
   */
  private static Map<String, JsonNode> runFlow(String mode, String... extra) throws Exception {
    List<String> args =
        new ArrayList<>(List.of(mode, genesis.toAbsolutePath().toString(), genesisHash, enode));
    args.addAll(List.of(extra));
    ExternalTool.Result result =
        new ExternalTool(DIR).node("devp2p-flow.mjs", args.toArray(String[]::new)).requireSuccess();
    Map<String, JsonNode> events = new HashMap<>();
    for (String line : result.stdout().lines().toList()) {
      JsonNode e = JsonRpc.json().readTree(line);
      events.putIfAbsent(e.get("event").asText(), e);
    }
    assertThat(events).as(result.describe()).containsKey("done");
    return events;
  }
}
