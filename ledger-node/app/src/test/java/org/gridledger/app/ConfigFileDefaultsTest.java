package org.gridledger.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridledger.rpc.RpcConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --config-file} and {@code GRIDLEDGER_<OPTION>}, parsed by the real command line. */
class ConfigFileDefaultsTest {
  private final Path dir = Path.of("target", "config-file-test", Long.toString(System.nanoTime()));

  @BeforeEach
  void setUp() throws IOException {
    Files.createDirectories(dir);
  }

  private Path write(String toml) throws IOException {
    Path file = dir.resolve("node-" + System.nanoTime() + ".toml");
    Files.writeString(file, toml);
    return file;
  }

  @Test
  void fileSetsDefaultsOfEveryKind() throws Exception {
    Path file =
        write(
            """
            rpc-port = 18545
            rpc-apis = ["eth", "debug"]
            block-time = "250ms"
            rpc-timeout = 2
            rpc-filter-timeout = 0.5
            metrics = true
            metrics-port = 19545
            log-level = "debug"
            rpc-max-batch-response-bytes = 1000000000000
            data-dir = "chain"
            """);
    DevCommand dev = TestNodes.parseDev(Map.of(), "--config-file", file.toString());
    RpcConfig rpc = dev.rpc.config();
    assertThat(rpc.port()).isEqualTo(18545);
    assertThat(rpc.apis()).isEqualTo(Set.of("eth", "debug"));
    assertThat(rpc.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(rpc.maxBatchResponseBytes()).isEqualTo(1_000_000_000_000L);
    assertThat(dev.rpc.ethConfig().filterTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(dev.blockTime).isEqualTo(Duration.ofMillis(250));
    assertThat(dev.metrics.endpoint())
        .contains(new NodeAssembly.MetricsEndpoint("127.0.0.1", 19545));
    assertThat(dev.logging.level).isEqualTo(LoggingOptions.LogLevel.DEBUG);
    assertThat(dev.dataDir).isEqualTo(Path.of("chain"));
    // Keys the file leaves out keep their defaults.
    assertThat(rpc.host()).isEqualTo("127.0.0.1");
    assertThat(rpc.maxBatchLength()).isEqualTo(RpcConfig.defaults().maxBatchLength());
  }

  @Test
  void commandLineOverridesEnvironmentWhichOverridesTheFile() throws Exception {
    Path file = write("rpc-port = 1001\nrpc-max-batch-length = 7\nrpc-worker-threads = 3\n");
    Map<String, String> env =
        Map.of("GRIDLEDGER_RPC_PORT", "1002", "GRIDLEDGER_RPC_MAX_BATCH_LENGTH", "8");
    DevCommand dev =
        TestNodes.parseDev(env, "--config-file=" + file, "--rpc-max-batch-length", "9");
    assertThat(dev.rpc.config().port()).isEqualTo(1002);
    assertThat(dev.rpc.config().maxBatchLength()).isEqualTo(9);
    assertThat(dev.rpc.config().workerThreads()).isEqualTo(3);
    // The environment alone, and the file named by GRIDLEDGER_CONFIG_FILE.
    assertThat(TestNodes.parseDev(env).rpc.config().port()).isEqualTo(1002);
    DevCommand fromEnvFile = TestNodes.parseDev(Map.of("GRIDLEDGER_CONFIG_FILE", file.toString()));
    assertThat(fromEnvFile.rpc.config().workerThreads()).isEqualTo(3);
  }

  @Test
  void nodeTakesItsRequiredOptionsFromTheFile() throws Exception {
    Path file = write("genesis = \"g.json\"\ndata-dir = \"d\"\nvalidator-key-file = \"k\"\n");
    CommandLine commandLine =
        GridledgerCommand.commandLine(List.of("node", "--config-file", file.toString()), Map.of());
    commandLine.parseArgs("node", "--config-file", file.toString());
    NodeCommand node = commandLine.getSubcommands().get("node").getCommand();
    assertThat(node.genesis).isEqualTo(Path.of("g.json"));
    assertThat(node.dataDir).isEqualTo(Path.of("d"));
    assertThat(node.validatorKeyFile).isEqualTo(Path.of("k"));
  }

  @Test
  void unknownKeyFailsNamingKeyAndFile() throws Exception {
    Path file = write("rpc-port = 1\nrpc-prot = 2\n");
    assertThatThrownBy(() -> TestNodes.parseDev(Map.of(), "--config-file", file.toString()))
        .isInstanceOf(ConfigFileDefaults.ConfigFileException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("unknown key 'rpc-prot'")
        .hasMessageContaining("gridledger dev");
    // An option of another command is unknown too.
    Path other = write("coinbase = \"0x0000000000000000000000000000000000000001\"\n");
    assertThatThrownBy(() -> TestNodes.parseDev(Map.of(), "--config-file", other.toString()))
        .hasMessageContaining("unknown key 'coinbase'");
    Path self = write("config-file = \"x.toml\"\n");
    assertThatThrownBy(() -> TestNodes.parseDev(Map.of(), "--config-file", self.toString()))
        .hasMessageContaining("unknown key 'config-file'");
  }

  @Test
  void wrongTypesFailNamingKeyAndFile() throws Exception {
    for (String[] c :
        new String[][] {
          {"rpc-port = \"8545\"", "key 'rpc-port' must be an integer, not a string (\"8545\")"},
          {"rpc-port = 85.45", "key 'rpc-port' must be an integer, not a number"},
          {"metrics = \"yes\"", "key 'metrics' must be a boolean"},
          {"rpc-apis = [1, 2]", "key 'rpc-apis' must be an array of strings"},
          {"rpc-host = 127", "key 'rpc-host' must be a string, not an integer"},
          {"block-time = true", "key 'block-time' must be seconds"},
          {"[rpc]\nport = 1", "unknown key 'rpc'"}
        }) {
      Path file = write(c[0] + "\n");
      assertThatThrownBy(() -> TestNodes.parseDev(Map.of(), "--config-file", file.toString()))
          .as(c[0])
          .isInstanceOf(ConfigFileDefaults.ConfigFileException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining(c[1]);
    }
  }

  @Test
  void unreadableOrInvalidFilesFailClearly() throws Exception {
    Path bad = write("rpc-port = = 1\n");
    assertThatThrownBy(() -> TestNodes.parseDev(Map.of(), "--config-file", bad.toString()))
        .hasMessageContaining(bad.toString())
        .hasMessageContaining("not valid TOML");
    Path missing = dir.resolve("missing.toml");
    assertThatThrownBy(() -> TestNodes.parseDev(Map.of(), "--config-file", missing.toString()))
        .hasMessageContaining("cannot read config file " + missing);
    assertThat(
            GridledgerCommand.execute(
                List.of("dev", "--config-file", missing.toString()), Map.of()))
        .isEqualTo(2);
  }

  @Test
  void valueOutOfRangeIsRefusedNamingTheOption() throws Exception {
    Path file = write("rpc-max-batch-length = 0\n");
    DevCommand dev = TestNodes.parseDev(Map.of(), "--config-file", file.toString());
    assertThatThrownBy(dev.rpc::config)
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--rpc-max-batch-length must be positive, got 0");
  }

  @Test
  void shippedExampleIsAValidNodeConfig() throws Exception {
    Path example =
        ImportCommandTest.fixtures().getParent().getParent().resolve("docs/examples/node.toml");
    CommandLine commandLine =
        GridledgerCommand.commandLine(
            List.of("node", "--config-file", example.toString()), Map.of());
    commandLine.parseArgs("node", "--config-file", example.toString());
    NodeCommand node = commandLine.getSubcommands().get("node").getCommand();
    assertThat(node.genesis).isEqualTo(Path.of("genesis.json"));
    assertThat(node.rpc.config())
        .isEqualTo(RpcConfig.defaults().withApis(Set.of("eth", "net", "web3", "txpool", "bft")));
    assertThat(node.rpc.ethConfig()).isEqualTo(org.gridledger.rpc.eth.EthConfig.defaults());
    assertThat(node.metrics.endpoint()).isPresent();
  }
}
