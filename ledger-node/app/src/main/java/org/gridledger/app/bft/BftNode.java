package org.gridledger.app.bft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.gridledger.consensus.BftConfig;
import org.gridledger.consensus.engine.BftDriver;
import org.gridledger.consensus.engine.BftEngine;
import org.gridledger.consensus.engine.FileLockStore;
import org.gridledger.consensus.engine.FileSigningLog;
import org.gridledger.consensus.engine.InMemoryLockStore;
import org.gridledger.consensus.engine.InMemorySigningLog;
import org.gridledger.consensus.engine.LockStore;
import org.gridledger.consensus.engine.SigningLog;
import org.gridledger.consensus.header.BftExtraData;
import org.gridledger.consensus.header.CommitCertificate;
import org.gridledger.consensus.message.VoteVerifier;
import org.gridledger.consensus.validator.ValidatorSet;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.chain.BftParams;
import org.gridledger.core.chain.BlockBuilder;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.txpool.InMemoryTransactionPool;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.network.eth.EthMessage;
import org.gridledger.network.eth.ForkId;
import org.gridledger.network.node.EnodeUrl;
import org.gridledger.network.node.NodeId;
import org.gridledger.network.peer.EthHandler;
import org.gridledger.network.peer.GbftHandler;
import org.gridledger.network.peer.PeerManager;
import org.gridledger.network.peer.PeerManagerConfig;
import org.gridledger.network.peer.PeerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node of a BFT chain (a genesis with {@code config.bft}): the devp2p peer manager with {@code
 * eth/68} and {@code gbft/1}, the consensus engine on its own thread over the node's seams, the
 * durable signing log of a validator, catch-up sync and transaction gossip. A node without a
 * validator key (or whose key is not in the set) runs the same engine as a follower: it verifies
 * and commits what the validators finalize but never signs.
 *
 * <p>Peers: every {@code bootnode} is dialled at start and re-dialled every {@link #REDIAL_MILLIS}
 * while not connected (static peers; discovery is not wired in yet).
 */
public final class BftNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BftNode.class);
  static final long REDIAL_MILLIS = 2_000;

  /**
   * What to run.
   *
   * @param dataDir where the signing log and the head certificate live
   * @param nodeKey the devp2p identity (enode)
   * @param validatorKey the consensus key; empty for a full node
   * @param p2pHost the address to listen on and to advertise in the enode URL
   * @param p2pPort the TCP port; 0 lets the OS choose
   * @param bootnodes peers to keep connected to
   * @param coinbase receives the priority fees of blocks this node proposes
   * @param evidenceKey signs (and pays for) double-sign evidence transactions; empty: the consensus
   *     key, which on the devnet holds no funds
   */
  public record Config(
      Path dataDir,
      PrivateKey nodeKey,
      Optional<PrivateKey> validatorKey,
      String p2pHost,
      int p2pPort,
      List<EnodeUrl> bootnodes,
      Address coinbase,
      Optional<PrivateKey> evidenceKey) {
    public Config {
      Objects.requireNonNull(evidenceKey, "evidenceKey");
      Objects.requireNonNull(dataDir, "dataDir");
      Objects.requireNonNull(nodeKey, "nodeKey");
      Objects.requireNonNull(validatorKey, "validatorKey");
      Objects.requireNonNull(p2pHost, "p2pHost");
      Objects.requireNonNull(coinbase, "coinbase");
      bootnodes = List.copyOf(bootnodes);
    }
  }

  private final Config config;
  private final Blockchain chain;
  private final InMemoryTransactionPool pool;
  private final BftConfig bftConfig;
  private final ConsensusThread consensus = new ConsensusThread();
  private final ExecutorService announcements =
      Executors.newSingleThreadExecutor(Thread.ofVirtual().name("eth-out").factory());
  private final SigningLog signingLog;
  private final PeerGossip gossip;
  private final ChainSync sync;
  private final EthHandler eth;
  private final PeerManager peers;
  private final BftDriver driver;
  private final int p2pPort;
  private final Thread dialer;
  private final PrivateKey consensusKey;
  private volatile CutOffFile cutOffFile;
  private volatile boolean closed;

  /**
   * Opens the signing log, listens for peers and starts consensus on top of {@code chain}'s head.
   *
   * @param onCommitted runs after each final block is stored (RPC events), on the consensus thread
   * @throws IllegalArgumentException if the chain has no BFT parameters
   */
  public static BftNode start(
      Config config, Blockchain chain, InMemoryTransactionPool pool, Consumer<Block> onCommitted) {
    return new BftNode(config, chain, pool, onCommitted);
  }

  private BftNode(
      Config config, Blockchain chain, InMemoryTransactionPool pool, Consumer<Block> onCommitted) {
    BftParams params = chain.config().bftParams();
    if (params == null) {
      throw new IllegalArgumentException("the genesis has no config.bft: not a BFT chain");
    }
    this.config = config;
    this.chain = chain;
    this.pool = pool;
    this.bftConfig =
        new BftConfig(
            chain.config().chainId(),
            params.epochLength(),
            params.blockPeriodMillis(),
            params.roundTimeoutMillis(),
            10_000);
    try {
      java.nio.file.Files.createDirectories(config.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + config.dataDir(), e);
    }
    HeadCertificateStore certificates = new HeadCertificateStore(config.dataDir());
    CommitCertificate headCertificate = headCertificate(certificates);
    BlockHeader head = chain.head();
    PrivateKey consensusKey = config.validatorKey().orElse(config.nodeKey());
    this.consensusKey = consensusKey;
    this.signingLog =
        config.validatorKey().isPresent()
            ? FileSigningLog.open(config.dataDir())
            : new InMemorySigningLog();
    ValidatorSet headSet = ValidatorSets.at(chain, bftConfig, head.number());
    ValidatorSet nextSet = ValidatorSets.at(chain, bftConfig, head.number() + 1);
    VoteVerifier verifier = new VoteVerifier(bftConfig.chainId());
    LockStore lockStore =
        config.validatorKey().isPresent()
            ? FileLockStore.open(config.dataDir())
            : new InMemoryLockStore();
    BftEngine engine =
        new BftEngine(
            bftConfig,
            consensusKey,
            verifier,
            head,
            headCertificate,
            headSet,
            nextSet,
            signingLog,
            lockStore);

    Hash genesisHash = chain.blocks().canonicalHash(0).orElseThrow();
    ForkId.Schedule schedule = new ForkId.Schedule(genesisHash, List.of());
    this.eth =
        new EthHandler(
            () -> {
              BlockHeader h = chain.head();
              return new EthMessage.Status(
                  EthMessage.VERSION,
                  chain.config().chainId(),
                  BigInteger.valueOf(h.number()),
                  h.hash(),
                  genesisHash,
                  schedule.forkId(h.number()));
            },
            schedule,
            () -> chain.head().number(),
            this::onEthMessage);
    this.gossip =
        new PeerGossip(
            this::readyPeers, m -> consensus.execute("message", () -> driverOnMessage(m)));
    this.sync =
        new ChainSync(
            chain,
            pool,
            this::readyPeers,
            (block, certificate) ->
                consensus.submit(
                    "certified block", () -> driverRef().onCertifiedBlock(block, certificate)));
    BlockBuilder builder = new BlockBuilder(chain);
    BuiltBlocks built = new BuiltBlocks();
    ElectedValidators elected = new ElectedValidators(params.staking(), bftConfig.chainId());
    Clock clock = Clock.systemUTC();
    this.driver =
        new BftDriver(
            engine,
            new BftDriver.Seams(
                new PoolBlockCreator(
                    chain,
                    pool,
                    builder,
                    built,
                    elected,
                    bftConfig.epochLength(),
                    config.coinbase(),
                    clock),
                new RebuildingBlockValidator(
                    chain, builder, built, elected, bftConfig.epochLength(), clock),
                new ChainCommitter(
                    chain,
                    built,
                    certificates,
                    block -> {
                      pool.onNewHead();
                      announce(block);
                      onCommitted.accept(block);
                    }),
                gossip,
                new PoolEvidenceSink(chain, pool, config.evidenceKey().orElse(consensusKey)),
                sync,
                new ExecutorTimerService(consensus)));
    this.peers =
        new PeerManager(
            config.nodeKey(),
            "Gridledger/bft",
            PeerManagerConfig.defaults(),
            List.of(eth, new GbftHandler(gossip)));
    try {
      this.p2pPort = peers.listen(new InetSocketAddress(config.p2pHost(), config.p2pPort()));
    } catch (IOException e) {
      closeQuietly();
      throw new UncheckedIOException(
          "cannot listen for peers on " + config.p2pHost() + ":" + config.p2pPort(), e);
    }
    pool.onAdded(p -> sendToAll(new EthMessage.Transactions(List.of(p.transaction()))));
    consensus.execute("start", driver::start);
    sync.start();
    this.dialer = Thread.ofVirtual().name("p2p-dialer").start(this::dialLoop);
    LOG.atInfo()
        .addKeyValue("enode", enode())
        .addKeyValue(
            "validator", config.validatorKey().map(k -> k.address().toString()).orElse("none"))
        .addKeyValue("head", head.number())
        .log("BFT node started");
  }

  /**
   * The certificate of the head: genesis needs none; otherwise the stored one, or, if the node
   * stopped between storing a block and its certificate, the head is rewound to its parent, whose
   * certificate the head's own extra data carries.
   */
  private CommitCertificate headCertificate(HeadCertificateStore certificates) {
    BlockHeader head = chain.head();
    if (head.number() == 0) {
      return CommitCertificate.EMPTY;
    }
    Optional<CommitCertificate> stored = certificates.load(head.hash());
    if (stored.isPresent()) {
      return stored.get();
    }
    LOG.atWarn()
        .addKeyValue("head", head.number())
        .log("no certificate stored for the head: rewinding to its parent");
    CommitCertificate parentCertificate = BftExtraData.of(head).parentCertificate();
    chain.setHead(head.parentHash());
    return parentCertificate;
  }

  private BftDriver driverRef() {
    return driver;
  }

  private void driverOnMessage(org.gridledger.consensus.message.ConsensusMessage m) {
    driver.onMessage(m);
  }

  private void onEthMessage(PeerSession peer, EthMessage message) throws IOException {
    sync.onMessage(peer, message);
  }

  /** Sessions that finished the eth Status exchange. */
  private List<PeerSession> readyPeers() {
    List<PeerSession> ready = new ArrayList<>();
    for (PeerSession p : peers == null ? List.<PeerSession>of() : peers.peers()) {
      if (p.isOpen() && eth.status(p.nodeId()).isPresent()) {
        ready.add(p);
      }
    }
    return ready;
  }

  private void announce(Block block) {
    sendToAll(
        new EthMessage.NewBlockHashes(
            List.of(new EthMessage.BlockAnnouncement(block.hash(), block.number()))));
  }

  private void sendToAll(EthMessage message) {
    try {
      announcements.execute(
          () ->
              ChainSync.sendToAll(
                  readyPeers(),
                  message,
                  (peer, e) -> LOG.atDebug().log("eth send to " + peer + " failed: " + e)));
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  private void dialLoop() {
    while (!closed) {
      for (EnodeUrl boot : config.bootnodes()) {
        if (closed) {
          return;
        }
        if (boot.nodeId().equals(peers.nodeId()) || peers.peer(boot.nodeId()).isPresent()) {
          continue;
        }
        try {
          peers.connect(boot);
          LOG.atInfo().log("connected to " + boot);
        } catch (IOException | RuntimeException e) {
          LOG.atDebug().log("dialling " + boot + " failed: " + e.getMessage());
        }
      }
      try {
        Thread.sleep(REDIAL_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Test-only fault injection (docs/consensus.md, "Fault testing"), never for a real network.
   *
   * @param cutOffFile if present, polled every 100 ms for the peers this node must not talk to
   *     ({@link CutOffFile}): a reproducible network partition of real processes
   * @param equivocate sign and send a conflicting twin of every proposal and vote ({@link
   *     Equivocator}), to one half of the peers each
   */
  public void injectFaults(Optional<Path> cutOffFile, boolean equivocate) {
    cutOffFile.ifPresent(f -> this.cutOffFile = new CutOffFile(f, peers::cutOff));
    if (equivocate) {
      gossip.equivocate(new Equivocator(consensusKey, bftConfig.chainId()));
    }
  }

  /** This node's {@code enode://} URL (the listen address and port). */
  public EnodeUrl enode() {
    return new EnodeUrl(NodeId.of(config.nodeKey()), config.p2pHost(), p2pPort, p2pPort);
  }

  public int p2pPort() {
    return p2pPort;
  }

  /** How many peers have completed the handshakes. */
  public int peerCount() {
    return readyPeers().size();
  }

  /** The height the engine is deciding, read on the consensus thread. */
  public CompletableFuture<Long> consensusHeight() {
    CompletableFuture<Long> f = new CompletableFuture<>();
    consensus.execute("height", () -> f.complete(driver.engine().height()));
    return f;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly();
  }

  private void closeQuietly() {
    closed = true;
    if (cutOffFile != null) {
      cutOffFile.close();
    }
    if (dialer != null) {
      dialer.interrupt();
    }
    if (sync != null) {
      sync.close();
    }
    if (peers != null) {
      peers.close();
    }
    if (gossip != null) {
      gossip.close();
    }
    announcements.shutdownNow();
    consensus.close();
    if (signingLog instanceof FileSigningLog f) {
      f.close();
    }
  }
}
