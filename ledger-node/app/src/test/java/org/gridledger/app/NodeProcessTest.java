package org.gridledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.devnet.DevnetGenesis;
import org.gridledger.core.storage.RocksDbStorage;
import org.gridledger.evm.types.Hex;
import org.junit.jupiter.api.Test;

/**
 * Starts {@code gridledger node} as a real process with most options in a config file, checks RPC
 * and metrics over HTTP, stops it with SIGTERM and checks the exit status, the log and that RocksDB
 * holds every block the node said it sealed.
 */
class NodeProcessTest {
  static final Pattern METRICS = Pattern.compile("Metrics +(http://\\S+)");

  private final Path dir = Path.of("target", "node-process-test", Long.toString(System.nanoTime()));

  @Test
  void nodeFromConfigFileServesRpcAndMetricsAndStopsCleanlyOnSigterm() throws Exception {
    Files.createDirectories(dir);
    Path genesis = dir.resolve("genesis.json");
    Files.writeString(genesis, DevnetGenesis.json());
    Path key = dir.resolve("validator.key");
    Files.writeString(key, Hex.encode(DevnetGenesis.accountKeys().get(0).toBytes()) + "\n");
    Path dataDir = dir.resolve("data");
    Path config = dir.resolve("node.toml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "genesis = \"" + genesis.toAbsolutePath() + "\"",
            "data-dir = \"" + dataDir.toAbsolutePath() + "\"",
            "validator-key-file = \"" + key.toAbsolutePath() + "\"",
            "block-time = \"200ms\"",
            "rpc-port = 8545",
            "metrics = true",
            "metrics-port = 0",
            ""));
    Path log = dir.resolve("node.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                GridledgerCommand.class.getName(),
                "node",
                "--config-file",
                config.toString(),
                "--rpc-port", // the command line overrides the file
                "0")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long lastSealed = 0;
    try {
      String url = DevProcessTest.awaitLine(log, DevProcessTest.LISTENING).group(1);
      String metricsUrl = DevProcessTest.awaitLine(log, METRICS).group(1);
      NodeClient client = new NodeClient(url);
      assertThat(client.result("eth_chainId", "[]").asText()).isEqualTo("0x539");
      while (lastSealed < 3) {
        lastSealed = Long.parseLong(DevProcessTest.awaitLine(log, DevProcessTest.SEALED).group(1));
      }
      String scrape = client.get(metricsUrl).body();
      assertThat(scrape)
          .contains("gridledger_rpc_requests_seconds_count{method=\"eth_chainId\"} 1")
          .contains("gridledger_chain_head_number ");

      process.destroy(); // SIGTERM
      assertThat(process.waitFor(DevProcessTest.WAIT.toSeconds(), TimeUnit.SECONDS))
          .as("exited")
          .isTrue();
      List<String> lines = Files.readAllLines(log);
      assertThat(lines).contains("shutting down ...", "gridledger stopped");
      assertThat(lines).anyMatch(l -> l.contains("database flushed and closed"));
      assertThat(process.exitValue()).as(String.join("\n", lines)).isEqualTo(0);
      lastSealed = Long.parseLong(DevProcessTest.awaitLine(log, DevProcessTest.SEALED).group(1));
    } finally {
      process.destroyForcibly();
    }

    // Every block the node reported sealed is in the database it closed.
    try (RocksDbStorage db = new RocksDbStorage(dataDir.resolve("db"))) {
      Blockchain chain = Blockchain.open(db, DevnetGenesis.load().config().withSeals());
      assertThat(chain.head().number()).isEqualTo(lastSealed);
    }
  }
}
