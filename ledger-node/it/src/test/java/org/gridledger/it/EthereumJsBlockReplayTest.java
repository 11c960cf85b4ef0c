package org.gridledger.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gridledger.testsupport.DevNode;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.AccessListObject;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * The blocks {@code gridledger dev} produces, re-executed by an EVM we did not write: ethereumjs'
 * {@code @ethereumjs/vm} ({@code block-replay.mjs} in {@code ledger-node/it/clients}) builds the
 * genesis state from genesis/devnet.json (the grid contracts included) and runs every block from
 * {@code debug_getRawBlock}, failing unless its state root, receipts root, logs bloom and gas used
 * are the header's, its transactions root, withdrawals root and ommers hash match its body, and the
 * header's base fee and excess blob gas follow from its parent. The workload: a reservation through
 * the grid contracts as farmer, node and user make it ({@code grid-flow.mjs}: twins, a farm, a node
 * registered and approved, a node contract with escrow), ethers' flow (a contract deployed, called
 * with events, reverted calls) and, signed by web3j, a legacy EIP-155 transfer, an EIP-2930
 * transfer with an access list, an EIP-1559 contract creation and one whose init code reverts
 * (mined with status 0).
 */
class EthereumJsBlockReplayTest {
  private static final Path DIR =
      Path.of("target", "ethereumjs-replay", Long.toString(System.nanoTime()));
  private static final long CHAIN_ID = 1337;
  private static final BigInteger GWEI = BigInteger.TEN.pow(9);

  /** Init code returning a runtime that returns 42 (PUSH 42, MSTORE, RETURN 32 bytes). */
  private static final String RETURNS_42 = "0x600a600c600039600a6000f3602a60005260206000f3";

  /** Init code that reverts at once. */
  private static final String REVERTS = "0x60006000fd";

  @Test
  void ethereumJsReExecutesEveryBlockTheNodeProduced() throws Exception {
    ProbeContract probe = ProbeContract.load();
    ExternalTool tools = new ExternalTool(DIR);
    try (DevNode node =
        DevNode.start(
            DIR.resolve("dev.log"),
            "--block-time",
            "0",
            "--data-dir",
            DIR.resolve("data").toString(),
            "--rpc-apis",
            "eth,net,web3,debug")) {
      JsonNode grid =
          JsonRpc.json()
              .readTree(
                  tools
                      .node(
                          "grid-flow.mjs",
                          node.rpcUrl(),
                          Path.of("..", "..", "contracts", "build").toAbsolutePath().toString(),
                          DevAccounts.privateKey(1),
                          DevAccounts.privateKey(2),
                          DevAccounts.privateKey(3))
                      .requireSuccess()
                      .stdout());
      assertThat(grid.get("contractId").asText()).isEqualTo("1");
      assertThat(grid.get("statuses").findValuesAsText("method"))
          .containsExactly(
              "createTwin",
              "createTwin",
              "createTwin",
              "createFarm",
              "registerNode",
              "approveNode",
              "createNodeContract");
      tools
          .node(
              "ethers-flow.mjs", node.rpcUrl(), probe.path().toString(), DevAccounts.privateKey(6))
          .requireSuccess();

      JsonRpc rpc = new JsonRpc(node.rpcUrl(), Duration.ofSeconds(30));
      Credentials sender = DevAccounts.credentials(7);
      String to = "0x00000000000000000000000000000000000c0ffe";
      List<String> hashes = new ArrayList<>();
      hashes.add(
          send(
              rpc,
              TransactionEncoder.signMessage(
                  RawTransaction.createTransaction(
                      BigInteger.ZERO,
                      GWEI.multiply(BigInteger.TWO),
                      BigInteger.valueOf(21_000),
                      to,
                      BigInteger.ONE,
                      ""),
                  CHAIN_ID,
                  sender)));
      hashes.add(
          send(
              rpc,
              TransactionEncoder.signMessage(
                  RawTransaction.createTransaction(
                      CHAIN_ID,
                      BigInteger.ONE,
                      GWEI.multiply(BigInteger.TWO),
                      BigInteger.valueOf(30_000),
                      to,
                      BigInteger.TWO,
                      "",
                      List.of(new AccessListObject(to, List.of("0x" + "00".repeat(31) + "01")))),
                  sender)));
      hashes.add(send(rpc, dynamicFeeCreation(sender, 2, RETURNS_42)));
      hashes.add(send(rpc, dynamicFeeCreation(sender, 3, REVERTS)));

      List<String> statuses = new ArrayList<>();
      for (String h : hashes) {
        statuses.add(rpc.call("eth_getTransactionReceipt", h).get("status").asText());
      }
      assertThat(statuses).containsExactly("0x1", "0x1", "0x1", "0x0");
      assertThat(
              rpc.call(
                  "eth_call",
                  JsonRpc.json()
                      .createObjectNode()
                      .put(
                          "to",
                          rpc.call("eth_getTransactionReceipt", hashes.get(2))
                              .get("contractAddress")
                              .asText()),
                  "latest"))
          .hasToString("\"0x" + "00".repeat(31) + "2a\"");

      long head = JsonRpc.quantity(rpc.call("eth_blockNumber")).longValue();
      long transactions = 0;
      BigInteger gas = BigInteger.ZERO;
      Map<Long, JsonNode> blocks = new HashMap<>();
      for (long n = 1; n <= head; n++) {
        JsonNode b = rpc.call("eth_getBlockByNumber", "0x" + Long.toHexString(n), false);
        blocks.put(n, b);
        transactions += b.get("transactions").size();
        gas = gas.add(JsonRpc.quantity(b.get("gasUsed")));
      }
      assertThat(transactions).isGreaterThanOrEqualTo(13);

      ExternalTool.Result replay =
          tools
              .node(
                  "block-replay.mjs",
                  Path.of("..", "..", "genesis", "devnet.json").toAbsolutePath().toString(),
                  node.rpcUrl())
              .requireSuccess();
      List<String> lines = replay.stdout().lines().toList();
      JsonNode done = JsonRpc.json().readTree(lines.getLast());
      assertThat(done.get("event").asText()).as(replay.describe()).isEqualTo("done");
      assertThat(done.get("blocks").asLong()).isEqualTo(head);
      assertThat(done.get("transactions").asLong()).isEqualTo(transactions);
      assertThat(new BigInteger(done.get("gasUsed").asText())).isEqualTo(gas);
      // ethereumjs' own state roots are the node's, block by block
      for (String line : lines) {
        JsonNode e = JsonRpc.json().readTree(line);
        if (e.get("event").asText().equals("block")) {
          JsonNode b = blocks.get(e.get("number").asLong());
          assertThat(b).as("block %s", e.get("number")).isNotNull();
          assertThat(e.get("stateRoot").asText()).isEqualTo(b.get("stateRoot").asText());
          assertThat(e.get("hash").asText()).isEqualTo(b.get("hash").asText());
        }
      }
    }
  }

  private static byte[] dynamicFeeCreation(Credentials sender, long nonce, String initCode) {
    return TransactionEncoder.signMessage(
        RawTransaction.createTransaction(
            CHAIN_ID,
            BigInteger.valueOf(nonce),
            BigInteger.valueOf(100_000),
            "",
            BigInteger.ZERO,
            initCode,
            GWEI,
            GWEI.multiply(BigInteger.valueOf(3))),
        sender);
  }

  /** Sends a signed transaction; with {@code --block-time 0} it is mined when this returns. */
  private static String send(JsonRpc rpc, byte[] signed) throws Exception {
    return rpc.call("eth_sendRawTransaction", Numeric.toHexString(signed)).asText();
  }
}
