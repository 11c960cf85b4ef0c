package org.gridledger.rpc.eth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.UInt256;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The eth methods through a real server on an ephemeral port over a real chain ({@link TestNet}).
 * Expected field sets are go-ethereum 1.16's ({@code internal/ethapi/api.go}, {@code
 * core/types/gen_log_json.go}); expected values are worked out by hand from the transactions.
 */
class EthApiTest {
  static TestNet net;

  /** Block 1's base fee: genesis 1 gwei, empty → 1 gwei * 7/8 (EIP-1559). */
  static final String BASE_FEE_1 = "0x342770c0";

  static final Set<String> HEADER_FIELDS =
      Set.of(
          "number",
          "hash",
          "parentHash",
          "nonce",
          "mixHash",
          "sha3Uncles",
          "logsBloom",
          "stateRoot",
          "miner",
          "difficulty",
          "extraData",
          "gasLimit",
          "gasUsed",
          "timestamp",
          "transactionsRoot",
          "receiptsRoot",
          "baseFeePerGas",
          "withdrawalsRoot",
          "blobGasUsed",
          "excessBlobGas",
          "parentBeaconBlockRoot");

  static final Set<String> TX_COMMON =
      Set.of(
          "blockHash",
          "blockNumber",
          "blockTimestamp",
          "from",
          "gas",
          "gasPrice",
          "hash",
          "input",
          "nonce",
          "to",
          "transactionIndex",
          "value",
          "type",
          "v",
          "r",
          "s");

  static final Set<String> RECEIPT_FIELDS =
      Set.of(
          "blockHash",
          "blockNumber",
          "transactionHash",
          "transactionIndex",
          "from",
          "to",
          "gasUsed",
          "cumulativeGasUsed",
          "contractAddress",
          "logs",
          "logsBloom",
          "type",
          "effectiveGasPrice",
          "status");

  static final Set<String> LOG_FIELDS =
      Set.of(
          "address",
          "topics",
          "data",
          "blockNumber",
          "transactionHash",
          "transactionIndex",
          "blockHash",
          "blockTimestamp",
          "logIndex",
          "removed");

  @BeforeAll
  static void start() {
    net = new TestNet(EthConfig.defaults()).start();
  }

  @AfterAll
  static void stop() {
    net.close();
  }

  static Set<String> fields(JsonNode o) {
    Set<String> s = new TreeSet<>();
    o.fieldNames().forEachRemaining(s::add);
    return s;
  }

  static Set<String> union(Set<String> a, String... more) {
    Set<String> s = new TreeSet<>(a);
    s.addAll(List.of(more));
    return s;
  }

  static String word(int v) {
    return "0x" + "0".repeat(62) + String.format("%02x", v);
  }

  @Test
  void blockNumberChainIdSyncing() throws Exception {
    assertThat(net.result("eth_blockNumber").asText()).isEqualTo("0x2");
    assertThat(net.result("eth_chainId").asText()).isEqualTo("0x539");
    assertThat(net.result("eth_syncing").asBoolean()).isFalse();
    assertThat(net.result("eth_accounts")).isEmpty();
    assertThat(net.result("eth_blobBaseFee").asText()).isEqualTo("0x1"); // no excess blob gas
    assertThat(net.result("eth_getUncleCountByBlockNumber", "0x1").asText()).isEqualTo("0x0");
    assertThat(net.result("eth_getUncleCountByBlockNumber", "0x7").isNull()).isTrue();
    assertThat(net.result("eth_getUncleByBlockNumberAndIndex", "0x1", "0x0").isNull()).isTrue();
  }

