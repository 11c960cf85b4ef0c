package org.gridledger.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.gridledger.app.bft.BftNode;
import org.gridledger.core.chain.GenesisFile;
import org.gridledger.core.chain.GenesisJson;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.crypto.Secp256k1;
import org.gridledger.evm.types.Address;
import org.gridledger.network.node.EnodeUrl;
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
      "'gridledger import'). Stop with Ctrl-C or SIGTERM.",
      "",
      "A genesis with a config.bft section (e.g. genesis/devnet-bft.json) makes it a node of a",
      "BFT network: it listens for devp2p peers on --p2p-port, keeps connected to --bootnodes,",
      "prints its enode URL, and runs the consensus engine, as a validator with",
      "--validator-key-file (a signer of the validator set) or else as a full node."
    })
final class NodeCommand implements Callable<Integer> {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NodeCommand.class);

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

  @Option(
      names = "--p2p-host",
      paramLabel = "<address>",
      description =
          "BFT chains: address to listen on for peers and to advertise. Default: 127.0.0.1.")
  String p2pHost = "127.0.0.1";

  @Option(
      names = "--p2p-port",
      paramLabel = "<port>",
      description = "BFT chains: TCP port for devp2p peers (0: chosen by the OS). Default: 30303.")
  int p2pPort = 30303;

  @Option(
      names = "--bootnodes",
      split = ",",
      paramLabel = "<enode://...>",
      description = "BFT chains: peers to connect to and stay connected with (comma-separated).")
  List<String> bootnodes = new ArrayList<>();

  @Option(
      names = "--max-peers",
      paramLabel = "<n>",
      description =
          "BFT chains: the dialer connects to discovered nodes until this many peers; inbound"
              + " peers are limited to it too. Default: 25.")
  int maxPeers = BftNode.DEFAULT_MAX_PEERS;

  @Option(
      names = "--no-discovery",
      description =
          "BFT chains: no discovery v4 (UDP at the p2p port); only --bootnodes are dialled.")
  boolean noDiscovery;

  @Option(
      names = "--nodekey-file",
      paramLabel = "<file>",
      description =
          "BFT chains: the devp2p identity key (64 hex digits). Default: the validator key, or"
              + " a key generated once into <data-dir>/nodekey.")
  Path nodeKeyFile;

  @Option(
      names = "--evidence-key-file",
      paramLabel = "<file>",
      description =
          "BFT chains: key (64 hex digits) of a funded account that signs and pays for"
              + " double-sign evidence transactions. Default: the validator key.")
  Path evidenceKeyFile;

  // Test-only fault injection (docs/consensus.md, "Fault testing"): hidden from --help.
  @Option(names = "--fault-injection-file", hidden = true, paramLabel = "<file>")
  Path faultInjectionFile;

  @Option(names = "--byzantine", hidden = true, paramLabel = "equivocate")
  String byzantine;

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
      key = Optional.of(readKey(validatorKeyFile, "--validator-key-file"));
    }
    boolean bft = loaded.config().bftParams() != null;
    Optional<NodeAssembly.P2p> p2p = Optional.empty();
    if (bft) {
      List<EnodeUrl> boots = new ArrayList<>();
      for (String b : bootnodes) {
        try {
          boots.add(EnodeUrl.parse(b.trim()));
        } catch (RuntimeException e) {
          throw new CommandLine.ParameterException(
              spec.commandLine(), "--bootnodes " + b + ": " + e.getMessage());
        }
      }
      PrivateKey nodeKey;
      if (nodeKeyFile != null) {
        nodeKey = readKey(nodeKeyFile, "--nodekey-file");
      } else if (key.isPresent()) {
        nodeKey = key.get();
      } else {
        nodeKey = generatedNodeKey(dataDir);
      }
      Optional<PrivateKey> evidenceKey =
          evidenceKeyFile == null
              ? Optional.empty()
              : Optional.of(readKey(evidenceKeyFile, "--evidence-key-file"));
      if (maxPeers < 1) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--max-peers must be at least 1, got " + maxPeers);
      }
      p2p =
          Optional.of(
              new NodeAssembly.P2p(
                  nodeKey, p2pHost, p2pPort, boots, evidenceKey, !noDiscovery, maxPeers));
    } else if (!bootnodes.isEmpty()
        || nodeKeyFile != null
        || evidenceKeyFile != null
        || faultInjectionFile != null
        || byzantine != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--bootnodes, --nodekey-file and --evidence-key-file need a BFT genesis (config.bft)");
    }
    if (byzantine != null && !byzantine.equals("equivocate")) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--byzantine: only 'equivocate' is known");
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
                  bft ? loaded : loaded.withConfig(loaded.config().withSeals()),
                  key,
                  blockTime,
                  coinbaseAddress,
                  rpcConfig,
                  ethConfig,
                  metricsEndpoint,
                  false,
                  p2p));
    } catch (RuntimeException e) {
      System.err.println("error: cannot start the node: " + e.getMessage());
      return 1;
    }
    if (node.bft().isPresent() && (faultInjectionFile != null || byzantine != null)) {
      LOG.atWarn()
          .log(
              "FAULT INJECTION ENABLED (test only, never on a real network):"
                  + (faultInjectionFile != null ? " cut-off file " + faultInjectionFile : "")
                  + (byzantine != null ? " byzantine " + byzantine : ""));
      node.bft()
          .get()
          .injectFaults(Optional.ofNullable(faultInjectionFile), "equivocate".equals(byzantine));
    }
    System.out.println("Gridledger node");
    System.out.println("Chain id     " + node.chain().config().chainId());
    System.out.println("Data dir     " + dataDir);
    System.out.println(
        "Head         block " + node.chain().head().number() + " " + node.chain().headHash());
    if (node.bft().isPresent()) {
      System.out.println(
          "Consensus    BFT, "
              + key.map(k -> "validator " + Eip55.of(k.address())).orElse("full node"));
      System.out.println("Enode        " + node.bft().get().enode().format());
    } else {
      System.out.println(
          "Validator    "
              + key.map(
                      k -> Eip55.of(k.address()) + ", block time " + Durations.describe(blockTime))
                  .orElse("none (not producing blocks)"));
    }
    System.out.println("Signatures   " + Secp256k1.recoveryImplementation());
    node.metricsUrl().ifPresent(url -> System.out.println("Metrics      " + url));
    System.out.println("Listening on " + node.rpcUrl());
    System.out.flush();
    return RunUntilShutdown.run(node);
  }

  private PrivateKey readKey(Path file, String option) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
    try {
      return PrivateKey.fromHex(text.startsWith("0x") ? text : "0x" + text);
    } catch (RuntimeException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), option + " " + file + ": not a 32-byte hex private key");
    }
  }

  /** The key in {@code dataDir/nodekey}, generated and written on first use. */
  private PrivateKey generatedNodeKey(Path dir) throws IOException {
    Path file = dir.resolve("nodekey");
    if (Files.isRegularFile(file)) {
      return readKey(file, "nodekey");
    }
    PrivateKey k = PrivateKey.random(new SecureRandom());
    Files.createDirectories(dir);
    Files.writeString(
        file, HexFormat.of().formatHex(k.toBytes()) + "\n", StandardCharsets.US_ASCII);
    return k;
  }
}
