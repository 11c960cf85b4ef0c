package org.gridledger.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.gridledger.core.chain.GenesisJson;
import org.gridledger.core.devnet.DevnetGenesis;
import org.gridledger.core.devnet.HdKeys;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hex;
import org.gridledger.genesis.GridContract;
import org.gridledger.genesis.GridDevnet;
import org.gridledger.rpc.RpcConfig;
import org.gridledger.rpc.eth.EthConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gridledger dev}: the one-command devnet of {@code make run}. */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description = {
      "Start a single-validator development chain with 10 funded accounts.",
      "",
      "Chain id 1337. The accounts are m/44'/60'/0'/0/0..9 of the public test",
      "mnemonic \"" + HdKeys.TEST_MNEMONIC + "\"",
      "(the anvil/hardhat accounts), 10,000 ETH each; account 0 seals the blocks.",
      "The grid contracts are predeployed at 0x...1001-0x...1006 (genesis/devnet.json),",
      "initialised with account 0 as governance and pricing owner.",
      "Their keys are public: never send real value to them.",
      "Stop with Ctrl-C or SIGTERM."
    })
final class DevCommand implements Callable<Integer> {
  @Option(
      names = "--data-dir",
      paramLabel = "<dir>",
      description =
          "Keep the chain in this directory (reused on restart). Default: a temporary"
              + " directory deleted on exit.")
  Path dataDir;

  @Option(
      names = "--block-time",
      paramLabel = "<seconds>",
      converter = Durations.class,
      description =
          "Seconds between blocks (0.5 and 250ms work too); 0 seals a block as soon as"
              + " transactions arrive. Default: 1.")
  Duration blockTime = Duration.ofSeconds(1);

  @Option(
      names = ConfigFileDefaults.CONFIG_FILE_OPTION,
      paramLabel = "<file.toml>",
      description =
          "Read option defaults from this TOML file (keys are the long option names without"
              + " '--', e.g. rpc-port = 8545); command-line options and GRIDLEDGER_<OPTION>"
              + " environment variables override it.")
  Path configFile;

  @Mixin RpcOptions rpc;

  @Mixin MetricsOptions metrics;

  @Mixin LoggingOptions logging;

  @Override
  public Integer call() throws IOException {
    logging.apply();
    RpcConfig rpcConfig = rpc.config();
    EthConfig ethConfig = rpc.ethConfig();
    Optional<NodeAssembly.MetricsEndpoint> metricsEndpoint = metrics.endpoint();
    boolean temporary = dataDir == null;
    Path dir = temporary ? Files.createTempDirectory("gridledger-dev-") : dataDir;
    GenesisJson.Loaded devnet = GridDevnet.load();
    List<PrivateKey> keys = DevnetGenesis.accountKeys();
    NodeAssembly node;
    try {
      node =
          NodeAssembly.start(
              new NodeAssembly.Options(
                  dir,
                  temporary,
                  devnet,
                  Optional.of(keys.get(0)),
                  blockTime,
                  Address.ZERO,
                  rpcConfig,
                  ethConfig,
                  metricsEndpoint));
    } catch (RuntimeException e) {
      System.err.println("error: cannot start the devnet: " + e.getMessage());
      if (temporary) {
        NodeAssembly.deleteRecursively(dir);
      }
      return 1;
    }
    printBanner(System.out, node, dir, temporary, keys);
    return RunUntilShutdown.run(node);
  }

  private void printBanner(
      PrintStream out, NodeAssembly node, Path dir, boolean temporary, List<PrivateKey> keys) {
    out.println();
    out.println("Gridledger devnet");
    out.println("=================");
    out.println("Chain id     " + node.chain().config().chainId());
    out.println(
        "RPC          "
            + node.rpcUrl()
            + "  (WebSocket: "
            + node.rpcUrl().replace("http", "ws")
            + ")");
    node.metricsUrl().ifPresent(url -> out.println("Metrics      " + url));
    out.println("Block time   " + Durations.describe(blockTime));
    out.println("Data dir     " + dir + (temporary ? "  (temporary, deleted on exit)" : ""));
    out.println("Head         block " + node.chain().head().number());
    out.println("Validator    " + Eip55.of(keys.get(0).address()));
    out.println();
    out.println("Grid contracts (predeployed; governance and pricing owner: account 0)");
    for (GridContract c : GridContract.values()) {
      out.printf("  %-14s %s%n", c.contractName(), Eip55.of(c.address()));
    }
    out.println();
    out.println("Mnemonic     " + HdKeys.TEST_MNEMONIC);
    out.println("Path         m/44'/60'/0'/0/<i>");
    out.println();
    out.println("Funded accounts (10,000 ETH each at genesis)");
    out.println("These are PUBLIC dev keys, known to everyone: never use them on a real network.");
    for (int i = 0; i < keys.size(); i++) {
      out.printf(
          "(%d) %s  %s%n", i, Eip55.of(keys.get(i).address()), Hex.encode(keys.get(i).toBytes()));
    }
    out.println();
    out.println("Listening on " + node.rpcUrl());
    out.flush();
  }
}