  @Test
  void blockWithHashesHasGethsCancunShape() throws Exception {
    JsonNode b = net.result("eth_getBlockByNumber", "0x1", false);
    assertThat(fields(b))
        .isEqualTo(union(HEADER_FIELDS, "size", "transactions", "uncles", "withdrawals"));
    assertThat(b.has("totalDifficulty")).isFalse();
    assertThat(b.get("number").asText()).isEqualTo("0x1");
    assertThat(b.get("baseFeePerGas").asText()).isEqualTo(BASE_FEE_1);
    assertThat(b.get("nonce").asText()).isEqualTo("0x0000000000000000");
    assertThat(b.get("difficulty").asText()).isEqualTo("0x0");
    assertThat(b.get("blobGasUsed").asText()).isEqualTo("0x0");
    assertThat(b.get("timestamp").asText()).isEqualTo("0x" + Long.toHexString(1_700_000_012L));
    assertThat(b.get("miner").asText()).isEqualTo("0x00000000000000000000000000000000000c0ffe");
    assertThat(b.get("uncles")).isEmpty();
    assertThat(b.get("withdrawals")).isEmpty();
    List<String> hashes = new ArrayList<>();
    b.get("transactions").forEach(h -> hashes.add(h.asText()));
    assertThat(hashes)
        .containsExactly(
            net.block1.get(0).hash().toHex(),
            net.block1.get(1).hash().toHex(),
            net.block1.get(2).hash().toHex());
    assertThat(Long.decode(b.get("size").asText())).isGreaterThan(500);

    JsonNode byHash = net.result("eth_getBlockByHash", b.get("hash").asText(), false);
    assertThat(byHash).isEqualTo(b);
    assertThat(net.result("eth_getBlockByNumber", "0x9", false).isNull()).isTrue();
    assertThat(net.result("eth_getBlockByNumber", "earliest", false).get("number").asText())
        .isEqualTo("0x0");
    assertThat(net.result("eth_getBlockByNumber", "finalized", false).get("number").asText())
        .isEqualTo("0x2");
    assertThat(net.result("eth_getBlockTransactionCountByNumber", "0x1").asText()).isEqualTo("0x3");
    assertThat(net.result("eth_getBlockTransactionCountByHash", b.get("hash").asText()).asText())
        .isEqualTo("0x3");
  }

  @Test
  void fullTransactionsHaveTypeSpecificFields() throws Exception {
    JsonNode b = net.result("eth_getBlockByNumber", "0x1", true);
    JsonNode legacy = b.get("transactions").get(0);
    assertThat(fields(legacy)).isEqualTo(union(TX_COMMON, "chainId"));
    assertThat(legacy.get("type").asText()).isEqualTo("0x0");
    assertThat(legacy.get("from").asText()).isEqualTo(TestNet.ADDR1.toHex());
    assertThat(legacy.get("to").asText()).isEqualTo(TestNet.ADDR2.toHex());
    assertThat(legacy.get("gasPrice").asText()).isEqualTo("0x77359400");
    assertThat(legacy.get("value").asText()).isEqualTo("0x3e8");
    assertThat(legacy.get("chainId").asText()).isEqualTo("0x539");
    // EIP-155: v = chainId * 2 + 35 + yParity
    assertThat(legacy.get("v").asText()).isIn("0xa95", "0xa96");
    assertThat(legacy.get("transactionIndex").asText()).isEqualTo("0x0");
    assertThat(legacy.get("blockTimestamp").asText())
        .isEqualTo("0x" + Long.toHexString(1_700_000_012L));
    assertThat(legacy.get("blockHash").asText()).isEqualTo(b.get("hash").asText());

    JsonNode dynamic = b.get("transactions").get(1);
    assertThat(fields(dynamic))
        .isEqualTo(
            union(
                TX_COMMON,
                "chainId",
                "maxFeePerGas",
                "maxPriorityFeePerGas",
                "accessList",
                "yParity"));
    assertThat(dynamic.get("type").asText()).isEqualTo("0x2");
    // base fee 875000000 + tip 1 gwei
    assertThat(dynamic.get("gasPrice").asText()).isEqualTo("0x6fc23ac0");
    assertThat(dynamic.get("maxFeePerGas").asText()).isEqualTo("0x174876e800");
    assertThat(dynamic.get("maxPriorityFeePerGas").asText()).isEqualTo("0x3b9aca00");
    assertThat(dynamic.get("v").asText()).isEqualTo(dynamic.get("yParity").asText());
    assertThat(dynamic.get("accessList")).isEmpty();
    assertThat(dynamic.get("input").asText()).isEqualTo("0x01" + word(0x2a).substring(2));

    JsonNode creation = b.get("transactions").get(2);
    assertThat(fields(creation)).isEqualTo(union(TX_COMMON, "chainId", "accessList", "yParity"));
    assertThat(creation.get("to").isNull()).isTrue();
    assertThat(creation.get("type").asText()).isEqualTo("0x1");
    assertThat(creation.get("gasPrice").asText()).isEqualTo("0xb2d05e00");
    assertThat(creation.get("accessList").get(0).get("address").asText())
        .isEqualTo(TestNet.CONTRACT.toHex());
    assertThat(creation.get("accessList").get(0).get("storageKeys").get(0).asText())
        .isEqualTo(word(0));

    assertThat(net.result("eth_getTransactionByHash", net.block1.get(1).hash().toHex()))
        .isEqualTo(dynamic);
    assertThat(net.result("eth_getTransactionByBlockNumberAndIndex", "0x1", "0x2"))
        .isEqualTo(creation);
    assertThat(net.result("eth_getTransactionByBlockHashAndIndex", b.get("hash").asText(), "0x0"))
        .isEqualTo(legacy);
    assertThat(net.result("eth_getTransactionByBlockNumberAndIndex", "0x1", "0x3").isNull())
        .isTrue();
    assertThat(net.result("eth_getTransactionByHash", word(1)).isNull()).isTrue();
  }

