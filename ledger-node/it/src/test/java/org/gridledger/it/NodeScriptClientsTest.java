package org.gridledger.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.gridledger.testsupport.DevNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ethers v6 and viem v2, each as a real {@code node} process running its flow script from {@code
 * ledger-node/it/clients} against {@code gridledger dev}, once sealing on demand ({@code
 * --block-time 0}) and once on an interval. The script prints what it decoded; this test checks it
 * against what the script was told to send (constructor 5, increment 7 with a note) and against the
 * node's own answers fetched without any client library.
 */
class NodeScriptClientsTest {
  private static final Path SCRATCH = Path.of("target", "node-script-clients");

  static Stream<Arguments> flows() {
    return Stream.of(
        Arguments.of("ethers-flow.mjs", "0", 1, "from ethers"),
        Arguments.of("viem-flow.mjs", "0", 2, "from viem"),
        Arguments.of("ethers-flow.mjs", "250ms", 3, "from ethers"),
        Arguments.of("viem-flow.mjs", "250ms", 4, "from viem"));
  }

  @ParameterizedTest(name = "{0} with --block-time {1}")
  @MethodSource("flows")
  void clientFlowAgainstDev(String script, String blockTime, int account, String note)
      throws Exception {
    ProbeContract probe = ProbeContract.load();
    ExternalTool tools = new ExternalTool(SCRATCH);
    Path log = SCRATCH.resolve(script + "-" + blockTime + "-" + System.nanoTime() + ".log");
    try (DevNode node = DevNode.start(log, "--block-time", blockTime)) {
      ExternalTool.Result result =
          tools
              .node(script, node.rpcUrl(), probe.path().toString(), DevAccounts.privateKey(account))
              .requireSuccess();
      JsonNode out = JsonRpc.json().readTree(result.stdout());
      String sender = DevAccounts.address(account);
      boolean viem = script.startsWith("viem");

      assertThat(out.get("chainId").asText()).isEqualTo("1337");
      assertThat(out.get("deployStatus").asText()).isIn("1", "success");
      assertThat(out.get("countAfterDeploy").asText()).isEqualTo("5");
      assertThat(out.get("status").asText()).isIn("1", "success");
      assertThat(out.get("countAfterIncrement").asText()).isEqualTo("12");
      assertThat(out.get("checkAtMost").asText()).isEqualTo("12");
      if (viem) {
        assertThat(out.get("simulatedResult").asText()).isEqualTo("12");
      }

      // The receipt the client decoded is the node's, fetched here without a client library.
      JsonRpc rpc = new JsonRpc(node.rpcUrl(), Duration.ofSeconds(30));
      String txHash = out.get("txHash").asText();
      JsonNode receipt = rpc.call("eth_getTransactionReceipt", txHash);
      assertThat(receipt.get("blockHash").asText()).isEqualTo(out.get("blockHash").asText());
      assertThat(JsonRpc.quantity(receipt.get("blockNumber")).longValue())
          .isEqualTo(out.get("blockNumber").asLong());
      BigInteger gasUsed = new BigInteger(out.get("gasUsed").asText());
      assertThat(JsonRpc.quantity(receipt.get("gasUsed"))).isEqualTo(gasUsed);
      assertThat(receipt.get("from").asText()).isEqualTo(sender);
      assertThat(receipt.get("to").asText()).isEqualToIgnoringCase(out.get("address").asText());
      // estimateGas covers what the transaction used and is not far above it.
      BigInteger estimate = new BigInteger(out.get("estimateGas").asText());
      assertThat(estimate).isGreaterThanOrEqualTo(gasUsed);
      assertThat(estimate).isLessThan(gasUsed.add(BigInteger.valueOf(5_000)));

      JsonNode logs = out.get("logs");
      assertThat(logs).hasSize(1);
      JsonNode event = logs.get(0);
      assertThat(event.get("name").asText()).isEqualTo("Incremented");
      assertThat(event.get("address").asText()).isEqualToIgnoringCase(out.get("address").asText());
      assertThat(event.get("by").asText()).isEqualToIgnoringCase(sender);
      assertThat(event.get("newCount").asText()).isEqualTo("12");
      assertThat(event.get("amount").asText()).isEqualTo("7");
      assertThat(event.get("note").asText()).isEqualTo(note);
      assertThat(event.get("logIndex").asInt()).isZero();

      assertThat(out.get("queriedLogs")).hasSize(1);
      assertThat(out.get("queriedLogs").get(0).get("transactionHash").asText()).isEqualTo(txHash);
      assertThat(out.get("queriedLogs").get(0).get("newCount").asText()).isEqualTo("12");

      String reason = "ClientProbe: amount is zero";
      if (viem) {
        assertThat(out.get("revert").get("reason").asText()).isEqualTo(reason);
        assertThat(out.get("estimateRevert").get("reason").asText()).isEqualTo(reason);
        assertThat(out.get("customError").get("errorName").asText()).isEqualTo("LimitExceeded");
        assertThat(out.get("customError").get("args").toString()).isEqualTo("[\"12\",\"1\"]");
      } else {
        assertThat(out.get("revertCode").asText()).isEqualTo("CALL_EXCEPTION");
        assertThat(out.get("revertReason").asText()).isEqualTo(reason);
        assertThat(out.get("callRevertReason").asText()).isEqualTo(reason);
        assertThat(out.get("customError").get("name").asText()).isEqualTo("LimitExceeded");
        assertThat(out.get("customError").get("args").toString()).isEqualTo("[\"12\",\"1\"]");
      }

      // Both subscriptions delivered over the WebSocket.
      JsonNode wsEvent = out.get("wsEvent");
      assertThat(wsEvent.get("transactionHash").asText()).isEqualTo(txHash);
      assertThat(wsEvent.get("newCount").asText()).isEqualTo("12");
      assertThat(wsEvent.get("note").asText()).isEqualTo(note);
      assertThat(wsEvent.get("by").asText()).isEqualToIgnoringCase(sender);
      JsonNode head = viem ? out.get("wsHead").get("number") : out.get("wsHead");
      assertThat(head.asLong()).isPositive();
      if (viem) {
        JsonNode block =
            rpc.call("eth_getBlockByNumber", "0x" + Long.toHexString(head.asLong()), false);
        assertThat(block.get("hash").asText()).isEqualTo(out.get("wsHead").get("hash").asText());
      }

      // The sender paid for the deployment and the call: 10,000 ETH less the fees.
      BigInteger balance = new BigInteger(out.get("balance").asText());
      assertThat(balance).isLessThan(BigInteger.TEN.pow(22)).isGreaterThan(BigInteger.TEN.pow(21));
      assertThat(JsonRpc.quantity(rpc.call("eth_getBalance", sender, "latest"))).isEqualTo(balance);
    }
  }
}
