package org.gridledger.app;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gridledger.app.bft.BftNode;
import org.gridledger.app.bft.BftRpc;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.chain.GenesisSource;
import org.gridledger.core.devnet.BlockProducer;
import org.gridledger.core.devnet.HeaderSeal;
import org.gridledger.core.storage.RocksDbStorage;
import org.gridledger.core.txpool.InMemoryTransactionPool;
import org.gridledger.core.txpool.TxPoolLimits;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.network.node.EnodeUrl;
import org.gridledger.rpc.RpcConfig;
import org.gridledger.rpc.RpcMethods;
import org.gridledger.rpc.RpcObserver;
import org.gridledger.rpc.RpcServer;
import org.gridledger.rpc.dev.DevApi;
import org.gridledger.rpc.eth.ChainEvents;
import org.gridledger.rpc.eth.DebugApi;
import org.gridledger.rpc.eth.EthApi;
import org.gridledger.rpc.eth.EthConfig;
import org.gridledger.rpc.methods.ClientVersion;
import org.gridledger.rpc.methods.EthChainApi;
import org.gridledger.rpc.methods.NetApi;
import org.gridledger.rpc.methods.Web3Api;
import org.gridledger.rpc.subscription.SubscriptionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one running node: RocksDB under the data directory, the chain, the transaction pool, the
 * block producer (when a validator key is given) or, on a BFT chain with p2p settings, the {@link
 * BftNode} (consensus, peers, sync), the JSON-RPC server and, when asked for, the metrics endpoint;
 * RPC and metrics share one Vert.x instance. {@link #close()} stops them in reverse order
 * (producer, RPC, metrics, Vert.x, database) and is safe to call twice, from a shutdown hook
 * included.
 */
public final class NodeAssembly implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeAssembly.class);

  /** Where {@code GET /metrics} listens. */
  public record MetricsEndpoint(String host, int port) {}

  /**
   * What to run.
   *
   * @param dataDir the node's directory; the database lives in {@code dataDir/db}
   * @param deleteDataDirOnClose for the temporary directory of {@code gridledger dev}
   * @param validatorKey seals blocks when present; without it the node only serves its chain
   * @param rpc the JSON-RPC server and its transport limits
   * @param eth the limits of the {@code eth} methods
   * @param metrics where to serve Prometheus metrics; empty for none (no metrics are collected)
   * @param devMethods registers the development namespace ({@code evm_*}, {@code anvil_*}, {@code
   *     hardhat_*}, decision 0010): only {@code gridledger dev} sets it, and it needs a validator
   * @param p2p the devp2p settings of a BFT chain (a genesis with {@code config.bft}): the node
   *     then runs the consensus engine ({@link BftNode}) instead of the single-validator producer
   */
  public record Options(
      Path dataDir,
      boolean deleteDataDirOnClose,
      GenesisSource genesis,
      Optional<PrivateKey> validatorKey,
      Duration blockTime,
      Address coinbase,
      RpcConfig rpc,
      EthConfig eth,
      Optional<MetricsEndpoint> metrics,
      boolean devMethods,
      Optional<P2p> p2p) {
    public Options {
      if (devMethods && validatorKey.isEmpty()) {
        throw new IllegalArgumentException("the development methods need a block producer");
      }
      if (p2p.isPresent() && genesis.config().bftParams() == null) {
        throw new IllegalArgumentException("peer-to-peer networking needs a BFT genesis");
      }
      if (p2p.isPresent() && devMethods) {
        throw new IllegalArgumentException("the development methods need a block producer");
      }
    }

    /** A node without peers (the single-validator producer or an RPC server over its chain). */
    public Options(
        Path dataDir,
        boolean deleteDataDirOnClose,
        GenesisSource genesis,
        Optional<PrivateKey> validatorKey,
        Duration blockTime,
        Address coinbase,
        RpcConfig rpc,
        EthConfig eth,
        Optional<MetricsEndpoint> metrics,
        boolean devMethods) {
      this(
          dataDir,
          deleteDataDirOnClose,
          genesis,
          validatorKey,
          blockTime,
          coinbase,
          rpc,
          eth,
          metrics,
          devMethods,
          Optional.empty());
    }
  }

  /**
   * The devp2p side of a BFT node.
   *
   * @param nodeKey the node's identity (its enode id)
   * @param host the address to listen on and advertise
   * @param port the TCP port (0: chosen by the OS)
   * @param bootnodes peers to keep connected to
   * @param evidenceKey signs double-sign evidence transactions (default: the validator key)
   * @param discovery whether to run discovery v4 and dial the nodes it finds
   * @param maxPeers the peer limit the dialer fills up to
   */
  public record P2p(
      PrivateKey nodeKey,
      String host,
      int port,
      List<EnodeUrl> bootnodes,
      Optional<PrivateKey> evidenceKey,
      boolean discovery,
      int maxPeers) {
    /** With discovery on and {@link BftNode#DEFAULT_MAX_PEERS}. */
    public P2p(
        PrivateKey nodeKey,
        String host,
        int port,
        List<EnodeUrl> bootnodes,
        Optional<PrivateKey> evidenceKey) {
      this(nodeKey, host, port, bootnodes, evidenceKey, true, BftNode.DEFAULT_MAX_PEERS);
    }

    public P2p {
      bootnodes = List.copyOf(bootnodes);
    }
  }

  private final Options options;
  private final RocksDbStorage storage;
  private final Vertx vertx;
  private final Blockchain chain;
  private final InMemoryTransactionPool pool;
  private final BlockProducer producer;
  private final BftNode bftNode;
  private final SubscriptionManager subscriptions;
  private final RpcServer rpc;
  private final int rpcPort;
  private final NodeMetrics metrics;
  private final MetricsServer metricsServer;
  private final int metricsPort;
  private boolean closed;

  private NodeAssembly(Options options) {
    this.options = options;
    try {
      Files.createDirectories(options.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data directory " + options.dataDir(), e);
    }
    RocksDbStorage db = new RocksDbStorage(options.dataDir().resolve("db"));
    Vertx sharedVertx = RpcServer.newVertx();
    NodeMetrics nodeMetrics = options.metrics().isPresent() ? new NodeMetrics() : null;
    RpcServer server = null;
    MetricsServer metricsEndpoint = null;
    BlockProducer blockProducer = null;
    BftNode bft = null;
    try {
      this.chain = options.genesis().initialize(db);
      this.pool = new InMemoryTransactionPool(chain, TxPoolLimits.defaults());
      if (options.validatorKey().isPresent() && options.p2p().isEmpty()) {
        blockProducer =
            new BlockProducer(
                chain,
                pool,
                options.validatorKey().get(),
                new BlockProducer.Config(
                    options.blockTime(),
                    options.coinbase(),
                    chain.head().gasLimit(),
                    HeaderSeal.vanity("gridledger")),
                Clock.systemUTC());
      }
      this.subscriptions = new SubscriptionManager();
      RpcMethods.Builder methods = RpcMethods.builder();
      new Web3Api(ClientVersion.current()).registerTo(methods);
      java.util.concurrent.atomic.AtomicReference<BftNode> peersOf =
          new java.util.concurrent.atomic.AtomicReference<>();
      new NetApi(
              chain.config().chainId(), () -> peersOf.get() == null ? 0 : peersOf.get().peerCount())
          .registerTo(methods);
      new EthChainApi(chain.config().chainId()).registerTo(methods);
      // The chain-backed methods; state reads take the chain's lock, so they never see a half
      // import.
      // With block time 0 the producer seals an admitted transaction before the pool's add
      // returns, so eth_sendRawTransaction answers once it is mined, as anvil's automine does.
      EthApi eth = new EthApi(chain, pool, options.eth());
      eth.registerTo(methods);
      new DebugApi(chain, pool, options.eth())
          .registerTo(methods); // only with --rpc-apis ...,debug
      if (options.devMethods() && blockProducer != null) {
        new DevApi(blockProducer, eth.filters()).registerTo(methods);
      }
      ChainEvents events = new ChainEvents(subscriptions, pool, eth.filters());
      if (blockProducer != null) {
        blockProducer.onBlock(block -> events.onImported(chain.blocks(), block.hash()));
      }
      if (options.p2p().isPresent()) {
        P2p p2p = options.p2p().get();
        bft =
            BftNode.start(
                new BftNode.Config(
                    options.dataDir(),
                    p2p.nodeKey(),
                    options.validatorKey(),
                    p2p.host(),
                    p2p.port(),
                    p2p.bootnodes(),
                    options.coinbase(),
                    p2p.evidenceKey(),
                    p2p.discovery(),
                    p2p.maxPeers()),
                chain,
                pool,
                block -> events.onImported(chain.blocks(), block.hash()));
        peersOf.set(bft);
      }
      new BftRpc(chain, Optional.ofNullable(bft)).registerTo(methods);
      server =
          new RpcServer(
              sharedVertx,
              options.rpc(),
              methods.build(),
              subscriptions,
              nodeMetrics != null ? nodeMetrics : RpcObserver.NONE);
      if (nodeMetrics != null) {
        nodeMetrics.bindChain(chain);
        nodeMetrics.bindPool(pool);
        nodeMetrics.bindRpc(server, subscriptions);
        if (blockProducer != null) {
          nodeMetrics.bindProducer(blockProducer);
        }
        if (bft != null) {
          nodeMetrics.bindBft(bft);
        }
      }
      this.rpcPort = server.start();
      this.rpc = server;
      if (nodeMetrics != null) {
        metricsEndpoint =
            new MetricsServer(sharedVertx, options.metrics().get(), nodeMetrics::scrape);
        this.metricsPort = metricsEndpoint.start();
      } else {
        this.metricsPort = -1;
      }
      this.metricsServer = metricsEndpoint;
      this.metrics = nodeMetrics;
      this.producer = blockProducer;
      this.bftNode = bft;
      this.vertx = sharedVertx;
      this.storage = db;
      if (producer != null) {
        producer.start();
      }
    } catch (RuntimeException e) {
      List<AutoCloseable> started = new ArrayList<>();
      if (bft != null) {
        started.add(bft);
      }
      if (server != null) {
        started.add(server);
      }
      if (metricsEndpoint != null) {
        started.add(metricsEndpoint);
      }
      started.add(() -> closeVertx(sharedVertx));
      started.add(db);
      if (nodeMetrics != null) {
        started.add(nodeMetrics);
      }
      closeAll(started, e);
      throw e;
    }
  }

  /** Opens the database, initialises or opens the chain, starts RPC, metrics and the producer. */
  public static NodeAssembly start(Options options) {
    return new NodeAssembly(options);
  }

  public Blockchain chain() {
    return chain;
  }

  public InMemoryTransactionPool pool() {
    return pool;
  }

  public Optional<BlockProducer> producer() {
    return Optional.ofNullable(producer);
  }

  /** The consensus node of a BFT chain, when p2p options were given. */
  public Optional<BftNode> bft() {
    return Optional.ofNullable(bftNode);
  }

  /** Where the node's RocksDB database lives ({@code dataDir/db}). */
  public Path databaseDirectory() {
    return storage.directory();
  }

  /** The HTTP URL of the JSON-RPC server (WebSocket: the same with {@code ws://}). */
  public String rpcUrl() {
    return "http://" + hostForUrl(options.rpc().host()) + ":" + rpcPort;
  }

  /** The URL of {@code GET /metrics}, when metrics are on. */
  public Optional<String> metricsUrl() {
    return options
        .metrics()
        .map(m -> "http://" + hostForUrl(m.host()) + ":" + metricsPort + "/metrics");
  }

  private static String hostForUrl(String host) {
    return host.contains(":") ? "[" + host + "]" : host;
  }

  /**
   * Stops the producer, then RPC and metrics, then closes the database (flushing RocksDB's write
   * buffers); idempotent. Every step runs even if an earlier one fails; the first failure is thrown
   * at the end.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<AutoCloseable> steps = new ArrayList<>();
    if (producer != null) {
      steps.add(producer::stop);
    }
    if (bftNode != null) {
      steps.add(bftNode);
    }
    steps.add(rpc::stop);
    if (metricsServer != null) {
      steps.add(metricsServer);
    }
    steps.add(() -> closeVertx(vertx));
    steps.add(
        () -> {
          long head = chain.head().number();
          storage.close();
          LOG.atInfo()
              .addKeyValue("head", head)
              .addKeyValue("dir", options.dataDir())
              .log("database flushed and closed");
        });
    if (metrics != null) {
      steps.add(metrics);
    }
    if (options.deleteDataDirOnClose()) {
      steps.add(() -> deleteRecursively(options.dataDir()));
    }
    RuntimeException failure = closeAll(steps, null);
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Runs every step; returns (or adds to {@code first}, when given) the first failure as an
   * unchecked exception with the later ones suppressed.
   */
  private static RuntimeException closeAll(List<AutoCloseable> steps, RuntimeException first) {
    RuntimeException failure = first;
    for (AutoCloseable step : steps) {
      try {
        step.close();
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        if (failure == null) {
          failure =
              e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    return failure;
  }

  private static void closeVertx(Vertx v) throws Exception {
    v.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  static void deleteRecursively(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }
}