  @Test
  void receiptsHaveGethsFields() throws Exception {
    JsonNode transfer = net.result("eth_getTransactionReceipt", net.block1.get(0).hash().toHex());
    assertThat(fields(transfer)).isEqualTo(RECEIPT_FIELDS);
    assertThat(transfer.get("status").asText()).isEqualTo("0x1");
    assertThat(transfer.get("gasUsed").asText()).isEqualTo("0x5208");
    assertThat(transfer.get("cumulativeGasUsed").asText()).isEqualTo("0x5208");
    assertThat(transfer.get("contractAddress").isNull()).isTrue();
    assertThat(transfer.get("logs")).isEmpty();
    assertThat(transfer.get("type").asText()).isEqualTo("0x0");
    assertThat(transfer.get("effectiveGasPrice").asText()).isEqualTo("0x77359400");
    assertThat(transfer.get("logsBloom").asText()).isEqualTo("0x" + "0".repeat(512));

    JsonNode call = net.result("eth_getTransactionReceipt", net.block1.get(1).hash().toHex());
    assertThat(call.get("effectiveGasPrice").asText()).isEqualTo("0x6fc23ac0");
    long gasUsed = Long.decode(call.get("gasUsed").asText());
    assertThat(Long.decode(call.get("cumulativeGasUsed").asText())).isEqualTo(21_000 + gasUsed);
    JsonNode log = call.get("logs").get(0);
    assertThat(fields(log)).isEqualTo(LOG_FIELDS);
    assertThat(log.get("address").asText()).isEqualTo(TestNet.CONTRACT.toHex());
    assertThat(log.get("topics").get(0).asText()).isEqualTo(TestNet.TOPIC.toHex());
    assertThat(log.get("data").asText()).isEqualTo(word(0x2a));
    assertThat(log.get("logIndex").asText()).isEqualTo("0x0");
    assertThat(log.get("transactionIndex").asText()).isEqualTo("0x1");
    assertThat(log.get("blockTimestamp").asText())
        .isEqualTo("0x" + Long.toHexString(1_700_000_012L));
    assertThat(log.get("removed").asBoolean()).isFalse();

    JsonNode create = net.result("eth_getTransactionReceipt", net.block1.get(2).hash().toHex());
    assertThat(create.get("to").isNull()).isTrue();
    assertThat(create.get("type").asText()).isEqualTo("0x1");
    String contract = create.get("contractAddress").asText();
    assertThat(net.result("eth_getCode", contract, "latest").asText()).isEqualTo(TestNet.RUNTIME);

    JsonNode all = net.result("eth_getBlockReceipts", "0x1");
    assertThat(all).hasSize(3);
    assertThat(all.get(0)).isEqualTo(transfer);
    assertThat(all.get(1)).isEqualTo(call);
    assertThat(all.get(2)).isEqualTo(create);
    assertThat(net.result("eth_getTransactionReceipt", word(5)).isNull()).isTrue();
  }

