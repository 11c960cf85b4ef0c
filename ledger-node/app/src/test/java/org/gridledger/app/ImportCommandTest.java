package org.gridledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.chain.ChainConfig;
import org.gridledger.core.storage.RocksDbStorage;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Hex;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code gridledger import} on chains of the official BlockchainTests: the vector's genesis as a
 * geth genesis file, its genesis and blocks concatenated as a chain file; the imported head must be
 * the vector's {@code lastblockhash}.
 */
class ImportCommandTest {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private final Path dir =
      Path.of("target", "import-command-test", Long.toString(System.nanoTime()));

  @BeforeEach
  void setUp() throws IOException {
    Files.createDirectories(dir);
  }

  static Path fixtures() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("fixtures/ethereum-tests");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("fixtures/ethereum-tests not found");
  }

  /** The first Cancun case of a vector file, all of whose blocks are valid. */
  static JsonNode cancunCase(String relative) throws IOException {
    JsonNode root = MAPPER.readTree(fixtures().resolve(relative).toFile());
    Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator();
    while (it.hasNext()) {
      JsonNode t = it.next().getValue();
      if ("Cancun".equals(t.path("network").asText())) {
        for (JsonNode b : t.get("blocks")) {
          assertThat(b.has("expectException")).as("vector has only valid blocks").isFalse();
        }
        return t;
      }
    }
    throw new IllegalStateException("no Cancun case in " + relative);
  }

  Path writeGenesis(JsonNode t) throws IOException {
    JsonNode h = t.get("genesisBlockHeader");
    ObjectNode g = MAPPER.createObjectNode();
    g.putObject("config").put("chainId", 1).put("cancunTime", 0).put("shanghaiTime", 0);
    for (String f :
        new String[] {
          "nonce",
          "timestamp",
          "extraData",
          "gasLimit",
          "difficulty",
          "mixHash",
          "coinbase",
          "baseFeePerGas",
          "blobGasUsed",
          "excessBlobGas",
          "parentBeaconBlockRoot"
        }) {
      g.set(f, h.get(f));
    }
    g.set("alloc", t.get("pre"));
    Path file = dir.resolve("genesis.json");
    MAPPER.writeValue(file.toFile(), g);
    return file;
  }

  Path writeChain(JsonNode t, boolean withGenesis) throws IOException {
    Path file = dir.resolve("chain.rlp");
    try (OutputStream out = Files.newOutputStream(file)) {
      if (withGenesis) {
        out.write(Hex.decode(t.get("genesisRLP").asText()));
      }
      for (JsonNode b : t.get("blocks")) {
        out.write(Hex.decode(b.get("rlp").asText()));
      }
    }
    return file;
  }

  record Run(int exitCode, String out, String err) {}

  static Run gridledger(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = new CommandLine(new GridledgerCommand()).execute(args);
      return new Run(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  Hash importedHead(Path dataDir) {
    try (RocksDbStorage db = new RocksDbStorage(dataDir.resolve("db"))) {
      return Blockchain.open(db, new ChainConfig(1)).headHash();
    }
  }

  @Test
  void importsAVectorChainIncludingItsGenesis() throws IOException {
    JsonNode t = cancunCase("BlockchainTests/ValidBlocks/bcStateTests/BLOCKHASH_Bounds.json");
    Path dataDir = dir.resolve("data");
    Run run =
        gridledger(
            "import",
            "--genesis",
            writeGenesis(t).toString(),
            "--data-dir",
            dataDir.toString(),
            writeChain(t, true).toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    int blocks = t.get("blocks").size();
    assertThat(run.out()).contains("imported " + blocks + " blocks (1 already known)");
    assertThat(importedHead(dataDir)).isEqualTo(Hash.fromHex(t.get("lastblockhash").asText()));

    // Importing again changes nothing.
    Run again =
        gridledger(
            "import",
            "--genesis",
            dir.resolve("genesis.json").toString(),
            "--data-dir",
            dataDir.toString(),
            dir.resolve("chain.rlp").toString());
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).contains("imported 0 blocks (" + (blocks + 1) + " already known)");
  }

  @Test
  void reportsATruncatedFile() throws IOException {
    JsonNode t = cancunCase("BlockchainTests/ValidBlocks/bcStateTests/BLOCKHASH_Bounds.json");
    Path chain = writeChain(t, false);
    byte[] bytes = Files.readAllBytes(chain);
    Files.write(chain, Arrays.copyOf(bytes, bytes.length - 3));
    Run run =
        gridledger(
            "import",
            "--genesis",
            writeGenesis(t).toString(),
            "--data-dir",
            dir.resolve("data").toString(),
            chain.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("file ends inside a block (3 of its bytes are missing)");
  }

  @Test
  void reportsABlockOfAnotherChain() throws IOException {
    JsonNode t = cancunCase("BlockchainTests/ValidBlocks/bcStateTests/BLOCKHASH_Bounds.json");
    Path chain = writeChain(t, false);
    // A genesis with another allocation: the file's first block has an unknown parent.
    ObjectNode g = (ObjectNode) MAPPER.readTree(writeGenesis(t).toFile());
    g.putObject("alloc");
    MAPPER.writeValue(dir.resolve("genesis.json").toFile(), g);
    Run run =
        gridledger(
            "import",
            "--genesis",
            dir.resolve("genesis.json").toString(),
            "--data-dir",
            dir.resolve("data").toString(),
            chain.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("error: block 0 (number 1, offset 0) has unknown parent");
  }

  @Test
  void reportsABadGenesisFile() throws IOException {
    Path genesis = dir.resolve("bad.json");
    Files.writeString(genesis, "{\"config\": {\"chainId\": 1, \"pragueTime\": 0}}");
    Path chain = dir.resolve("empty.rlp");
    Files.write(chain, new byte[0]);
    Run run =
        gridledger(
            "import",
            "--genesis",
            genesis.toString(),
            "--data-dir",
            dir.resolve("d").toString(),
            chain.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("config.pragueTime schedules a fork after Cancun");
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : new String[] {"dev", "node", "import"}) {
      Run run = gridledger(command, "--help");
      assertThat(run.exitCode()).isZero();
      assertThat(run.out()).contains("Usage: gridledger " + command);
    }
  }
}
