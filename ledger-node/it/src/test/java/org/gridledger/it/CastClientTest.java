package org.gridledger.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import org.gridledger.testsupport.DevNode;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/**
 * Foundry's cast 1.7.1 (the same release as the anvil the contracts module pins) as a real process
 * against {@code gridledger dev --block-time 250ms} (interval mining): send, call, receipt, logs,
 * proof, block, balance, chain-id, each output checked against what the test sent.
 */
class CastClientTest {
  private static final Path SCRATCH = Path.of("target", "cast-client-test");

  @Test
  void castAgainstDev() throws Exception {
    ProbeContract probe = ProbeContract.load();
    ExternalTool tools = new ExternalTool(SCRATCH);
    Credentials sender = DevAccounts.credentials(7);
    String key = DevAccounts.privateKey(7);
    try (DevNode node =
        DevNode.start(SCRATCH.resolve(System.nanoTime() + ".log"), "--block-time", "250ms")) {
      String url = node.rpcUrl();
      JsonRpc rpc = new JsonRpc(url, Duration.ofSeconds(30));

      assertThat(tools.cast("chain-id", "--rpc-url", url).requireSuccess().stdout().trim())
          .isEqualTo("1337");

      // cast send --create: deploys with constructor argument 5.
      JsonNode deployed =
          json(
              tools
                  .cast(
                      "send",
                      "--rpc-url",
                      url,
                      "--private-key",
                      key,
                      "--json",
                      "--create",
                      probe.bytecode(),
                      "constructor(uint256)",
                      "5")
                  .requireSuccess());
      assertThat(deployed.get("status").asText()).isEqualTo("0x1");
      String contract = deployed.get("contractAddress").asText();

      // cast send: increment(3, "from cast").
      JsonNode sent =
          json(
              tools
                  .cast(
                      "send",
                      "--rpc-url",
                      url,
                      "--private-key",
                      key,
                      "--json",
                      contract,
                      "increment(uint256,string)",
                      "3",
                      "from cast")
                  .requireSuccess());
      assertThat(sent.get("status").asText()).isEqualTo("0x1");
      assertThat(sent.get("from").asText()).isEqualTo(sender.getAddress());
      String txHash = sent.get("transactionHash").asText();
      long blockNumber = JsonRpc.quantity(sent.get("blockNumber")).longValueExact();

      // cast call, decoded by cast from the signature.
      assertThat(
              tools
                  .cast("call", "--rpc-url", url, contract, "count()(uint256)")
                  .requireSuccess()
                  .stdout()
                  .trim())
          .isEqualTo("8");
      assertThat(
              tools
                  .cast("call", "--rpc-url", url, contract, "lastCaller()(address)")
                  .requireSuccess()
                  .stdout()
                  .trim())
          .isEqualToIgnoringCase(sender.getAddress());
      ExternalTool.Result reverted =
          tools.cast("call", "--rpc-url", url, contract, "increment(uint256,string)", "0", "x");
      // cast 1.7.1 (its npm launcher) exits 0 after printing a call's error; the reason is on
      // stderr.
      assertThat(reverted.stdout()).as(reverted.describe()).isBlank();
      assertThat(reverted.stderr()).contains("execution reverted: ClientProbe: amount is zero");

      // cast receipt: the same receipt cast send returned.
      JsonNode receipt =
          json(tools.cast("receipt", "--rpc-url", url, txHash, "--json").requireSuccess());
      assertThat(receipt.get("blockHash").asText()).isEqualTo(sent.get("blockHash").asText());
      assertThat(receipt.get("gasUsed").asText()).isEqualTo(sent.get("gasUsed").asText());
      assertThat(receipt.get("logs")).hasSize(1);

      // cast logs by event signature: the event's indexed and data fields.
      JsonNode logs =
          json(
              tools
                  .cast(
                      "logs",
                      "--rpc-url",
                      url,
                      "--json",
                      "--from-block",
                      Long.toString(blockNumber),
                      "--to-block",
                      Long.toString(blockNumber),
                      "--address",
                      contract,
                      "Incremented(address indexed,uint256 indexed,uint256,string)")
                  .requireSuccess());
      assertThat(logs).hasSize(1);
      JsonNode log = logs.get(0);
      assertThat(log.get("transactionHash").asText()).isEqualTo(txHash);
      assertThat(log.get("topics").get(1).asText())
          .isEqualTo("0x" + "0".repeat(24) + sender.getAddress().substring(2));
      assertThat(JsonRpc.quantity(log.get("topics").get(2))).isEqualTo(BigInteger.valueOf(8));
      String decoded =
          tools
              .cast("decode-abi", "--input", "f(uint256,string)", log.get("data").asText())
              .requireSuccess()
              .stdout();
      assertThat(decoded).contains("3").contains("\"from cast\"");

      // cast proof: slot 0 holds count (8), slot 1 the last caller.
      JsonNode proof =
          json(tools.cast("proof", "--rpc-url", url, contract, "0", "1").requireSuccess());
      assertThat(proof.get("address").asText()).isEqualToIgnoringCase(contract);
      assertThat(JsonRpc.quantity(proof.get("nonce"))).isEqualTo(BigInteger.ONE); // EIP-161
      assertThat(JsonRpc.quantity(proof.get("storageProof").get(0).get("value")))
          .isEqualTo(BigInteger.valueOf(8));
      assertThat(JsonRpc.quantity(proof.get("storageProof").get(1).get("value")))
          .isEqualTo(new BigInteger(sender.getAddress().substring(2), 16));
      assertThat(proof.get("accountProof").size()).isPositive();

      // cast block: the receipt's block holds the transaction.
      JsonNode block =
          json(
              tools
                  .cast("block", "--rpc-url", url, Long.toString(blockNumber), "--json")
                  .requireSuccess());
      assertThat(block.get("hash").asText()).isEqualTo(sent.get("blockHash").asText());
      assertThat(block.get("transactions").toString()).contains(txHash);

      // cast balance of an untouched funded account and of the sender (fees paid).
      assertThat(
              tools
                  .cast("balance", "--rpc-url", url, DevAccounts.address(9))
                  .requireSuccess()
                  .stdout()
                  .trim())
          .isEqualTo("10000000000000000000000");
      BigInteger senderBalance =
          new BigInteger(
              tools
                  .cast("balance", "--rpc-url", url, sender.getAddress())
                  .requireSuccess()
                  .stdout()
                  .trim());
      assertThat(senderBalance).isLessThan(BigInteger.TEN.pow(22));
      assertThat(JsonRpc.quantity(rpc.call("eth_getBalance", sender.getAddress(), "latest")))
          .isEqualTo(senderBalance);
    }
  }

  private static JsonNode json(ExternalTool.Result result) throws Exception {
    return JsonRpc.json().readTree(result.stdout());
  }
}
