package org.gridledger.app;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.gridledger.core.chain.ChainConfig;
import org.gridledger.core.chain.GenesisFile;
import org.gridledger.core.chain.GenesisSource;
import org.gridledger.core.devnet.DevnetGenesis;
import org.gridledger.core.devnet.HdKeys;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.crypto.Secp256k1;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hex;
import org.gridledger.genesis.GridContract;
import org.gridledger.genesis.GridDevnet;
import org.gridledger.rpc.RpcConfig;
import org.gridledger.rpc.eth.EthConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
      "Serves the development methods evm_*, anvil_* and hardhat_* (docs/rpc.md).",
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
      names = "--genesis",
      paramLabel = "<genesis.json>",
      description =
          "Start from this go-ethereum style genesis file (e.g. a synthetic grid from 'gridledger"
              + " genesis build', read as a stream) instead of the embedded devnet; its chain id,"
              + " gas limit and base fee apply, so --chain-id, --gas-limit and --base-fee must not"
              + " be given with it.")
  Path genesisFile;

  @Spec CommandSpec spec;

  @Option(
      names = "--chain-id",
      paramLabel = "<id>",
      description = "EIP-155 chain id. Default: ${DEFAULT-VALUE}.")
  long chainId = DevnetGenesis.CHAIN_ID;

  @Option(
      names = "--gas-limit",
      paramLabel = "<gas>",
      description =
          "Block gas limit (of the genesis block, kept by every block). Default: 30000000.")
  long gasLimit = 30_000_000;

  @Option(
      names = "--base-fee",
      paramLabel = "<wei>",
      description =
          "Genesis base fee per gas. 0 makes every block's base fee 0 (no EIP-1559 update), so"
              + " transactions with gas price 0 are included. Default: 1000000000 (1 gwei).")
  BigInteger baseFee = BigInteger.valueOf(1_000_000_000);

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

  /** The development namespaces, always served by {@code gridledger dev} (decision 0010). */
  static final List<String> DEV_NAMESPACES = List.of("evm", "anvil", "hardhat");

  @Override
  public Integer call() throws IOException {
    logging.apply();
    RpcConfig rpcConfig = rpc.config();
    EthConfig ethConfig = rpc.ethConfig();
    Optional<NodeAssembly.MetricsEndpoint> metricsEndpoint = metrics.endpoint();
    boolean temporary = dataDir == null;
    Path dir = temporary ? Files.createTempDirectory("gridledger-dev-") : dataDir;
    GenesisSource devnet;
    try {
      devnet = genesis();
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
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
                  rpcConfig.withApis(withDevNamespaces(rpc.apis)),
                  ethConfig,
                  metricsEndpoint,
                  true));
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

  private GenesisSource genesis() {
    if (genesisFile == null) {
      return GridDevnet.load(new DevnetGenesis.Options(chainId, gasLimit, baseFee));
    }
    for (String option : List.of("--chain-id", "--gas-limit", "--base-fee")) {
      if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
        throw new IllegalArgumentException(
            option + " cannot be combined with --genesis (the file sets it)");
      }
    }
    GenesisFile file = GenesisFile.open(genesisFile);
    ChainConfig config = file.config().withSeals();
    if (file.baseFeePerGas().signum() == 0) {
      config = config.withZeroBaseFee();
    }
    return file.withConfig(config);
  }

  private static Set<String> withDevNamespaces(List<String> apis) {
    Set<String> all = new LinkedHashSet<>(apis);
    all.addAll(DEV_NAMESPACES);
    return all;
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
    out.println(
        "Gas          limit "
            + node.chain().head().gasLimit()
            + ", base fee "
            + node.chain().head().baseFeePerGas()
            + (node.chain().config().zeroBaseFee() ? " (fixed)" : ""));
    out.println(
        "Dev methods  evm_*, anvil_*, hardhat_* (snapshot/revert, time, mining, setBalance)");
    out.println("Data dir     " + dir + (temporary ? "  (temporary, deleted on exit)" : ""));
    out.println("Head         block " + node.chain().head().number());
    out.println("Validator    " + Eip55.of(keys.get(0).address()));
    out.println("Signatures   " + Secp256k1.recoveryImplementation());
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
