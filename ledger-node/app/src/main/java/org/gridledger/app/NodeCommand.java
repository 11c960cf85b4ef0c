package org.gridledger.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.gridledger.core.chain.GenesisFile;
import org.gridledger.core.chain.GenesisJson;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.rpc.RpcConfig;
import org.gridledger.rpc.eth.EthConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gridledger node}: a node for a given genesis and data directory. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = {
      "Run a node for a go-ethereum style genesis file, serving JSON-RPC.",
      "",
      "With --validator-key-file the node seals blocks as the single validator;",
      "without it, it serves the chain in --data-dir (for example one loaded with",
      "'gridledger import'). Stop with Ctrl-C or SIGTERM."
    })
final class NodeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--genesis",
      required = true,
      paramLabel = "<genesis.json>",
      description = "go-ethereum style genesis file (config.chainId, alloc, gasLimit, ...).")
  Path genesis;

  @Option(
      names = "--data-dir",
      required = true,
      paramLabel = "<dir>",
      description = "Directory of the node's database (created if missing).")
  Path dataDir;

  @Option(
      names = "--validator-key-file",
      paramLabel = "<file>",
      description = "File holding the validator's private key as 64 hex digits (0x optional).")
  Path validatorKeyFile;

  @Option(
      names = "--block-time",
      paramLabel = "<seconds>",
      converter = Durations.class,
      description =
          "Seconds between blocks when validating; 0 seals as transactions arrive."
              + " Default: 1.")
  Duration blockTime = Duration.ofSeconds(1);

  @Option(
      names = "--coinbase",
      paramLabel = "<address>",
      description = "Receives the priority fees of produced blocks. Default: the validator.")
  String coinbase;

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
    GenesisFile loaded;
    try {
      loaded = GenesisFile.open(genesis);
    } catch (GenesisJson.InvalidGenesisException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--genesis: " + e.getMessage());
    }
    Optional<PrivateKey> key = Optional.empty();
    if (validatorKeyFile != null) {
      String text = Files.readString(validatorKeyFile, StandardCharsets.US_ASCII).trim();
      try {
        key = Optional.of(PrivateKey.fromHex(text.startsWith("0x") ? text : "0x" + text));
      } catch (RuntimeException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--validator-key-file " + validatorKeyFile + ": not a 32-byte hex private key");
      }
    }
    Address coinbaseAddress =
        coinbase != null
            ? Address.fromHex(coinbase)
            : key.map(PrivateKey::address).orElse(Address.ZERO);
    NodeAssembly node;
    try {
      node =
          NodeAssembly.start(
              new NodeAssembly.Options(
                  dataDir,
                  false,
                  loaded.withConfig(loaded.config().withSeals()),
                  key,
                  blockTime,
                  coinbaseAddress,
                  rpcConfig,
                  ethConfig,
                  metricsEndpoint,
                  false));
    } catch (RuntimeException e) {
      System.err.println("error: cannot start the node: " + e.getMessage());
      return 1;
    }
    System.out.println("Gridledger node");
    System.out.println("Chain id     " + node.chain().config().chainId());
    System.out.println("Data dir     " + dataDir);
    System.out.println(
        "Head         block " + node.chain().head().number() + " " + node.chain().headHash());
    System.out.println(
        "Validator    "
            + key.map(k -> Eip55.of(k.address()) + ", block time " + Durations.describe(blockTime))
                .orElse("none (not producing blocks)"));
    node.metricsUrl().ifPresent(url -> System.out.println("Metrics      " + url));
    System.out.println("Listening on " + node.rpcUrl());
    System.out.flush();
    return RunUntilShutdown.run(node);
  }
}