  @Test
  void stateAtBlockParameters() throws Exception {
    String a2 = TestNet.ADDR2.toHex();
    assertThat(net.result("eth_getBalance", a2, "earliest").asText())
        .isEqualTo("0x" + TestNet.FUNDS.toBigInteger().toString(16));
    JsonNode create = net.result("eth_getTransactionReceipt", net.block1.get(2).hash().toHex());
    BigInteger fee =
        BigInteger.valueOf(Long.decode(create.get("gasUsed").asText()))
            .multiply(BigInteger.valueOf(3_000_000_000L));
    BigInteger expected = TestNet.FUNDS.toBigInteger().add(BigInteger.valueOf(1000)).subtract(fee);
    assertThat(net.result("eth_getBalance", a2, "0x1").asText())
        .isEqualTo("0x" + expected.toString(16));
    String h1 = net.result("eth_getBlockByNumber", "0x1", false).get("hash").asText();
    assertThat(net.result("eth_getBalance", a2, Map.of("blockHash", h1)).asText())
        .isEqualTo("0x" + expected.toString(16));
    assertThat(net.result("eth_getBalance", a2, Map.of("blockNumber", "0x0")).asText())
        .isEqualTo("0x" + TestNet.FUNDS.toBigInteger().toString(16));
    JsonNode err = net.error("eth_getBalance", a2, "0x10");
    assertThat(err.get("code").asInt()).isEqualTo(-32000);
    assertThat(err.get("message").asText()).isEqualTo("header not found");
    assertThat(net.error("eth_getBalance", a2, word(9)).get("message").asText())
        .isEqualTo("header for hash not found");

    String c = TestNet.CONTRACT.toHex();
    assertThat(net.result("eth_getStorageAt", c, "0x0", "latest").asText()).isEqualTo(word(7));
    assertThat(net.result("eth_getStorageAt", c, "0x0", "0x1").asText()).isEqualTo(word(0x2a));
    assertThat(net.result("eth_getStorageAt", c, "0x0", "0x0").asText()).isEqualTo(word(0));
    assertThat(net.result("eth_getCode", c, "0x0").asText()).isEqualTo(TestNet.RUNTIME);
    assertThat(net.result("eth_getCode", a2, "latest").asText()).isEqualTo("0x");

    assertThat(net.result("eth_getTransactionCount", TestNet.ADDR1.toHex(), "latest").asText())
        .isEqualTo("0x3");
    assertThat(net.result("eth_getTransactionCount", TestNet.ADDR1.toHex(), "0x1").asText())
        .isEqualTo("0x2");
  }

  @Test
  void sendRawTransactionGoesToThePool() throws Exception {
    Transaction tx = TestNet.store(TestNet.KEY2, 2, 0x33);
    String raw = Hex.encode(tx.encode());
    assertThat(net.result("eth_sendRawTransaction", raw).asText()).isEqualTo(tx.hash().toHex());
    JsonNode again = net.error("eth_sendRawTransaction", raw);
    assertThat(again.get("code").asInt()).isEqualTo(-32000);
    assertThat(again.get("message").asText()).isEqualTo("already known");
    assertThat(net.error("eth_sendRawTransaction", "0x02c0").get("code").asInt()).isEqualTo(-32000);
    // A blob transaction in its network form (0x03 || [[fields], blobs, commitments, proofs]) is
    // refused for its type, not for the wrapper our transaction decoder does not read.
    assertThat(net.error("eth_sendRawTransaction", "0x03c4c0c0c0c0").get("message").asText())
        .isEqualTo("transaction type not supported");
    assertThat(EthApi.isBlobNetworkForm(Hex.decode("0x03c4c0c0c0c0"))).isTrue();
    assertThat(EthApi.isBlobNetworkForm(Hex.decode("0x03c20180"))).isFalse();
    assertThat(EthApi.isBlobNetworkForm(Hex.decode("0x02c4c0c0c0c0"))).isFalse();
    assertThat(EthApi.isBlobNetworkForm(Hex.decode("0x03ff"))).isFalse();
    assertThat(
            net.error(
                    "eth_sendRawTransaction",
                    Hex.encode(TestNet.store(TestNet.KEY1, 0, 1).encode()))
                .get("message")
                .asText())
        .isEqualTo("nonce too low");

    Transaction unprotected =
        org.gridledger.core.tx.LegacyTransaction.unsigned(
                5,
                UInt256.of(2_000_000_000L),
                21_000,
                java.util.Optional.of(TestNet.ADDR1),
                UInt256.ONE,
                new byte[0],
                java.util.Optional.empty())
            .sign(TestNet.KEY2);
    assertThat(
            net.error("eth_sendRawTransaction", Hex.encode(unprotected.encode()))
                .get("message")
                .asText())
        .isEqualTo("only replay-protected (EIP-155) transactions allowed over RPC");
    Transaction expensive =
        org.gridledger.core.tx.LegacyTransaction.unsigned(
                5,
                UInt256.of(100_000_000_000_000L),
                21_000,
                java.util.Optional.of(TestNet.ADDR1),
                UInt256.ONE,
                new byte[0],
                java.util.Optional.of(UInt256.of(TestNet.CHAIN_ID)))
            .sign(TestNet.KEY2);
    // 21000 gas * 1e14 wei = 2.1 ether
    assertThat(
            net.error("eth_sendRawTransaction", Hex.encode(expensive.encode()))
                .get("message")
                .asText())
        .isEqualTo("tx fee (2.10 ether) exceeds the configured cap (1.00 ether)");

    JsonNode pending = net.result("eth_getTransactionByHash", tx.hash().toHex());
    assertThat(pending.get("blockHash").isNull()).isTrue();
    assertThat(pending.get("blockNumber").isNull()).isTrue();
    assertThat(pending.get("blockTimestamp").isNull()).isTrue();
    assertThat(pending.get("transactionIndex").isNull()).isTrue();
    assertThat(pending.get("gasPrice").asText()).isEqualTo("0x174876e800");
    assertThat(pending.get("from").asText()).isEqualTo(TestNet.ADDR2.toHex());
    assertThat(net.result("eth_getTransactionCount", TestNet.ADDR2.toHex(), "pending").asText())
        .isEqualTo("0x3");
    assertThat(net.result("eth_getTransactionCount", TestNet.ADDR2.toHex(), "latest").asText())
        .isEqualTo("0x2");
    JsonNode status = net.result("txpool_status");
    assertThat(status.get("pending").asText()).isEqualTo("0x1");
    assertThat(status.get("queued").asText()).isEqualTo("0x0");
    JsonNode content = net.result("txpool_content");
    assertThat(
            content
                .get("pending")
                .get(EthApi.checksummed(TestNet.ADDR2))
                .get("2")
                .get("hash")
                .asText())
        .isEqualTo(tx.hash().toHex());
    assertThat(content.get("queued")).isEmpty();
    JsonNode from = net.result("txpool_contentFrom", TestNet.ADDR2.toHex());
    assertThat(from.get("pending").get("2").get("hash").asText()).isEqualTo(tx.hash().toHex());
    assertThat(from.get("queued")).isEmpty();
  }

