package org.gridledger.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.chain.GenesisJson;
import org.gridledger.core.devnet.AutominePool;
import org.gridledger.core.devnet.BlockProducer;
import org.gridledger.core.devnet.HeaderSeal;
import org.gridledger.core.storage.RocksDbStorage;
import org.gridledger.core.txpool.InMemoryTransactionPool;
import org.gridledger.core.txpool.TransactionPool;
import org.gridledger.core.txpool.TxPoolLimits;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.rpc.RpcConfig;
import org.gridledger.rpc.RpcMethods;
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

/**
 * Wires one running node: RocksDB under the data directory, the chain, the transaction pool, the
 * block producer (when a validator key is given) and the JSON-RPC server. {@link #close()} stops
 * them in reverse order (producer, RPC, database) and is safe to call twice, from a shutdown hook
 * included.
 */
public final class NodeAssembly implements AutoCloseable {
  /**
   * What to run.
   *
   * @param dataDir the node's directory; the database lives in {@code dataDir/db}
   * @param deleteDataDirOnClose for the temporary directory of {@code gridledger dev}
   * @param validatorKey seals blocks when present; without it the node only serves its chain
   * @param devMethods registers the development namespace ({@code evm_*}, {@code anvil_*}, {@code
   *     hardhat_*}, decision 0008): only {@code gridledger dev} sets it, and it needs a validator
   */
  public record Options(
      Path dataDir,
      boolean deleteDataDirOnClose,
      GenesisJson.Loaded genesis,
      Optional<PrivateKey> validatorKey,
      Duration blockTime,
      Address coinbase,
      RpcConfig rpc,
      boolean devMethods) {
    public Options {
      if (devMethods && validatorKey.isEmpty()) {
        throw new IllegalArgumentException("the development methods need a block producer");
      }
    }
  }

  private final Options options;
  private final RocksDbStorage storage;
  private final Blockchain chain;
  private final InMemoryTransactionPool pool;
  private final BlockProducer producer;
  private final SubscriptionManager subscriptions;
  private final RpcServer rpc;
  private final int rpcPort;
  private boolean closed;

  private NodeAssembly(Options options) {
    this.options = options;
    try {
      Files.createDirectories(options.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data directory " + options.dataDir(), e);
    }
    RocksDbStorage db = new RocksDbStorage(options.dataDir().resolve("db"));
    RpcServer server = null;
    BlockProducer blockProducer = null;
    try {
      this.chain =
          Blockchain.initialize(db, options.genesis().config(), options.genesis().genesis());
      this.pool = new InMemoryTransactionPool(chain, TxPoolLimits.defaults());
      if (options.validatorKey().isPresent()) {
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
      new NetApi(chain.config().chainId(), () -> 0).registerTo(methods);
      new EthChainApi(chain.config().chainId()).registerTo(methods);
      // The chain-backed methods; state reads take the chain's lock, so they never see a half
      // import.
      EthConfig ethConfig = EthConfig.defaults();
      // gridledger dev with block time 0 mines a transaction before eth_sendRawTransaction
      // returns, as anvil's automine does.
      TransactionPool rpcPool =
          options.devMethods() && blockProducer != null && options.blockTime().isZero()
              ? new AutominePool(pool, blockProducer)
              : pool;
      EthApi eth = new EthApi(chain, rpcPool, ethConfig);
      eth.registerTo(methods);
      new DebugApi(chain, ethConfig).registerTo(methods); // served only with --rpc-apis ...,debug
      if (options.devMethods() && blockProducer != null) {
        new DevApi(blockProducer, eth.filters()).registerTo(methods);
      }
      ChainEvents events = new ChainEvents(subscriptions, pool, eth.filters());
      if (blockProducer != null) {
        blockProducer.onBlock(block -> events.onImported(chain.blocks(), block.hash()));
      }
      server = new RpcServer(options.rpc(), methods.build(), subscriptions);
      this.rpcPort = server.start();
      this.rpc = server;
      this.producer = blockProducer;
      this.storage = db;
      if (producer != null) {
        producer.start();
      }
    } catch (RuntimeException e) {
      if (server != null) {
        server.close();
      }
      db.close();
      throw e;
    }
  }

  /** Opens the database, initialises or opens the chain, starts RPC and the producer. */
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

  /** The HTTP URL of the JSON-RPC server (WebSocket: the same with {@code ws://}). */
  public String rpcUrl() {
    return "http://" + hostForUrl(options.rpc().host()) + ":" + rpcPort;
  }

  private static String hostForUrl(String host) {
    return host.contains(":") ? "[" + host + "]" : host;
  }

  /** Stops the producer, then RPC, then closes the database; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (producer != null) {
        producer.stop();
      }
    } finally {
      try {
        rpc.stop();
      } finally {
        storage.close();
        if (options.deleteDataDirOnClose()) {
          deleteRecursively(options.dataDir());
        }
      }
    }
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
