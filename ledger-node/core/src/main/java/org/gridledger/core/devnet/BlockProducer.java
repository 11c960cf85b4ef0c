package org.gridledger.core.devnet;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.block.FeeRules;
import org.gridledger.core.chain.BlockBuilder;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.chain.ImportResult;
import org.gridledger.core.txpool.PooledTransaction;
import org.gridledger.core.txpool.TransactionPool;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces the blocks of a single-validator chain: takes the pool's pending transactions, builds a
 * child of the head with {@link BlockBuilder}, seals it ({@link HeaderSeal}), imports it through
 * {@link Blockchain#importBlock} (so a produced block passes the same checks as any other), tells
 * the pool about the new head and then the block listeners.
 *
 * <p>Two modes: with a positive block time a block (possibly empty) every interval, as {@code geth
 * --dev.period} and {@code anvil --block-time}; with a zero block time a block as soon as
 * transactions arrive (several that arrive while a block is built go into the next one).
 *
 * <p>Header choices: the timestamp is the clock's second, or the parent's plus one when blocks come
 * faster than one per second (post-merge timestamps must increase); PREVRANDAO is Keccak-256 of the
 * parent hash (there is no beacon chain randomness); the parent beacon block root is zero; the gas
 * limit moves toward the configured target within the 1/1024 bound.
 *
 * <p>All production runs on the producer's own thread between {@link #start()} and {@link #stop()};
 * {@link #produceBlock()} may also be called directly when the producer is not started (tests,
 * tools).
 */
public final class BlockProducer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BlockProducer.class);

  /** The cheapest transaction uses 21,000 gas: more candidates than this can never fit. */
  private static final long MIN_TX_GAS = 21_000;

  /**
   * What the producer puts in its blocks.
   *
   * @param blockTime the interval between blocks; zero to seal as soon as transactions arrive
   * @param coinbase receives the priority fees
   * @param targetGasLimit the gas limit the chain moves toward
   * @param vanity the first 32 bytes of extra data
   */
  public record Config(Duration blockTime, Address coinbase, long targetGasLimit, byte[] vanity) {
    public Config {
      Objects.requireNonNull(blockTime, "blockTime");
      Objects.requireNonNull(coinbase, "coinbase");
      if (blockTime.isNegative()) {
        throw new IllegalArgumentException("block time must not be negative: " + blockTime);
      }
      if (vanity.length != HeaderSeal.VANITY_SIZE) {
        throw new IllegalArgumentException("vanity must be 32 bytes");
      }
      vanity = vanity.clone();
    }

    @Override
    public byte[] vanity() {
      return vanity.clone();
    }
  }

  private final Blockchain chain;
  private final TransactionPool pool;
  private final PrivateKey validatorKey;
  private final Config config;
  private final Clock clock;
  private final BlockBuilder builder;
  private final List<Consumer<Block>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean instantScheduled = new AtomicBoolean();
  private final Object produceLock = new Object();
  private volatile ScheduledExecutorService thread;

  public BlockProducer(
      Blockchain chain, TransactionPool pool, PrivateKey validatorKey, Config config, Clock clock) {
    this.chain = chain;
    this.pool = pool;
    this.validatorKey = validatorKey;
    this.config = config;
    this.clock = clock;
    this.builder = new BlockBuilder(chain);
  }

  /** The validator's address, which {@link HeaderSeal#signer} recovers from produced headers. */
  public Address validator() {
    return validatorKey.address();
  }

  /**
   * Registers a listener called with each produced block after it is the head, on the producer's
   * thread (RPC subscriptions publish from here; keep it short).
   */
  public void onBlock(Consumer<Block> listener) {
    listeners.add(listener);
  }

  /** Starts producing on the producer's own thread. */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("already started");
    }
    ScheduledExecutorService t =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread th = new Thread(r, "block-producer");
              th.setDaemon(true);
              return th;
            });
    thread = t;
    if (config.blockTime().isZero()) {
      pool.onAdded(this::transactionArrived);
      t.execute(this::produceIfPending);
    } else {
      long ms = Math.max(1, config.blockTime().toMillis());
      t.scheduleAtFixedRate(this::produceSafely, ms, ms, TimeUnit.MILLISECONDS);
    }
  }

  /** Stops producing; waits for a block being produced to be imported. */
  public void stop() {
    ScheduledExecutorService t;
    synchronized (this) {
      t = thread;
      thread = null;
    }
    if (t == null) {
      return;
    }
    t.shutdown();
    try {
      if (!t.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("block producer did not stop within 30 s");
        t.shutdownNow();
      }
    } catch (InterruptedException e) {
      t.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void transactionArrived(PooledTransaction tx) {
    ScheduledExecutorService t = thread;
    if (t != null && instantScheduled.compareAndSet(false, true)) {
      try {
        t.execute(this::produceIfPending);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // Stopping: the transaction stays in the pool.
        instantScheduled.set(false);
      }
    }
  }

  private void produceIfPending() {
    instantScheduled.set(false);
    BigInteger baseFee = FeeRules.nextBaseFee(chain.head());
    while (!pool.pending(baseFee).isEmpty()) {
      Optional<Block> block = produceSafelyOnce();
      if (block.isEmpty() || block.get().body().transactions().isEmpty()) {
        return; // Nothing includable now; avoid a busy loop.
      }
      baseFee = FeeRules.nextBaseFee(chain.head());
    }
  }

  private void produceSafely() {
    produceSafelyOnce();
  }

  private Optional<Block> produceSafelyOnce() {
    try {
      return produceBlock();
    } catch (RuntimeException e) {
      LOG.error("block production failed", e);
      return Optional.empty();
    }
  }

  /**
   * Builds, seals and imports one block on the current head with the pool's pending transactions.
   * Returns the block, or empty if the chain refused it (logged; a bug if it happens).
   */
  public Optional<Block> produceBlock() {
    synchronized (produceLock) {
      return produceLocked();
    }
  }

  private Optional<Block> produceLocked() {
    Hash parentHash = chain.headHash();
    BlockHeader parent = chain.blocks().header(parentHash).orElseThrow();
    BigInteger baseFee = FeeRules.nextBaseFee(parent);
    long gasLimit = nextGasLimit(parent.gasLimit(), config.targetGasLimit());
    // The pool recovered every sender on admission: the build recovers none again.
    List<BlockBuilder.Candidate> candidates =
        pool.pending(baseFee).stream()
            .limit(gasLimit / MIN_TX_GAS)
            .map(p -> new BlockBuilder.Candidate(p.transaction(), p.sender()))
            .toList();
    long timestamp = Math.max(clock.instant().getEpochSecond(), parent.timestamp() + 1);
    BlockBuilder.Attributes attributes =
        new BlockBuilder.Attributes(
            config.coinbase(),
            timestamp,
            gasLimit,
            Keccak.of(parentHash.toArray()),
            Hash.ZERO,
            config.vanity());
    BlockBuilder.Built built = builder.buildFrom(parentHash, attributes, candidates);
    for (BlockBuilder.Skipped s : built.skipped()) {
      LOG.debug("left out {}: {} {}", s.transaction().hash(), s.reason(), s.detail());
    }
    BlockHeader sealed = HeaderSeal.seal(built.block().header(), validatorKey);
    Block block = new Block(sealed, built.block().body());
    ImportResult result = chain.importBuilt(block, built);
    if (!(result instanceof ImportResult.Imported imported)) {
      LOG.error("produced block {} was refused: {}", sealed.number(), result);
      return Optional.empty();
    }
    pool.onNewHead();
    LOG.info(
        "sealed block {} hash {} txs {} gas {}",
        imported.number(),
        imported.hash(),
        block.body().transactions().size(),
        sealed.gasUsed());
    for (Consumer<Block> listener : listeners) {
      try {
        listener.accept(block);
      } catch (RuntimeException e) {
        LOG.warn("block listener failed", e);
      }
    }
    return Optional.of(block);
  }

  /** One step from {@code parent} toward {@code target}, inside the EIP-1559 bound of 1/1024. */
  static long nextGasLimit(long parent, long target) {
    long delta = parent / FeeRules.GAS_LIMIT_BOUND_DIVISOR - 1;
    if (target > parent) {
      return Math.min(target, parent + Math.max(0, delta));
    }
    return Math.max(Math.max(target, FeeRules.MIN_GAS_LIMIT), parent - Math.max(0, delta));
  }
}