  @Test
  void callReturnsRevertsAndTakesOverrides() throws Exception {
    String c = TestNet.CONTRACT.toHex();
    assertThat(net.result("eth_call", Map.of("to", c), "latest").asText()).isEqualTo(word(7));
    assertThat(net.result("eth_call", Map.of("to", c, "input", "0x00"), "0x1").asText())
        .isEqualTo(word(0x2a));
    // from an account that does not exist, without fees: geth's eth_call allows it
    assertThat(
            net.result("eth_call", Map.of("from", word(3).substring(0, 42), "to", c), "latest")
                .asText())
        .isEqualTo(word(7));
    // a contract as the sender (geth skips EIP-3607 for calls)
    assertThat(
            net.result("eth_call", Map.of("from", c, "to", TestNet.ADDR2.toHex()), "latest")
                .asText())
        .isEqualTo("0x");
    JsonNode reverted = net.error("eth_call", Map.of("to", c, "input", "0x02"), "latest");
    assertThat(reverted.get("code").asInt()).isEqualTo(3);
    assertThat(reverted.get("message").asText()).isEqualTo("execution reverted");
    assertThat(reverted.get("data").asText()).isEqualTo("0xdeadbeef");

    Map<String, Object> diff = Map.of(c, Map.of("stateDiff", Map.of(word(0), word(0x99))));
    assertThat(net.result("eth_call", Map.of("to", c), "latest", diff).asText())
        .isEqualTo(word(0x99));
    String other = "0x00000000000000000000000000000000000000ff";
    Map<String, Object> code =
        Map.of(other, Map.of("code", TestNet.RUNTIME, "state", Map.of(word(0), word(5))));
    assertThat(net.result("eth_call", Map.of("to", other), "latest", code).asText())
        .isEqualTo(word(5));
    // value from an unfunded sender only works with a balance override
    String poor = "0x00000000000000000000000000000000000000ee";
    Map<String, Object> send = Map.of("from", poor, "to", other, "value", "0x10");
    assertThat(net.error("eth_call", send, "latest").get("code").asInt()).isEqualTo(-32000);
    assertThat(
            net.result("eth_call", send, "latest", Map.of(poor, Map.of("balance", "0x10")))
                .asText())
        .isEqualTo("0x");
    JsonNode both =
        net.error(
            "eth_call",
            Map.of("to", c),
            "latest",
            Map.of(c, Map.of("state", Map.of(), "stateDiff", Map.of())));
    assertThat(both.get("code").asInt()).isEqualTo(-32602);
  }

