package org.gridledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gridledger.core.chain.GenesisJson;
import org.gridledger.core.devnet.HdKeys;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.genesis.GenesisBuilder;
import org.gridledger.genesis.GenesisConfigReader;
import org.gridledger.rpc.RpcConfig;
import org.gridledger.rpc.eth.EthConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code bft} JSON-RPC namespace and the BFT metrics over real HTTP: a node of a one-validator
 * BFT chain (bft-staking.yaml with only its first validator, 10-block epochs) finalizes blocks on
 * its own; its commit certificates, validator sets and status are read through JSON-RPC and its
 * consensus metrics from {@code GET /metrics}; a devnet (no {@code config.bft}) answers -32004.
 */
class BftRpcTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final List<PrivateKey> KEYS = HdKeys.ethereumKeys(HdKeys.TEST_MNEMONIC, 11);
  private static final String VALIDATOR = "0xbcd4042de499d14e55001ccbb24a551f3b954096";
  private static final String THOUSAND_ETHER = "0x" + BigInteger.TEN.pow(21).toString(16);

  private final Path dir = Path.of("target", "bft-rpc-test", Long.toString(System.nanoTime()));
  private NodeAssembly node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  private static GenesisJson.Loaded oneValidatorGenesis() throws IOException {
    String yaml;
    try (var in = BftRpcTest.class.getResourceAsStream("/bft-staking.yaml")) {
      yaml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    StringBuilder one = new StringBuilder();
    int validators = 0;
    for (String line : yaml.split("\n", -1)) {
      if (line.startsWith("  - { signer:") && ++validators > 1) {
        continue;
      }
      one.append(line).append('\n');
    }
    byte[] json =
        new GenesisBuilder(GenesisConfigReader.parse(one.toString(), "one-validator.yaml"))
            .toJson();
    return GenesisJson.read(new ByteArrayInputStream(json), "one-validator");
  }

  private static void await(String what, BftStakingProcessTest.Check check) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  private static int errorCode(NodeClient c, String method, String params) throws Exception {
    JsonNode response = c.call(method, params);
    assertThat(response.has("error")).as("%s %s: %s", method, params, response).isTrue();
    return response.get("error").get("code").asInt();
  }

  @Test
  void certificatesValidatorsStatusAndMetricsOfABftNode() throws Exception {
    PrivateKey validator = KEYS.get(10);
    assertThat(validator.address().toString()).isEqualToIgnoringCase(VALIDATOR);
    node =
        NodeAssembly.start(
            new NodeAssembly.Options(
                dir,
                false,
                oneValidatorGenesis(),
                Optional.of(validator),
                Duration.ZERO,
                validator.address(),
                RpcConfig.defaults().withPort(0).withApis(Set.of("eth", "bft")),
                EthConfig.defaults(),
                Optional.of(new NodeAssembly.MetricsEndpoint("127.0.0.1", 0)),
                false,
                Optional.of(
                    new NodeAssembly.P2p(validator, "127.0.0.1", 0, List.of(), Optional.empty()))));
    NodeClient c = new NodeClient(node.rpcUrl());
    // Past the first epoch end (block 9), so its header names epoch 1's set.
    await("block 11", () -> Long.decode(c.result("eth_blockNumber", "[]").asText()) >= 11);

    JsonNode certificate = c.result("bft_getCommitCertificate", "[\"0x2\"]");
    assertThat(certificate.get("number").asText()).isEqualTo("0x2");
    assertThat(certificate.get("hash").asText())
        .isEqualTo(c.result("eth_getBlockByNumber", "[\"0x2\", false]").get("hash").asText());
    assertThat(certificate.get("round").asText()).isEqualTo("0x0");
    assertThat(certificate.get("signers")).hasSize(1);
    assertThat(certificate.get("signers").get(0).asText()).isEqualToIgnoringCase(VALIDATOR);
    assertThat(certificate.get("seals").get(0).asText()).hasSize(2 + 2 * 65);
    assertThat(certificate.get("signedWeight").asText()).isEqualTo(THOUSAND_ETHER);
    assertThat(certificate.get("totalWeight").asText()).isEqualTo(THOUSAND_ETHER);
    assertThat(certificate.get("final").asBoolean()).isTrue();
    // By hash too; the head's certificate comes from the node's store (no child header yet).
    JsonNode byHash =
        c.result("bft_getCommitCertificate", "[\"" + certificate.get("hash").asText() + "\"]");
    assertThat(byHash).isEqualTo(certificate);
    JsonNode[] head = new JsonNode[1];
    await(
        "the head's certificate",
        () -> {
          JsonNode r = c.call("bft_getCommitCertificate", "[\"latest\"]");
          head[0] = r.get("result");
          return head[0] != null;
        });
    assertThat(head[0].get("final").asBoolean()).isTrue();

    JsonNode set = c.result("bft_getValidators", "[\"0x1\"]");
    assertThat(set.get("epoch").asText()).isEqualTo("0x0");
    assertThat(set.get("epochLength").asText()).isEqualTo("0xa");
    assertThat(set.get("validators")).hasSize(1);
    assertThat(set.get("validators").get(0).get("address").asText())
        .isEqualToIgnoringCase(VALIDATOR);
    assertThat(set.get("validators").get(0).get("weight").asText()).isEqualTo(THOUSAND_ETHER);
    assertThat(set.has("nextValidators")).isFalse();
    JsonNode epochEnd = c.result("bft_getValidators", "[\"0x9\"]");
    assertThat(epochEnd.get("nextValidators").get(0).get("address").asText())
        .isEqualToIgnoringCase(VALIDATOR);
    assertThat(c.result("bft_getValidators", "[\"0xa\"]").get("epoch").asText()).isEqualTo("0x1");
    assertThat(c.result("bft_getValidators", "[]").get("validators")).hasSize(1);

    JsonNode status = c.result("bft_status", "[]");
    assertThat(Long.decode(status.get("height").asText()))
        .isGreaterThan(Long.decode(certificate.get("number").asText()));
    assertThat(status.get("round").asText()).isEqualTo("0x0");
    assertThat(status.get("isValidator").asBoolean()).isTrue();
    assertThat(status.get("signer").asText()).isEqualToIgnoringCase(VALIDATOR);
    assertThat(status.get("validators").asText()).isEqualTo("0x1");
    assertThat(status.get("peers").asText()).isEqualTo("0x0");
    assertThat(status.get("enode").asText()).startsWith("enode://");

    // Errors: the genesis block, an unknown block, a missing or malformed parameter.
    assertThat(errorCode(c, "bft_getCommitCertificate", "[\"0x0\"]")).isEqualTo(-32000);
    assertThat(
            c.call("bft_getCommitCertificate", "[\"0xffffff\"]")
                .get("error")
                .get("message")
                .asText())
        .isEqualTo("header not found");
    assertThat(errorCode(c, "bft_getValidators", "[\"0xffffff\"]")).isEqualTo(-32000);
    assertThat(errorCode(c, "bft_getCommitCertificate", "[]")).isEqualTo(-32602);
    assertThat(errorCode(c, "bft_getCommitCertificate", "[\"twelve\"]")).isEqualTo(-32602);
    assertThat(errorCode(c, "bft_status", "[1]")).isEqualTo(-32602);

    // Metrics: the engine's height and role, finalized blocks and their time to finality.
    Map<String, Double> m = NodeMetricsTest.parse(c.get(node.metricsUrl().orElseThrow()).body());
    long headNow = Long.decode(c.result("eth_blockNumber", "[]").asText());
    assertThat(m.get("gridledger_bft_height")).isGreaterThanOrEqualTo(11.0);
    assertThat(m.get("gridledger_bft_validator")).isEqualTo(1.0);
    assertThat(m.get("gridledger_bft_peers")).isEqualTo(0.0);
    // The counters move just after a block is stored: a scrape may trail the head by one block.
    assertThat(m.get("gridledger_bft_finalized_blocks_total")).isBetween(10.0, headNow + 0.0);
    assertThat(m.get("gridledger_bft_synced_blocks_total")).isEqualTo(0.0);
    assertThat(m.get("gridledger_bft_finality_seconds_count")).isGreaterThanOrEqualTo(10.0);
    assertThat(m.get("gridledger_bft_round_changes_total")).isEqualTo(0.0);
    assertThat(m.get("gridledger_bft_evidence_submitted_total")).isEqualTo(0.0);
    assertThat(m.get("gridledger_bft_peer_penalties_total")).isEqualTo(0.0);
    assertThat(m.keySet()).anyMatch(k -> k.startsWith("gridledger_bft_finality_seconds_bucket{"));
  }

  @Test
  void aChainWithoutConfigBftAnswersNotSupported() throws Exception {
    node = TestNodes.startDev(dir, "--rpc-port", "0", "--rpc-apis", "eth,bft");
    NodeClient c = new NodeClient(node.rpcUrl());
    for (String method : List.of("bft_status", "bft_getValidators", "bft_getCommitCertificate")) {
      JsonNode error =
          c.call(method, method.equals("bft_status") ? "[]" : "[\"0x0\"]").get("error");
      assertThat(error.get("code").asInt()).as(method).isEqualTo(-32004);
      assertThat(error.get("message").asText()).contains("not a BFT chain");
    }
  }
}
