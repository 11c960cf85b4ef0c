package org.gridledger.app.bft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.gridledger.consensus.BftConfig;
import org.gridledger.consensus.engine.BftDriver;
import org.gridledger.consensus.engine.BftEngine;
import org.gridledger.consensus.engine.BlockCreator;
import org.gridledger.consensus.engine.BlockValidator;
import org.gridledger.consensus.engine.FileLockStore;
import org.gridledger.consensus.engine.FileSigningLog;
import org.gridledger.consensus.engine.InMemoryLockStore;
import org.gridledger.consensus.engine.InMemorySigningLog;
import org.gridledger.consensus.engine.LockStore;
import org.gridledger.consensus.engine.RelayFilter;
import org.gridledger.consensus.engine.SigningLog;
import org.gridledger.consensus.engine.Timeout;
import org.gridledger.consensus.engine.TimerService;
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
import org.gridledger.core.txpool.PooledTransaction;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.network.discovery.DiscoveryService;
import org.gridledger.network.discovery.KademliaTable;
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
 * while not connected. With discovery on, the node also runs discovery v4 on UDP at its p2p port
 * (the bootnodes seed its Kademlia table) and the dialer connects to nodes found there until the
 * node has {@code maxPeers} peers, looking up random targets every {@link #LOOKUP_MILLIS} while it
 * has fewer (docs/network.md, "Discovery").
 */
public final class BftNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BftNode.class);
  static final long REDIAL_MILLIS = 2_000;
  static final long LOOKUP_MILLIS = 5_000;

  /** A discovered node that could not be dialled is not tried again for this long. */
  static final long DIAL_BACKOFF_MILLIS = 30_000;

  /** Peers unless configured otherwise (inbound and dialled together). */
  public static final int DEFAULT_MAX_PEERS = 25;

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
   * @param discovery whether to run discovery v4 and dial the nodes it finds
   * @param maxPeers the dialer stops at this many peers; inbound peers are limited to it as well
   */
  public record Config(
      Path dataDir,
      PrivateKey nodeKey,
      Optional<PrivateKey> validatorKey,
      String p2pHost,
      int p2pPort,
      List<EnodeUrl> bootnodes,
      Address coinbase,
      Optional<PrivateKey> evidenceKey,
      boolean discovery,
      int maxPeers) {
    /** With discovery on and {@link #DEFAULT_MAX_PEERS}. */
    public Config(
        Path dataDir,
        PrivateKey nodeKey,
        Optional<PrivateKey> validatorKey,
        String p2pHost,
        int p2pPort,
        List<EnodeUrl> bootnodes,
        Address coinbase,
        Optional<PrivateKey> evidenceKey) {
      this(
          dataDir,
          nodeKey,
          validatorKey,
          p2pHost,
          p2pPort,
          bootnodes,
          coinbase,
          evidenceKey,
          true,
          DEFAULT_MAX_PEERS);
    }

    public Config {
      if (maxPeers < 1) {
        throw new IllegalArgumentException("maxPeers must be at least 1: " + maxPeers);
      }
      Objects.requireNonNull(evidenceKey, "evidenceKey");
      Objects.requireNonNull(dataDir, "dataDir");
      Objects.requireNonNull(nodeKey, "nodeKey");
      Objects.requireNonNull(validatorKey, "validatorKey");
      Objects.requireNonNull(p2pHost, "p2pHost");
      Objects.requireNonNull(coinbase, "coinbase");
      bootnodes = List.copyOf(bootnodes);
    }
  }

  /**
   * Consensus events for metrics. Called on the consensus thread (penalties on a peer's reader
   * thread); implementations must be quick and thread-safe.
   */
  public interface Observer {
    Observer NONE = new Observer() {};

    /**
     * A block became final here.
     *
     * @param round the round its certificate is from
     * @param proposalToFinalityNanos from the first proposal of its height this node built or
     *     validated to its commit; -1 for a block that arrived by sync
     */
    default void onFinalized(long height, int round, long proposalToFinalityNanos) {}

    /** The engine moved on to a later round of the same height (timeout or round skip). */
    default void onRoundChange(long height, int newRound) {}

    /** Double-sign evidence was submitted as a transaction. */
    default void onEvidenceSubmitted() {}

    /** A peer sent a consensus message the relay filter blamed. */
    default void onPeerPenalized() {}
  }

  private volatile Observer observer = Observer.NONE;
  // Consensus thread only: where the engine was when last looked at, and when the current height's
  // first proposal was built or validated.
  private long seenHeight;
  private int seenRound;
  private long proposalHeight = -1;
  private long proposalAtNanos;
  private final RoundTimerGrace grace;
  private volatile long currentHeight;
  private volatile int currentRound;
  private volatile boolean currentlyValidator;

  private final Config config;
  private final Blockchain chain;
  private final InMemoryTransactionPool pool;
  private final BftConfig bftConfig;
  private final ConsensusThread consensus = new ConsensusThread();
  private final ExecutorService announcements =
      Executors.newSingleThreadExecutor(Thread.ofVirtual().name("eth-out").factory());
  private final SigningLog signingLog;
  private final PeerGossip gossip;
  private final RelayFilter relayFilter;
  private final HeadCertificateStore certificates;
  private final ChainSync sync;
  private final EthHandler eth;
  private final PeerManager peers;
  private final BftDriver driver;
  private final BackgroundValidator validation;
  private final int p2pPort;
  private final DiscoveryService discovery;
  private final Map<NodeId, Long> dialFailures = new ConcurrentHashMap<>();
  private final KnownTransactions<PeerSession> knownTransactions =
      new KnownTransactions<>(KnownTransactions.DEFAULT_CAPACITY);
  private final TransactionBatcher transactionGossip =
      new TransactionBatcher(
          batch ->
              sendToEach(
                  peer -> TransactionBatcher.messages(batch, h -> knownTransactions.has(peer, h))));
  private final Thread dialer;
  private final Thread reannouncer;
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
    this.grace =
        new RoundTimerGrace(
            bftConfig.roundTimeoutBaseMillis() / 2, bftConfig.roundTimeoutBaseMillis() * 2);
    try {
      java.nio.file.Files.createDirectories(config.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + config.dataDir(), e);
    }
    this.certificates = new HeadCertificateStore(config.dataDir());
    CommitCertificate headCertificate = headCertificate(certificates);
    BlockHeader head = chain.head();
    // A follower's engine gets a key of its own, never in any validator set: with the node key
    // instead, a node whose node key is a validator's would vote without --validator-key.
    PrivateKey consensusKey =
        config.validatorKey().orElseGet(() -> PrivateKey.random(new SecureRandom()));
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
    this.relayFilter =
        new RelayFilter(
            bftConfig, new RelayFilter.View(head.number() + 1, headSet, nextSet, Optional.empty()));
    this.gossip =
        new PeerGossip(
            this::readyPeers,
            m -> consensus.execute("message", () -> driverOnMessage(m)),
            relayFilter,
            (peer, what) -> {
              observer.onPeerPenalized();
              peerManager().penalize(peer, what);
            });
    this.sync =
        new ChainSync(
            chain,
            bftConfig,
            verifier,
            BlockDownloader.Settings.defaults(),
            pool,
            knownTransactions,
            this::readyPeers,
            (block, certificate) ->
                consensus.submit(
                    "certified block",
                    () -> {
                      driverRef().onCertifiedBlock(block, certificate);
                      publishView();
                    }));
    PoolEvidenceSink evidenceSink =
        new PoolEvidenceSink(
            chain,
            pool,
            config.evidenceKey().orElse(config.validatorKey().orElse(config.nodeKey())));
    ExecutorTimerService timers = new ExecutorTimerService(consensus);
    BlockBuilder builder = new BlockBuilder(chain);
    BuiltBlocks built = new BuiltBlocks();
    ElectedValidators elected = new ElectedValidators(params.staking(), bftConfig.chainId());
    Clock clock = Clock.systemUTC();
    // Proposals are executed on their own thread with their own builder and election reader
    // (each runs one call at a time, and this node may build a proposal of a later round
    // meanwhile).
    this.validation =
        new BackgroundValidator(
            new RebuildingBlockValidator(
                chain,
                new BlockBuilder(chain),
                built,
                new ElectedValidators(params.staking(), bftConfig.chainId()),
                bftConfig.epochLength(),
                clock,
                hash -> pool.get(hash).map(PooledTransaction::sender)),
            () -> chain.head().number(),
            task -> consensus.execute("proposal checked", task));
    this.driver =
        new BftDriver(
            engine,
            new BftDriver.Seams(
                timedCreator(
                    new PoolBlockCreator(
                        chain,
                        pool,
                        builder,
                        built,
                        elected,
                        bftConfig.epochLength(),
                        config.coinbase(),
                        clock,
                        buildBudgetNanos(bftConfig))),
                timedValidator(validation),
                new ChainCommitter(
                    chain,
                    built,
                    certificates,
                    (block, certificate) -> {
                      observer.onFinalized(
                          block.number(),
                          certificate.round(),
                          proposalHeight == block.number()
                              ? System.nanoTime() - proposalAtNanos
                              : -1);
                      publishView();
                      pool.onNewHead();
                      announce(block);
                      onCommitted.accept(block);
                    },
                    validation::awaitInFlight),
                gossip,
                evidence -> {
                  evidenceSink.report(evidence);
                  observer.onEvidenceSubmitted();
                },
                sync,
                new TimerService() {
                  @Override
                  public void schedule(long delayMillis, Runnable onFire) {
                    timers.schedule(
                        delayMillis,
                        () -> {
                          onFire.run();
                          publishView();
                        });
                  }

                  @Override
                  public void schedule(Timeout timeout, long delayMillis, Runnable onFire) {
                    if (timeout.kind() == Timeout.Kind.PROPOSE) {
                      schedule(proposeDelayMillis(timeout.height(), delayMillis), onFire);
                      return;
                    }
                    // A round timer waits while its round makes progress (RoundTimerGrace).
                    long due = System.nanoTime() + delayMillis * 1_000_000;
                    schedule(delayMillis, () -> fireRoundTimer(timeout, due, onFire));
                  }

                  private void fireRoundTimer(Timeout timeout, long due, Runnable onFire) {
                    long defer =
                        grace.deferMillis(
                            timeout.height(), timeout.round(), due, System.nanoTime());
                    if (defer == 0 && validation.isChecking(timeout.height())) {
                      defer = grace.deferWhileExecutingMillis(due, System.nanoTime(), 50);
                    }
                    if (defer > 0) {
                      timers.schedule(defer, () -> fireRoundTimer(timeout, due, onFire));
                    } else {
                      onFire.run();
                      publishView();
                    }
                  }
                }));
    this.peers =
        new PeerManager(
            config.nodeKey(),
            "Gridledger/bft",
            peerLimits(config.maxPeers()),
            Stream.concat(eth.protocols().stream(), new GbftHandler(gossip).protocols().stream())
                .toList());
    try {
      this.p2pPort = peers.listen(new InetSocketAddress(config.p2pHost(), config.p2pPort()));
    } catch (IOException e) {
      closeQuietly();
      throw new UncheckedIOException(
          "cannot listen for peers on " + config.p2pHost() + ":" + config.p2pPort(), e);
    }
    this.discovery = config.discovery() ? openDiscovery() : null;
    pool.onAdded(p -> transactionGossip.add(p, sync.admittingFromPeer(p.hash())));
    consensus.execute(
        "start",
        () -> {
          driver.start();
          publishView();
        });
    sync.start();
    this.dialer = Thread.ofVirtual().name("p2p-dialer").start(this::dialLoop);
    this.reannouncer = Thread.ofVirtual().name("tx-reannounce").start(this::reannounceLoop);
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

  /**
   * A quarter of the round timeout's base: round 0 lasts the block period plus the base, in which
   * the proposal is built, sent, executed again by every validator and voted on twice; building and
   * re-executing take about the same time, so half the base goes to them and the rest is left for
   * the network and a busy machine.
   */
  static long buildBudgetNanos(BftConfig config) {
    return java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(config.roundTimeoutBaseMillis() / 4);
  }

  /**
   * The round-0 proposer's wait for {@code height}: the block period from the parent's timestamp
   * ({@link BlockPeriod}); the engine's {@code periodMillis} if the head is not that parent.
   */
  private long proposeDelayMillis(long height, long periodMillis) {
    BlockHeader parent = chain.head();
    if (parent.number() != height - 1) {
      return periodMillis;
    }
    return BlockPeriod.proposeDelayMillis(
        periodMillis,
        chain.config().minTimestampStep(),
        parent.timestamp(),
        System.currentTimeMillis());
  }

  private BftDriver driverRef() {
    return driver;
  }

  private void driverOnMessage(org.gridledger.consensus.message.ConsensusMessage m) {
    BftEngine engine = driver.engine();
    LOG.atDebug()
        .addKeyValue("height", m.height())
        .addKeyValue("round", m.round())
        .addKeyValue("at", engine.height() + "/" + engine.round())
        .log(() -> "received " + m.getClass().getSimpleName());
    if (!(m instanceof org.gridledger.consensus.message.RoundChange)
        && m.height() == engine.height()
        && m.round() == engine.round()) {
      grace.progress(m.height(), m.round(), System.nanoTime());
    }
    driver.onMessage(m);
    publishView();
  }

  /** Reports consensus events to {@code newObserver} (metrics) from now on. */
  public void observe(Observer newObserver) {
    this.observer = Objects.requireNonNull(newObserver, "observer");
  }

  /** The height being decided, as of the last consensus event. */
  public long currentHeight() {
    return currentHeight;
  }

  /** The round of {@link #currentHeight()}, as of the last consensus event. */
  public int currentRound() {
    return currentRound;
  }

  /** Whether this node's key is in the set in force at {@link #currentHeight()}. */
  public boolean isValidatorNow() {
    return currentlyValidator;
  }

  /**
   * The creator seam. After building, the round's timer expects progress for twice the build time
   * more: the validators execute the proposal again before any of them votes, which takes about as
   * long as building it (longer on a loaded machine), and the proposer sees nothing of it until
   * their votes come. Without this the proposer's round timer could fire while the validators were
   * still executing (docs/performance.md, bench-devnet).
   */
  private BlockCreator timedCreator(BlockCreator creator) {
    return request -> {
      proposalSeen(request.height());
      long started = System.nanoTime();
      Optional<Block> block = creator.build(request);
      if (block.isPresent()) {
        long now = System.nanoTime();
        grace.progress(request.height(), request.round(), now + 2 * (now - started));
      }
      return block;
    };
  }

  /**
   * The validator seam: checks run on {@code validator}'s thread; an answer reaches the engine on
   * the consensus thread, unless its height was decided meanwhile (the engine has forgotten it).
   */
  private BlockValidator timedValidator(BackgroundValidator validator) {
    return new BlockValidator() {
      @Override
      public boolean validate(Block block) {
        proposalSeen(block.number());
        boolean valid = validator.validate(block);
        checked(block, valid);
        return valid;
      }

      @Override
      public void validate(Block block, Consumer<Boolean> answer) {
        proposalSeen(block.number());
        validator.validate(
            block,
            valid -> {
              if (driver.engine().height() != block.number()) {
                return;
              }
              checked(block, valid);
              answer.accept(valid);
              publishView();
            });
      }

      private void checked(Block block, boolean valid) {
        BftEngine engine = driver.engine();
        if (valid && engine.height() == block.number()) {
          grace.progress(block.number(), engine.round(), System.nanoTime());
        }
      }
    };
  }

  private void proposalSeen(long height) {
    if (proposalHeight != height) {
      proposalHeight = height;
      proposalAtNanos = System.nanoTime();
    }
  }

  /**
   * Tells the relay filter (and the metrics) where the engine is; on the consensus thread after
   * every event.
   */
  private void publishView() {
    BftEngine engine = driver.engine();
    long height = engine.height();
    int round = engine.round();
    if (height == seenHeight && round > seenRound) {
      observer.onRoundChange(height, round);
    }
    seenHeight = height;
    seenRound = round;
    currentHeight = height;
    currentRound = round;
    currentlyValidator =
        config.validatorKey().isPresent() && engine.validators().contains(engine.self());
    relayFilter.update(
        new RelayFilter.View(
            engine.height(),
            engine.headValidators(),
            engine.validators(),
            engine.nextEpochValidators()));
  }

  private PeerManager peerManager() {
    return peers;
  }

  private void onEthMessage(PeerSession peer, EthMessage message) throws IOException {
    if (message instanceof EthMessage.Handshake) {
      // The peer is ready for consensus messages now: a partition that healed, or a restart.
      consensus.execute("peer connected", () -> driverRef().onPeerConnected());
    }
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

  /**
   * Tells every peer of a new head: eth/68 peers by NewBlockHashes, eth/69 peers (which have no
   * such message) by BlockRangeUpdate, with this node serving every block from genesis. eth/69 asks
   * for an update only about every two minutes; one per block is what lets a peer that missed the
   * consensus messages notice it is behind, as NewBlockHashes does on eth/68.
   */
  private void announce(Block block) {
    List<EthMessage> eth68 =
        List.of(
            new EthMessage.NewBlockHashes(
                List.of(new EthMessage.BlockAnnouncement(block.hash(), block.number()))));
    List<EthMessage> eth69 =
        List.of(new EthMessage.BlockRangeUpdate(0, block.number(), block.hash()));
    sendToEach(peer -> EthHandler.version(peer) == EthMessage.ETH68 ? eth68 : eth69);
  }

  /** Announces waiting pool transactions again, every {@link PoolReannouncer#PERIOD_MILLIS}. */
  private void reannounceLoop() {
    PoolReannouncer reannouncer =
        new PoolReannouncer(
            pool,
            due ->
                sendToEach(
                    peer ->
                        PoolReannouncer.announcements(due, h -> knownTransactions.has(peer, h))),
            System::currentTimeMillis);
    while (!closed) {
      try {
        Thread.sleep(PoolReannouncer.PERIOD_MILLIS);
        reannouncer.tick();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.atWarn().setCause(e).log("re-announcing pool transactions failed");
      }
    }
  }

  private void sendToAll(EthMessage message) {
    List<EthMessage> one = List.of(message);
    sendToEach(peer -> one);
  }

  /**
   * Sends each ready peer the messages {@code perPeer} makes for it, on the announcements thread (a
   * slow peer must not hold up the caller: consensus, gossip batching).
   */
  private void sendToEach(Function<PeerSession, List<EthMessage>> perPeer) {
    try {
      announcements.execute(
          () -> {
            for (PeerSession peer : readyPeers()) {
              try {
                for (EthMessage message : perPeer.apply(peer)) {
                  EthHandler.send(peer, message);
                }
              } catch (IOException | RuntimeException e) {
                LOG.atDebug().log("eth send to " + peer + " failed: " + e);
              }
            }
          });
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  private static PeerManagerConfig peerLimits(int maxPeers) {
    PeerManagerConfig d = PeerManagerConfig.defaults();
    return new PeerManagerConfig(
        maxPeers,
        maxPeers,
        d.pingInterval(),
        d.pingTimeout(),
        d.offencesBeforeBan(),
        d.banDuration(),
        d.handshakeTimeout());
  }

  /** Discovery on UDP at the p2p port; none (with a warning) if that port is taken. */
  private DiscoveryService openDiscovery() {
    try {
      return new DiscoveryService(
          config.nodeKey(),
          new InetSocketAddress(config.p2pHost(), p2pPort),
          p2pPort,
          Duration.ofMillis(500),
          Duration.ofSeconds(10));
    } catch (IOException e) {
      LOG.atWarn().log("discovery off: cannot bind UDP port " + p2pPort + ": " + e.getMessage());
      return null;
    }
  }

  private void dialLoop() {
    long lastLookup = 0;
    while (!closed) {
      for (EnodeUrl boot : config.bootnodes()) {
        if (closed) {
          return;
        }
        dial(boot);
      }
      if (discovery != null && peers.peers().size() < config.maxPeers()) {
        long now = System.nanoTime();
        if (lastLookup == 0 || now - lastLookup > LOOKUP_MILLIS * 1_000_000) {
          lastLookup = now;
          discover();
        }
        dialDiscovered();
      }
      try {
        Thread.sleep(REDIAL_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Bonds with the bootnodes while the table is empty, else looks up a random target. */
  private void discover() {
    try {
      if (discovery.table().size() == 0) {
        discovery.bootstrap(config.bootnodes());
      } else {
        byte[] target = new byte[64];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(target);
        discovery.lookup(target);
      }
    } catch (RuntimeException e) {
      LOG.atDebug().log("discovery lookup failed: " + e);
    }
  }

  /** Dials nodes of the discovery table until the peer limit. */
  private void dialDiscovered() {
    for (KademliaTable.Entry e : discovery.table().entries()) {
      if (closed || peers.peers().size() >= config.maxPeers()) {
        return;
      }
      Long failed = dialFailures.get(e.id());
      if (failed != null && System.currentTimeMillis() - failed < DIAL_BACKOFF_MILLIS) {
        continue;
      }
      dial(
          new EnodeUrl(
              e.id(),
              e.endpoint().ip().getHostAddress(),
              e.endpoint().tcpPort(),
              e.endpoint().udpPort()));
    }
  }

  private void dial(EnodeUrl node) {
    if (node.nodeId().equals(peers.nodeId())
        || peers.peer(node.nodeId()).isPresent()
        || peers.isBanned(node.nodeId())) {
      return;
    }
    try {
      peers.connect(node);
      dialFailures.remove(node.nodeId());
      LOG.atInfo().log("connected to " + node);
    } catch (IOException | RuntimeException e) {
      dialFailures.put(node.nodeId(), System.currentTimeMillis());
      LOG.atDebug().log("dialling " + node + " failed: " + e.getMessage());
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

  /**
   * Where consensus stands.
   *
   * @param height the height being decided
   * @param round its current round
   * @param validator whether this node's key is in the set in force at {@code height}
   * @param signer this node's consensus address, empty for a node without a validator key
   * @param validators the set in force at {@code height}
   * @param peers peers that completed the handshakes
   */
  public record Status(
      long height,
      int round,
      boolean validator,
      Optional<Address> signer,
      ValidatorSet validators,
      int peers) {}

  /** The engine's state, read on the consensus thread (at most {@code timeout} of waiting). */
  public Status status(Duration timeout) throws TimeoutException {
    CompletableFuture<Status> f = new CompletableFuture<>();
    consensus.execute(
        "status",
        () -> {
          BftEngine e = driver.engine();
          f.complete(
              new Status(
                  e.height(),
                  e.round(),
                  config.validatorKey().isPresent() && e.validators().contains(e.self()),
                  config.validatorKey().map(PrivateKey::address),
                  e.validators(),
                  0));
        });
    try {
      Status s = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new Status(
          s.height(), s.round(), s.validator(), s.signer(), s.validators(), peerCount());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TimeoutException("interrupted");
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** The certificate of the head block {@code headHash}, if it is still the stored one. */
  public Optional<CommitCertificate> headCertificate(Hash headHash) {
    return certificates.load(headHash);
  }

  /** The chain's consensus parameters. */
  public BftConfig bftConfig() {
    return bftConfig;
  }

  /** A remote node's score: 0 unless it sent invalid data (e.g. forged consensus messages). */
  public int peerScore(NodeId node) {
    return peers.score(node);
  }

  /** Whether a remote node is banned for repeated invalid data. */
  public boolean isBanned(NodeId node) {
    return peers.isBanned(node);
  }

  /** The discovery table's size; 0 with discovery off. */
  public int discoveredNodes() {
    return discovery == null ? 0 : discovery.table().size();
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
    if (reannouncer != null) {
      reannouncer.interrupt();
    }
    if (dialer != null) {
      dialer.interrupt();
    }
    if (sync != null) {
      sync.close();
    }
    if (discovery != null) {
      discovery.close();
    }
    if (peers != null) {
      peers.close();
    }
    if (gossip != null) {
      gossip.close();
    }
    if (transactionGossip != null) {
      transactionGossip.close();
    }
    announcements.shutdownNow();
    consensus.close();
    if (validation != null) {
      validation.close();
    }
    if (signingLog instanceof FileSigningLog f) {
      f.close();
    }
  }
}
