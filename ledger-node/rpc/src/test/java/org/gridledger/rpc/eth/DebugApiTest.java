package org.gridledger.rpc.eth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.block.BlockRoots;
import org.gridledger.core.receipt.Receipt;
import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.types.Hex;
import org.gridledger.rpc.RpcConfig;
import org.gridledger.rpc.RpcMethods;
import org.gridledger.rpc.RpcServer;
import org.gridledger.rpc.methods.EthChainApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tracers on the hand-assembled contract of {@link TestNet}; every gas figure below is worked out
 * by hand from the Cancun gas schedule (EIP-2929 cold slot 2100, SSTORE set 20000, LOG1 375 + 375 +
 * 8 per byte, memory 3 per word).
 */
class DebugApiTest {
  static TestNet net;

  @BeforeAll
  static void start() {
    net = new TestNet(EthConfig.defaults());
    RpcMethods.Builder b = RpcMethods.builder();
    new EthChainApi(TestNet.CHAIN_ID).registerTo(b);
    net.api.registerTo(b);
    new DebugApi(net.chain, net.pool, EthConfig.defaults()).registerTo(b);
    net.server =
        new RpcServer(
            RpcConfig.defaults().withPort(0).withApis(java.util.Set.of("eth", "debug")),
            b.build(),
            net.subscriptions);
    net.port = net.server.start();
  }

  @AfterAll
  static void stop() {
    net.close();
  }

  @Test
  void rawEncodingsAreTheConsensusBytes() throws Exception {
    String hash = net.result("eth_getBlockByNumber", "0x1", false).get("hash").asText();
    BlockHeader header =
        BlockHeader.decode(Hex.decode(net.result("debug_getRawHeader", "0x1").asText()));
    assertThat(header.hash().toHex()).isEqualTo(hash);
    // by hash (EIP-1898) the same block; "latest" the head's
    assertThat(net.result("debug_getRawHeader", Map.of("blockHash", hash)).asText())
        .isEqualTo(net.result("debug_getRawHeader", "0x1").asText());
    assertThat(
            BlockHeader.decode(Hex.decode(net.result("debug_getRawHeader", "latest").asText()))
                .hash()
                .toHex())
        .isEqualTo(net.result("eth_getBlockByNumber", "latest", false).get("hash").asText());

    Block block = Block.decode(Hex.decode(net.result("debug_getRawBlock", "0x1").asText()));
    assertThat(block.hash().toHex()).isEqualTo(hash);
    assertThat(block.body().transactions()).isEqualTo(net.block1);

    List<Receipt> receipts = new ArrayList<>();
    net.result("debug_getRawReceipts", "0x1")
        .forEach(r -> receipts.add(Receipt.decode(Hex.decode(r.asText()))));
    assertThat(receipts).hasSize(net.block1.size());
    assertThat(BlockRoots.receiptsRoot(receipts)).isEqualTo(header.receiptsRoot());
    assertThat(net.result("debug_getRawReceipts", "0x0")).isEmpty();

    Transaction tx = net.block1.get(1);
    assertThat(net.result("debug_getRawTransaction", tx.hash().toHex()).asText())
        .isEqualTo(Hex.encode(tx.encode()));
    assertThat(net.result("debug_getRawTransaction", "0x" + "12".repeat(32)).isNull()).isTrue();
    // a pending transaction comes from the pool
    Transaction pending = TestNet.store(TestNet.KEY2, 2, 0x44);
    net.result("eth_sendRawTransaction", Hex.encode(pending.encode()));
    assertThat(net.result("debug_getRawTransaction", pending.hash().toHex()).asText())
        .isEqualTo(Hex.encode(pending.encode()));

    // geth's errors: a number without 0x is invalid params, a block beyond the head not found
    assertThat(net.error("debug_getRawBlock", "2").get("code").asInt()).isEqualTo(-32602);
    assertThat(net.error("debug_getRawTransaction", "12".repeat(32)).get("code").asInt())
        .isEqualTo(-32602);
    JsonNode missing = net.error("debug_getRawHeader", "0x99");
    assertThat(missing.get("code").asInt()).isEqualTo(-32000);
    assertThat(missing.get("message").asText()).isEqualTo("block not found");
  }

