package org.gridledger.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.gridledger.app.bft.BftNode;
import org.gridledger.core.block.Block;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.chain.ImportObserver;
import org.gridledger.core.chain.ImportResult;
import org.gridledger.core.devnet.BlockProducer;
import org.gridledger.core.txpool.TransactionPool;
import org.gridledger.rpc.RpcObserver;
import org.gridledger.rpc.RpcServer;
import org.gridledger.rpc.subscription.SubscriptionManager;

/**
 * The node's metrics in a Prometheus registry (Micrometer): the core and RPC modules report through
 * their small observer interfaces ({@link ImportObserver}, {@link
 * BlockProducer.ProductionObserver}, {@link RpcObserver}), which this class implements, and gauges
 * read the chain, pool and server when scraped. docs/operations.md lists every metric.
 *
 * <p>Thread-safe: observers are called from import, producer, worker and event-loop threads.
 */
final class NodeMetrics
    implements ImportObserver,
        BlockProducer.ProductionObserver,
        RpcObserver,
        BftNode.Observer,
        AutoCloseable {
  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc;
  private final Timer importTimer;
  private final Timer productionTimer;
  private final DistributionSummary txsPerBlock;
  private final DistributionSummary gasPerBlock;
  private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();
  private Counter bftFinalized;
  private Counter bftFinalizedBySync;
  private Counter bftRoundChanges;
  private Counter bftEvidence;
  private Counter bftPenalties;
  private Timer bftFinality;
  private final Map<Integer, Counter> errorCounters = new ConcurrentHashMap<>();

  NodeMetrics() {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    this.gc = new JvmGcMetrics();
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    this.importTimer =
        Timer.builder("gridledger.block.import")
            .description("Time to validate, execute and store one imported block")
            .register(registry);
    this.productionTimer =
        Timer.builder("gridledger.block.production")
            .description("Time to build, seal and import one produced block")
            .register(registry);
    this.txsPerBlock =
        DistributionSummary.builder("gridledger.block.transactions")
            .description("Transactions per imported block")
            .register(registry);
    this.gasPerBlock =
        DistributionSummary.builder("gridledger.block.gas.used")
            .description("Gas used per imported block")
            .register(registry);
  }

  /** Head height gauge; times every import of {@code chain}. */
  void bindChain(Blockchain chain) {
    Gauge.builder("gridledger.chain.head.number", chain, c -> c.head().number())
        .description("Number of the head block")
        .register(registry);
    chain.observeImports(this);
  }

  void bindProducer(BlockProducer producer) {
    producer.observeProduction(this);
  }

  void bindPool(TransactionPool pool) {
    Gauge.builder("gridledger.txpool.pending", pool, p -> p.status().pending())
        .description("Executable transactions in the pool")
        .register(registry);
    Gauge.builder("gridledger.txpool.queued", pool, p -> p.status().queued())
        .description("Transactions in the pool waiting for a lower nonce")
        .register(registry);
  }

  void bindRpc(RpcServer server, SubscriptionManager subscriptions) {
    Gauge.builder("gridledger.rpc.websocket.connections", server, RpcServer::openWebSockets)
        .description("Open JSON-RPC WebSocket connections")
        .register(registry);
    Gauge.builder("gridledger.rpc.subscriptions", subscriptions, SubscriptionManager::count)
        .description("Live eth_subscribe subscriptions")
        .register(registry);
  }

  /**
   * Consensus metrics of a BFT node: gauges of its height, round, validator role and peers,
   * counters of finalized blocks, round changes, evidence and penalised peers, and the histogram of
   * the time from a height's first proposal to its finality.
   */
  void bindBft(BftNode node) {
    Gauge.builder("gridledger.bft.height", node, BftNode::currentHeight)
        .description("Height the consensus engine is deciding")
        .register(registry);
    Gauge.builder("gridledger.bft.round", node, BftNode::currentRound)
        .description("Round of that height (0 when all goes well)")
        .register(registry);
    Gauge.builder("gridledger.bft.validator", node, n -> n.isValidatorNow() ? 1 : 0)
        .description("1 while this node's key is in the validator set in force, else 0")
        .register(registry);
    Gauge.builder("gridledger.bft.peers", node, BftNode::peerCount)
        .description("devp2p peers that completed the handshakes")
        .register(registry);
    this.bftFinalized =
        Counter.builder("gridledger.bft.finalized.blocks")
            .description("Blocks finalized by this node's engine (from consensus or sync)")
            .register(registry);
    this.bftFinalizedBySync =
        Counter.builder("gridledger.bft.synced.blocks")
            .description("Of those, blocks fetched by sync with their certificate")
            .register(registry);
    this.bftRoundChanges =
        Counter.builder("gridledger.bft.round.changes")
            .description("Times the engine moved to a later round of a height (timeout or skip)")
            .register(registry);
    this.bftEvidence =
        Counter.builder("gridledger.bft.evidence.submitted")
            .description("Double-sign evidence transactions submitted to Staking")
            .register(registry);
    this.bftPenalties =
        Counter.builder("gridledger.bft.peer.penalties")
            .description("Consensus messages from peers dropped as forged (sender scored down)")
            .register(registry);
    this.bftFinality =
        Timer.builder("gridledger.bft.finality")
            .description("Time from a height's first proposal seen or built here to its finality")
            .serviceLevelObjectives(
                Duration.ofMillis(50),
                Duration.ofMillis(100),
                Duration.ofMillis(250),
                Duration.ofMillis(500),
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30))
            .register(registry);
    node.observe(this);
  }

  @Override
  public void onFinalized(long height, int round, long proposalToFinalityNanos) {
    bftFinalized.increment();
    if (proposalToFinalityNanos >= 0) {
      bftFinality.record(proposalToFinalityNanos, TimeUnit.NANOSECONDS);
    } else {
      bftFinalizedBySync.increment();
    }
  }

  @Override
  public void onRoundChange(long height, int newRound) {
    bftRoundChanges.increment();
  }

  @Override
  public void onEvidenceSubmitted() {
    bftEvidence.increment();
  }

  @Override
  public void onPeerPenalized() {
    bftPenalties.increment();
  }

  /** The Prometheus text exposition of every metric. */
  String scrape() {
    return registry.scrape();
  }

  @Override
  public void blockImported(Block block, ImportResult result, long nanos) {
    if (result instanceof ImportResult.Imported) {
      importTimer.record(nanos, TimeUnit.NANOSECONDS);
      txsPerBlock.record(block.body().transactions().size());
      gasPerBlock.record(block.header().gasUsed());
    }
  }

  @Override
  public void blockProduced(Block block, long nanos) {
    productionTimer.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void callCompleted(String method, long nanos, boolean failed) {
    // The dispatcher passes only served method names or "unknown", so this map stays small.
    requestTimers
        .computeIfAbsent(
            method,
            m ->
                Timer.builder("gridledger.rpc.requests")
                    .description("JSON-RPC calls by method: count and handler time")
                    .tag("method", m)
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void errorSent(int code) {
    errorCounters
        .computeIfAbsent(
            code,
            c ->
                Counter.builder("gridledger.rpc.errors")
                    .description("JSON-RPC error objects sent, by error code")
                    .tag("code", Integer.toString(c))
                    .register(registry))
        .increment();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