  @Test
  void estimateGasBinarySearches() throws Exception {
    assertThat(
            net.result(
                    "eth_estimateGas",
                    Map.of(
                        "from", TestNet.ADDR1.toHex(), "to", TestNet.ADDR2.toHex(), "value", "0x1"))
                .asText())
        .isEqualTo("0x5208");
    String c = TestNet.CONTRACT.toHex();
    String input = Hex.encode(TestNet.storeInput(0x55));
    long estimate =
        Long.decode(
            net.result(
                    "eth_estimateGas",
                    Map.of("from", TestNet.ADDR1.toHex(), "to", c, "input", input))
                .asText());
    assertThat(
            net.rpc(
                    "eth_call",
                    Map.of("to", c, "input", input, "gas", "0x" + Long.toHexString(estimate)),
                    "latest")
                .has("result"))
        .isTrue();
    JsonNode tooLittle =
        net.error(
            "eth_call",
            Map.of("to", c, "input", input, "gas", "0x" + Long.toHexString(estimate * 9 / 10)),
            "latest");
    assertThat(tooLittle.get("message").asText()).isEqualTo("out of gas");
    JsonNode reverted = net.error("eth_estimateGas", Map.of("to", c, "input", "0x02"));
    assertThat(reverted.get("code").asInt()).isEqualTo(3);
    assertThat(reverted.get("data").asText()).isEqualTo("0xdeadbeef");
    JsonNode capped =
        net.error("eth_estimateGas", Map.of("to", c, "input", input, "gas", "0x5300"));
    assertThat(capped.get("message").asText()).isEqualTo("gas required exceeds allowance (21248)");
  }

  @Test
  void logsByRangeAddressTopicsAndHash() throws Exception {
    String c = TestNet.CONTRACT.toHex();
    JsonNode logs = net.result("eth_getLogs", Map.of("fromBlock", "0x0", "address", c));
    assertThat(logs).hasSize(2);
    assertThat(logs.get(0).get("data").asText()).isEqualTo(word(0x2a));
    assertThat(logs.get(0).get("blockNumber").asText()).isEqualTo("0x1");
    assertThat(logs.get(1).get("data").asText()).isEqualTo(word(7));
    assertThat(logs.get(1).get("blockNumber").asText()).isEqualTo("0x2");
    assertThat(fields(logs.get(1))).isEqualTo(LOG_FIELDS);
    assertThat(
            net.result(
                "eth_getLogs",
                Map.of(
                    "fromBlock",
                    "0x0",
                    "toBlock",
                    "0x1",
                    "topics",
                    List.of(TestNet.TOPIC.toHex()))))
        .hasSize(1);
    assertThat(
            net.result(
                "eth_getLogs", Map.of("fromBlock", "earliest", "topics", List.of(word(0xbb)))))
        .isEmpty();
    assertThat(net.result("eth_getLogs", Map.of())).hasSize(1);
    String h1 = net.result("eth_getBlockByNumber", "0x1", false).get("hash").asText();
    assertThat(net.result("eth_getLogs", Map.of("blockHash", h1)).get(0)).isEqualTo(logs.get(0));
    assertThat(
            net.error("eth_getLogs", Map.of("blockHash", h1, "fromBlock", "0x1"))
                .get("code")
                .asInt())
        .isEqualTo(-32602);
    assertThat(
            net.error("eth_getLogs", Map.of("fromBlock", "0x2", "toBlock", "0x1"))
                .get("message")
                .asText())
        .isEqualTo("invalid block range params");
    JsonNode future = net.error("eth_getLogs", Map.of("fromBlock", "0x1", "toBlock", "0x5"));
    assertThat(future.get("code").asInt()).isEqualTo(-32602);
    assertThat(future.get("message").asText())
        .isEqualTo("block range extends beyond current head block");
    assertThat(net.error("eth_getLogs", Map.of("fromBlock", "pending")).get("message").asText())
        .isEqualTo("pending logs are not supported");
  }