  @Test
  void structLoggerTracesTheStoreCall() throws Exception {
    JsonNode t = net.result("debug_traceTransaction", net.block1.get(1).hash().toHex());
    // intrinsic 21000 + calldata (2 non-zero bytes * 16 + 31 zero bytes * 4) = 21156; execution
    // 47 (dispatch) + 22100 (SSTORE, cold, zero to non-zero) + 9 (PUSH1, MSTORE with one word)
    // + 9 (three PUSH1) + 1006 (LOG1 of 32 bytes) = 23171
    assertThat(t.get("gas").asLong()).isEqualTo(44_327);
    assertThat(t.get("failed").asBoolean()).isFalse();
    assertThat(t.get("returnValue").asText()).isEqualTo("0x");
    JsonNode logs = t.get("structLogs");
    List<String> ops = new ArrayList<>();
    logs.forEach(l -> ops.add(l.get("op").asText()));
    assertThat(ops)
        .containsExactly(
            "PUSH1",
            "CALLDATALOAD",
            "PUSH1",
            "SHR",
            "DUP1",
            "PUSH1",
            "EQ",
            "PUSH1",
            "JUMPI",
            "JUMPDEST",
            "PUSH1",
            "CALLDATALOAD",
            "DUP1",
            "PUSH1",
            "SSTORE",
            "PUSH1",
            "MSTORE",
            "PUSH1",
            "PUSH1",
            "PUSH1",
            "LOG1",
            "STOP");
    JsonNode first = logs.get(0);
    assertThat(first.get("pc").asInt()).isEqualTo(0);
    assertThat(first.get("gas").asLong()).isEqualTo(100_000 - 21_156);
    assertThat(first.get("gasCost").asLong()).isEqualTo(3);
    assertThat(first.get("depth").asInt()).isEqualTo(1);
    assertThat(first.get("stack")).isEmpty();
    assertThat(first.has("refund")).isFalse();
    assertThat(first.has("error")).isFalse();
    assertThat(first.has("storage")).isFalse();
    JsonNode jumpi = logs.get(8);
    assertThat(jumpi.get("gasCost").asLong()).isEqualTo(10);
    assertThat(jumpi.get("stack").get(2).asText()).isEqualTo("0x1f");
    assertThat(logs.get(9).get("pc").asInt()).isEqualTo(0x1f);
    JsonNode sstore = logs.get(14);
    assertThat(sstore.get("gasCost").asLong()).isEqualTo(22_100);
    assertThat(sstore.get("storage"))
        .isEqualTo(
            TestNet.MAPPER.valueToTree(
                Map.of("0x" + "0".repeat(64), "0x" + "0".repeat(62) + "2a")));
    assertThat(logs.get(16).get("gasCost").asLong()).isEqualTo(6);
    assertThat(logs.get(20).get("gasCost").asLong()).isEqualTo(1006);
    assertThat(logs.get(20).has("memory")).isFalse();

    JsonNode withMemory =
        net.result(
            "debug_traceTransaction",
            net.block1.get(1).hash().toHex(),
            Map.of("enableMemory", true, "disableStack", true, "disableStorage", true));
    JsonNode log1 = withMemory.get("structLogs").get(20);
    assertThat(log1.get("memory")).hasSize(1);
    assertThat(log1.get("memory").get(0).asText()).isEqualTo(EthApiTest.word(0x2a));
    assertThat(log1.has("stack")).isFalse();
    assertThat(withMemory.get("structLogs").get(14).has("storage")).isFalse();
  }

