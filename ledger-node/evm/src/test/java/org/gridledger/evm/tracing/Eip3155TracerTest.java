package org.gridledger.evm.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.gridledger.evm.env.BlockEnv;
import org.gridledger.evm.env.TxEnv;
import org.gridledger.evm.state.InMemoryState;
import org.gridledger.evm.state.JournaledState;
import org.gridledger.evm.tx.TransactionExecutor;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.UInt256;
import org.junit.jupiter.api.Test;

class Eip3155TracerTest {
  static final Address SENDER = Address.fromHex("0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b");
  static final Address TO = Address.fromHex("0x095e7baea6a6c7c4c2dfeb977efac326af552d87");

  @Test
  void writesOneLinePerInstructionAndASummary() throws Exception {
    // PUSH1 1, PUSH1 2, ADD, PUSH0, MSTORE, INVALID.
    InMemoryState pre = new InMemoryState();
    pre.put(SENDER, 0, UInt256.of(BigInteger.TEN.pow(18)), new byte[0]);
    pre.put(TO, 0, UInt256.ZERO, Hex.decode("60016002015f52fe"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    BlockEnv block = BlockEnv.cancun(Address.ZERO, 1, 1, 30_000_000, UInt256.ONE, Hash.ZERO, 0, 1);
    TxEnv tx = TxEnv.legacy(SENDER, TO, 0, UInt256.ZERO, new byte[0], 100_000, UInt256.ONE);
    TransactionExecutor.cancun()
        .execute(new JournaledState(pre), block, tx, new Eip3155Tracer(out));

    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
      lines.add(json.readTree(line));
    }
    assertThat(lines).hasSize(7);
    JsonNode first = lines.get(0);
    assertThat(first.get("pc").asInt()).isZero();
    assertThat(first.get("op").asInt()).isEqualTo(0x60);
    assertThat(first.get("opName").asText()).isEqualTo("PUSH1");
    assertThat(first.get("gas").asText()).isEqualTo("0x" + Long.toHexString(100_000 - 21_000));
    assertThat(first.get("gasCost").asText()).isEqualTo("0x3");
    assertThat(first.get("depth").asInt()).isEqualTo(1);
    JsonNode add = lines.get(2);
    assertThat(add.get("opName").asText()).isEqualTo("ADD");
    assertThat(add.get("stack").get(0).asText()).isEqualTo("0x1");
    assertThat(add.get("stack").get(1).asText()).isEqualTo("0x2");
    JsonNode mstore = lines.get(4);
    assertThat(mstore.get("gasCost").asText()).isEqualTo("0x6"); // 3 + one word of memory
    JsonNode invalid = lines.get(5);
    assertThat(invalid.get("opName").asText()).isEqualTo("INVALID");
    assertThat(invalid.get("memSize").asInt()).isEqualTo(32);
    assertThat(invalid.get("error").asText()).isEqualTo("InvalidInstruction");
    JsonNode summary = lines.get(6);
    assertThat(summary.get("pass").asBoolean()).isFalse();
    assertThat(summary.get("gasUsed").asText()).isEqualTo("0x" + Long.toHexString(100_000));
  }
}
