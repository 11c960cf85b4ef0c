package org.gridledger.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.gridledger.testsupport.DevNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * execution-apis' JSON-RPC conformance vectors (hive's {@code rpc-compat} suite, Cancun chain;
 * {@code fixtures/execution-apis}): {@code gridledger import} executes the test chain, {@code
 * gridledger node} serves it, and each {@code .io} file's request is sent as written and its answer
 * compared with go-ethereum's recorded one by hive's rule: deep JSON equality, except that where
 * both hold an error its message is not compared. Two further allowances are the spec's own changes
 * since the recording: {@code blockTimestamp} on transactions and logs (added to the spec in 2025
 * and 2026). The few vectors we answer differently on purpose are listed in {@link #DEVIATIONS};
 * for them the test checks the answer we give instead.
 */
class RpcCompatTest {
  private static final Path VECTORS = Path.of("..", "..", "fixtures", "execution-apis", "tests");
  private static final Path DIR = Path.of("target", "rpc-compat", Long.toString(System.nanoTime()));

  /** Fields the spec gained after the vectors were recorded (execution-apis #639 and #749). */
  private static final Set<String> NEWER_SPEC_FIELDS = Set.of("blockTimestamp");

  /** Vectors we answer differently on purpose, and why (docs/rpc.md lists them too). */
  static final Map<String, String> DEVIATIONS =
      Map.of(
          "eth_sendRawTransaction/send-blob-tx",
          "the pool takes no blob transactions (InMemoryTransactionPool)",
          "eth_feeHistory/fee-history",
          "the recorded blob figures disagree with the chain's own headers (block 2 uses no blob"
              + " gas and blocks 2 and 3 have no excess blob gas)",
          "eth_getStorageAt/get-storage-invalid-key",
          "a malformed storage key is invalid params (-32602), as the later vectors record",
          "eth_getStorageAt/get-storage-invalid-key-too-large",
          "a malformed storage key is invalid params (-32602), as the later vectors record");

  private static DevNode node;
  private static JsonRpc rpc;

  @BeforeAll
  static void importAndServe() throws Exception {
    Files.createDirectories(DIR);
    Path data = DIR.resolve("data");
    Path genesis = VECTORS.resolve("genesis.json");
    Path importLog = DIR.resolve("import.log");
    int exit =
        DevNode.run(
            "import",
            Duration.ofMinutes(2),
            importLog,
            "--genesis",
            genesis.toString(),
            "--data-dir",
            data.toString(),
            VECTORS.resolve("chain.rlp").toString());
    assertThat(exit).as(Files.readString(importLog)).isZero();
    assertThat(Files.readString(importLog)).contains("imported 20 blocks");

    node =
        DevNode.startNode(
            DIR.resolve("node.log"),
            "--genesis",
            genesis.toString(),
            "--data-dir",
            data.toString(),
            "--rpc-apis",
            "eth,net,web3,debug");
    rpc = new JsonRpc(node.rpcUrl(), Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  /** One exchange of a vector file. */
  record Exchange(String request, String expected) {}

  static List<Exchange> exchanges(Path file) throws IOException {
    List<Exchange> out = new ArrayList<>();
    String request = null;
    for (String raw : Files.readAllLines(file)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("//")) {
        continue;
      }
      if (line.startsWith(">> ")) {
        request = line.substring(3);
      } else if (line.startsWith("<< ") && request != null) {
        out.add(new Exchange(request, line.substring(3)));
        request = null;
      } else {
        throw new IllegalArgumentException(file + ": unexpected line " + line);
      }
    }
    return out;
  }

  /** The vectors in hive's order (a walk of the directory, by path). */
  private static List<Path> vectorFiles() throws IOException {
    try (Stream<Path> files = Files.walk(VECTORS)) {
      return files.filter(f -> f.toString().endsWith(".io")).sorted().toList();
    }
  }

  private static String name(Path file) {
    String relative = VECTORS.relativize(file).toString();
    return relative.substring(0, relative.length() - ".io".length());
  }

  @Test
  void theVectorsAreThere() throws IOException {
    List<Path> files = vectorFiles();
    assertThat(files).hasSize(89);
    assertThat(files.stream().map(RpcCompatTest::name)).containsAll(DEVIATIONS.keySet());
  }

  @TestFactory
  Stream<DynamicTest> everyVectorIsAnsweredAsRecorded() throws IOException {
    return vectorFiles().stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    name(file),
                    () -> {
                      for (Exchange e : exchanges(file)) {
                        JsonNode got = rpc.post(e.request());
                        JsonNode want = JsonRpc.json().readTree(e.expected());
                        String name = name(file);
                        if (DEVIATIONS.containsKey(name)) {
                          checkDeviation(name, got, want);
                        } else {
                          assertThat(differences(got, want, ""))
                              .as("%s\n>> %s\n<< %s\ngot %s", name, e.request(), want, got)
                              .isEmpty();
                        }
                      }
                    }));
  }

  /** Where {@code got} differs from {@code want} under hive's rule and our two allowances. */
  static List<String> differences(JsonNode got, JsonNode want, String path) {
    List<String> out = new ArrayList<>();
    if (got.isObject() && want.isObject()) {
      boolean bothErrors = path.endsWith(".error");
      Iterator<Map.Entry<String, JsonNode>> fields = want.properties().iterator();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        if (bothErrors && f.getKey().equals("message")) {
          continue;
        }
        JsonNode mine = got.get(f.getKey());
        if (mine == null) {
          out.add(path + "." + f.getKey() + " missing");
        } else {
          out.addAll(differences(mine, f.getValue(), path + "." + f.getKey()));
        }
      }
      got.fieldNames()
          .forEachRemaining(
              k -> {
                if (!want.has(k) && !NEWER_SPEC_FIELDS.contains(k)) {
                  out.add(path + "." + k + " not expected");
                }
              });
    } else if (got.isArray() && want.isArray()) {
      if (got.size() != want.size()) {
        out.add(path + " has " + got.size() + " items, expected " + want.size());
      }
      for (int i = 0; i < Math.min(got.size(), want.size()); i++) {
        out.addAll(differences(got.get(i), want.get(i), path + "[" + i + "]"));
      }
    } else if (got.isNumber() && want.isNumber()) {
      if (got.decimalValue().compareTo(want.decimalValue()) != 0) {
        out.add(path + ": " + got + ", expected " + want);
      }
    } else if (!got.equals(want)) {
      out.add(path + ": " + got + ", expected " + want);
    }
    return out;
  }

  /** The answer we give instead of the recorded one, and why that one is not ours. */
  private static void checkDeviation(String name, JsonNode got, JsonNode want) throws Exception {
    switch (name) {
      case "eth_sendRawTransaction/send-blob-tx" -> {
        assertThat(want.has("result")).isTrue();
        assertThat(got.path("error").path("message").asText())
            .isEqualTo("transaction type not supported");
      }
      case "eth_getStorageAt/get-storage-invalid-key",
          "eth_getStorageAt/get-storage-invalid-key-too-large" -> {
        assertThat(want.path("error").path("code").asInt()).isEqualTo(-32000);
        assertThat(got.path("error").path("code").asInt()).isEqualTo(-32602);
      }
      case "eth_feeHistory/fee-history" -> {
        // Everything but the blob figures as recorded; those follow from the headers, whose
        // hashes are the recorded chain's.
        ObjectNode mine = (ObjectNode) got.get("result").deepCopy();
        ObjectNode theirs = (ObjectNode) want.get("result").deepCopy();
        for (String blob : List.of("baseFeePerBlobGas", "blobGasUsedRatio")) {
          mine.remove(blob);
          theirs.remove(blob);
        }
        assertThat(differences(mine, theirs, "result")).isEmpty();
        JsonNode block2 = rpc.call("eth_getBlockByNumber", "0x2", false);
        JsonNode block3 = rpc.call("eth_getBlockByNumber", "0x3", false);
        assertThat(block2.get("blobGasUsed").asText()).isEqualTo("0x0");
        assertThat(block2.get("excessBlobGas").asText()).isEqualTo("0x0");
        assertThat(block3.get("excessBlobGas").asText()).isEqualTo("0x0");
        JsonNode result = got.get("result");
        assertThat(result.get("blobGasUsedRatio").get(0).asDouble()).isZero();
        // excess blob gas 0 prices blob gas at the minimum, 1 wei, in blocks 2 and 3
        assertThat(result.get("baseFeePerBlobGas").toString()).isEqualTo("[\"0x1\",\"0x1\"]");
        assertThat(want.get("result").get("blobGasUsedRatio").get(0).asDouble()).isEqualTo(0.5);
      }
      default -> throw new AssertionError("no check for deviation " + name);
    }
  }
}