  @Test
  void callTracerShowsTheTopCall() throws Exception {
    JsonNode t =
        net.result(
            "debug_traceTransaction",
            net.block1.get(1).hash().toHex(),
            Map.of("tracer", "callTracer"));
    assertThat(EthApiTest.fields(t))
        .containsExactlyInAnyOrder("from", "gas", "gasUsed", "to", "input", "value", "type");
    assertThat(t.get("type").asText()).isEqualTo("CALL");
    assertThat(t.get("from").asText()).isEqualTo(TestNet.ADDR1.toHex());
    assertThat(t.get("to").asText()).isEqualTo(TestNet.CONTRACT.toHex());
    assertThat(t.get("gas").asText()).isEqualTo("0x186a0");
    assertThat(t.get("gasUsed").asText()).isEqualTo("0x" + Long.toHexString(44_327));
    assertThat(t.get("value").asText()).isEqualTo("0x0");
  }

  @Test
  void callTracerShowsNestedCallsAndReverts() throws Exception {
    // CALL(gas 0xffff, CONTRACT, value 0, no input, output to memory 0..32), RETURN(0, 32)
    String proxy = "0x00000000000000000000000000000000000000bb";
    String code =
        "0x6020600060006000600073" + TestNet.CONTRACT.toHex().substring(2) + "61fffff160206000f3";
    JsonNode t =
        net.result(
            "debug_traceCall",
            Map.of("to", proxy),
            "latest",
            Map.of("tracer", "callTracer", "stateOverrides", Map.of(proxy, Map.of("code", code))));
    assertThat(t.get("type").asText()).isEqualTo("CALL");
    assertThat(t.get("to").asText()).isEqualTo(proxy);
    assertThat(t.get("output").asText()).isEqualTo(EthApiTest.word(7));
    JsonNode inner = t.get("calls").get(0);
    assertThat(EthApiTest.fields(inner))
        .containsExactlyInAnyOrder(
            "from", "gas", "gasUsed", "to", "input", "output", "value", "type");
    assertThat(inner.get("type").asText()).isEqualTo("CALL");
    assertThat(inner.get("from").asText()).isEqualTo(proxy);
    assertThat(inner.get("to").asText()).isEqualTo(TestNet.CONTRACT.toHex());
    assertThat(inner.get("input").asText()).isEqualTo("0x");
    assertThat(inner.get("output").asText()).isEqualTo(EthApiTest.word(7));
    assertThat(inner.get("value").asText()).isEqualTo("0x0");
    assertThat(inner.get("gas").asText()).isEqualTo("0xffff");
    // dispatch 12 + 22 + 22, PUSH1 + cold SLOAD 2103, PUSH1 + MSTORE 9, PUSH1 PUSH1 RETURN 6
    assertThat(inner.get("gasUsed").asText()).isEqualTo("0x87e");
    JsonNode top =
        net.result(
            "debug_traceCall",
            Map.of("to", proxy),
            "latest",
            Map.of(
                "tracer",
                "callTracer",
                "tracerConfig",
                Map.of("onlyTopCall", true),
                "stateOverrides",
                Map.of(proxy, Map.of("code", code))));
    assertThat(top.has("calls")).isFalse();
    assertThat(net.error("debug_traceTransaction", EthApiTest.word(9)).get("message").asText())
        .isEqualTo("transaction not found");
    JsonNode reverted =
        net.result(
            "debug_traceCall",
            Map.of("to", TestNet.CONTRACT.toHex(), "input", "0x02"),
            "latest",
            Map.of("tracer", "callTracer"));
    assertThat(reverted.get("error").asText()).isEqualTo("execution reverted");
    assertThat(reverted.get("output").asText()).isEqualTo("0xdeadbeef");
    assertThat(reverted.has("revertReason")).isFalse();

    JsonNode structs =
        net.result("debug_traceCall", Map.of("to", TestNet.CONTRACT.toHex()), "latest");
    assertThat(structs.get("returnValue").asText()).isEqualTo(EthApiTest.word(7));
    JsonNode sload = null;
    for (JsonNode l : structs.get("structLogs")) {
      if (l.get("op").asText().equals("SLOAD")) {
        sload = l;
      }
    }
    assertThat(sload).isNotNull();
    assertThat(sload.get("gasCost").asLong()).isEqualTo(2100);
    assertThat(sload.get("storage").get("0x" + "0".repeat(64)).asText())
        .isEqualTo("0x" + "0".repeat(62) + "07");
  }
}