  @Test
  void feesFollowTheOracle() throws Exception {
    // geth's oracle samples blocks 2 and 1 (never the genesis): block 2 tips 1e9, 1e9; block 1
    // (base fee 875e6): 1e9, 2e9 - 875e6, 3e9 - 875e6 → 60th percentile of 5 samples, the third:
    // 1e9.
    assertThat(net.result("eth_maxPriorityFeePerGas").asText()).isEqualTo("0x3b9aca00");
    BigInteger baseFee2 =
        new BigInteger(
            net.result("eth_getBlockByNumber", "latest", false)
                .get("baseFeePerGas")
                .asText()
                .substring(2),
            16);
    assertThat(net.result("eth_gasPrice").asText())
        .isEqualTo("0x" + baseFee2.add(BigInteger.valueOf(1_000_000_000L)).toString(16));
    JsonNode h = net.result("eth_feeHistory", "0x2", "latest", List.of(50.0));
    assertThat(fields(h))
        .containsExactlyInAnyOrder(
            "oldestBlock",
            "reward",
            "baseFeePerGas",
            "gasUsedRatio",
            "baseFeePerBlobGas",
            "blobGasUsedRatio");
    assertThat(h.get("oldestBlock").asText()).isEqualTo("0x1");
    assertThat(h.get("baseFeePerGas")).hasSize(3);
    assertThat(h.get("baseFeePerGas").get(0).asText()).isEqualTo(BASE_FEE_1);
    assertThat(h.get("gasUsedRatio")).hasSize(2);
    assertThat(h.get("reward")).hasSize(2);
    assertThat(h.get("reward").get(1).get(0).asText()).isEqualTo("0x3b9aca00");
    assertThat(h.get("baseFeePerBlobGas").get(0).asText()).isEqualTo("0x1");
    assertThat(h.get("blobGasUsedRatio").get(0).asDouble()).isEqualTo(0.0);
    assertThat(net.result("eth_feeHistory", 1, "0x0").has("reward")).isFalse();
    assertThat(net.error("eth_feeHistory", "0x1", "0x5").get("message").asText())
        .isEqualTo("request beyond head block: requested 5, head 2");
  }

  @Test
  void createAccessListFindsTheSlot() throws Exception {
    JsonNode r =
        net.result(
            "eth_createAccessList",
            Map.of("from", TestNet.ADDR1.toHex(), "to", TestNet.CONTRACT.toHex()),
            "latest");
    assertThat(fields(r)).containsExactlyInAnyOrder("accessList", "gasUsed");
    assertThat(r.get("accessList")).hasSize(1);
    assertThat(r.get("accessList").get(0).get("address").asText())
        .isEqualTo(TestNet.CONTRACT.toHex());
    assertThat(r.get("accessList").get(0).get("storageKeys").get(0).asText()).isEqualTo(word(0));
    // 21000 + 2400 (address) + 1900 (slot) + execution 174 with a warm SLOAD (100)
    assertThat(r.get("gasUsed").asText()).isEqualTo("0x6382");
    JsonNode reverted =
        net.result(
            "eth_createAccessList",
            Map.of("to", TestNet.CONTRACT.toHex(), "input", "0x02"),
            "latest");
    assertThat(reverted.get("error").asText()).isEqualTo("execution reverted");
    assertThat(reverted.get("accessList")).isEmpty();
    // with a state override: code at another address that reads its slot 0
    String other = "0x00000000000000000000000000000000000000ab";
    JsonNode overridden =
        net.result(
            "eth_createAccessList",
            Map.of("from", TestNet.ADDR1.toHex(), "to", other),
            "latest",
            Map.of(other, Map.of("code", TestNet.RUNTIME)));
    assertThat(overridden.get("accessList").get(0).get("address").asText()).isEqualTo(other);
  }

  @Test
  void revertedTransactionHasStatusZero() throws Exception {
    JsonNode r = net.result("eth_getTransactionReceipt", net.block2.get(1).hash().toHex());
    assertThat(fields(r)).isEqualTo(RECEIPT_FIELDS);
    assertThat(r.get("status").asText()).isEqualTo("0x0");
    assertThat(r.get("logs")).isEmpty();
    assertThat(r.get("transactionIndex").asText()).isEqualTo("0x1");
  }
}
