package org.gridledger.core.devnet;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.block.FeeRules;
import org.gridledger.core.chain.BlockBuilder;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.chain.ImportResult;
import org.gridledger.core.state.WorldState;
import org.gridledger.core.txpool.PooledTransaction;
import org.gridledger.core.txpool.TransactionPool;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.state.StateChanges;
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
 * transactions arrive (several that arrive while a block is built go into the next one). In that
 * mode the thread that added a transaction to the pool waits (at most {@link #INSTANT_SEAL_WAIT})
 * until the producer has sealed the pending transactions, so {@code eth_sendRawTransaction} answers
 * once its transaction is in a block, as anvil's automine does: a client that looks the receipt up
 * once and then waits for the next block (ethers v6 {@code wait()}) would otherwise wait forever
 * when that block was sealed between its two calls, since no further block comes.
 *
 * <p>Header choices: the timestamp is the clock's second, or the parent's plus one when blocks come
 * faster than one per second (post-merge timestamps must increase); PREVRANDAO is Keccak-256 of the
 * parent hash (there is no beacon chain randomness); the parent beacon block root is zero; the gas
 * limit moves toward the configured target within the 1/1024 bound.
 *
 * <p>All production runs on the producer's own thread between {@link #start()} and {@link #stop()};
 * {@link #produceBlock()} may also be called directly when the producer is not started (tests,
 * tools).
 *
 * <p><b>Development controls</b> (the {@code evm_*}/{@code anvil_*} methods of {@code gridledger
 * dev}, decision 0010): a time offset added to the clock ({@link #increaseTime}), an exact
 * timestamp for the next block ({@link #setNextTimestamp}), mining on demand ({@link #mine}),
 * direct state edits that the next sealed block applies before its transactions ({@link
 * #submitEdits}), and snapshots the chain can be rewound to ({@link #snapshot}, {@link #revert}).
 * They serialise with production on one lock, so a block is never built while the chain rewinds.
 */
public final class BlockProducer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BlockProducer.class);

  /** Longest a thread adding a transaction waits for its block in instant mode. */
  public static final Duration INSTANT_SEAL_WAIT = Duration.ofSeconds(10);

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
  private final List<ProductionObserver> observers = new CopyOnWriteArrayList<>();
  private final Object produceLock = new Object();
  private volatile ScheduledExecutorService thread;

  private volatile boolean automine = true;

  // Development controls, guarded by produceLock.
  private long timeOffsetSeconds;
  private Long nextTimestamp;
  private Long timestampInterval;
  private final List<StateEdit> pendingEdits = new ArrayList<>();

  /**
   * A point the chain can be rewound to: the head block and the time offset then.
   *
   * @param head the hash of the head block when the snapshot was taken
   * @param number its number
   * @param timeOffsetSeconds the offset added to the clock then
   */
  public record Snapshot(Hash head, long number, long timeOffsetSeconds) {}

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

  /**
   * Told how long each produced block took to build, seal and import (metrics), on the producer's
   * thread before the block listeners; must be quick and must not throw.
   */
  @FunctionalInterface
  public interface ProductionObserver {
    void blockProduced(Block block, long nanos);
  }

  /** Registers {@code observer} for every later produced block. */
  public void observeProduction(ProductionObserver observer) {
    observers.add(observer);
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
    if (t == null) {
      return;
    }
    Future<?> run;
    try {
      run = t.submit(this::produceIfPending);
    } catch (RejectedExecutionException e) {
      return; // Stopping: the transaction stays in the pool.
    }
    try {
      run.get(INSTANT_SEAL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn("transaction {} not sealed within {}", tx.hash(), INSTANT_SEAL_WAIT);
    } catch (ExecutionException | CancellationException e) {
      // produceIfPending logs its own failures; the transaction stays in the pool.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Seals blocks on the caller's thread until no pending transaction is left: anvil's automine,
   * where a transaction is mined before {@code eth_sendRawTransaction} returns (the thread that
   * added it waits for this in {@code transactionArrived}). Only in instant mode (block time zero)
   * and while {@linkplain #setAutomine automine} is on; otherwise does nothing.
   */
  private void sealPending() {
    if (!config.blockTime().isZero() || !automine) {
      return;
    }
    synchronized (produceLock) {
      BigInteger baseFee = chain.config().nextBaseFee(chain.head());
      while (!pool.pending(baseFee).isEmpty()) {
        Optional<Block> block = produceSafelyOnceLocked();
        if (block.isEmpty() || block.get().body().transactions().isEmpty()) {
          return;
        }
        baseFee = chain.config().nextBaseFee(chain.head());
      }
    }
  }

  /**
   * Turns automatic sealing of arriving transactions on or off in instant mode ({@code
   * evm_setAutomine}); while off, transactions wait in the pool for {@link #mine}.
   */
  public void setAutomine(boolean on) {
    automine = on;
    if (on) {
      sealPending();
    }
  }

  private Optional<Block> produceSafelyOnceLocked() {
    try {
      return produceLocked();
    } catch (RuntimeException e) {
      LOG.error("block production failed", e);
      return Optional.empty();
    }
  }

  private void produceIfPending() {
    // Checked and sealed under the production lock: another thread (an RPC call sealing its own
    // transaction, evm_mine) may have included what was pending, and an empty block must not
    // follow.
    sealPending();
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
    long start = System.nanoTime();
    Hash parentHash = chain.headHash();
    BlockHeader parent = chain.blocks().header(parentHash).orElseThrow();
    BigInteger baseFee = chain.config().nextBaseFee(parent);
    long gasLimit = nextGasLimit(parent.gasLimit(), config.targetGasLimit());
    // The pool recovered every sender on admission: the build recovers none again.
    List<BlockBuilder.Candidate> candidates =
        pool.pending(baseFee).stream()
            .limit(gasLimit / MIN_TX_GAS)
            .map(p -> new BlockBuilder.Candidate(p.transaction(), p.sender()))
            .toList();
    long now = clock.instant().getEpochSecond();
    long timestamp;
    if (nextTimestamp != null && nextTimestamp > parent.timestamp()) {
      timestamp = nextTimestamp;
      timeOffsetSeconds = timestamp - now;
    } else if (timestampInterval != null) {
      timestamp = parent.timestamp() + timestampInterval;
      timeOffsetSeconds = timestamp - now;
    } else {
      timestamp = Math.max(now + timeOffsetSeconds, parent.timestamp() + 1);
    }
    List<StateEdit> editList = List.copyOf(pendingEdits);
    // Consumed by this block whether or not it is accepted (a refusal is a bug, logged below).
    nextTimestamp = null;
    pendingEdits.clear();
    StateChanges edits = editChanges(editList, parent, parentHash);
    BlockBuilder.Attributes attributes =
        new BlockBuilder.Attributes(
            config.coinbase(),
            timestamp,
            gasLimit,
            Keccak.of(parentHash.toArray()),
            Hash.ZERO,
            config.vanity());
    BlockBuilder.Built built = builder.buildFrom(parentHash, attributes, candidates, edits);
    for (BlockBuilder.Skipped s : built.skipped()) {
      LOG.debug("left out {}: {} {}", s.transaction().hash(), s.reason(), s.detail());
    }
    BlockHeader sealed = HeaderSeal.seal(built.block().header(), validatorKey);
    Block block = new Block(sealed, built.block().body());
    // The build's post-state is stored as is (edits included): no second execution.
    ImportResult result = chain.importBuilt(block, built);
    if (result instanceof ImportResult.AlreadyKnown known) {
      // After a rewind the same block can be built again (same parent, timestamp and content):
      // it is stored already, off the canonical chain; make it the head again.
      chain.setHead(known.hash());
    } else if (!(result instanceof ImportResult.Imported)) {
      LOG.error("produced block {} was refused: {}", sealed.number(), result);
      return Optional.empty();
    }
    pool.onNewHead();
    long nanos = System.nanoTime() - start;
    for (ProductionObserver observer : observers) {
      observer.blockProduced(block, nanos);
    }
    LOG.info(
        "sealed block {} hash {} txs {} gas {}",
        sealed.number(),
        block.hash(),
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

  /**
   * Moves time forward by {@code seconds}: the next block's timestamp is at least the head's plus
   * {@code seconds}, and later blocks keep the offset. Measured from the head rather than from the
   * clock because blocks produced faster than one per second run ahead of the clock (each is one
   * second after its parent). Returns the new offset from the clock in seconds.
   */
  public long increaseTime(long seconds) {
    if (seconds < 0) {
      throw new IllegalArgumentException("cannot move time backwards: " + seconds + " s");
    }
    synchronized (produceLock) {
      long now = clock.instant().getEpochSecond();
      long base = Math.max(now + timeOffsetSeconds, chain.head().timestamp());
      timeOffsetSeconds = Math.addExact(base, seconds) - now;
      if (timestampInterval != null) {
        // With a fixed interval blocks ignore the clock: the jump goes to the next block.
        nextTimestamp = Math.addExact(chain.head().timestamp(), seconds);
      }
      return timeOffsetSeconds;
    }
  }

  /**
   * Gives the next block exactly {@code timestamp}; later blocks continue from it (the time offset
   * becomes {@code timestamp} minus the clock's time, as anvil does).
   *
   * @throws IllegalArgumentException if {@code timestamp} is not after the head's timestamp
   *     (post-merge timestamps must increase)
   */
  public void setNextTimestamp(long timestamp) {
    synchronized (produceLock) {
      long head = chain.head().timestamp();
      if (Long.compareUnsigned(timestamp, head) <= 0) {
        throw new IllegalArgumentException(
            "timestamp "
                + Long.toUnsignedString(timestamp)
                + " is not after the latest block's timestamp "
                + Long.toUnsignedString(head));
      }
      nextTimestamp = timestamp;
    }
  }

  /**
   * Gives every later block exactly its parent's timestamp plus {@code seconds} (anvil's {@code
   * anvil_setBlockTimestampInterval}); {@code null} returns to the clock. Time travel still adds to
   * it through the exact next timestamp and the offset.
   */
  public void setTimestampInterval(Long seconds) {
    if (seconds != null && seconds <= 0) {
      throw new IllegalArgumentException("interval must be positive: " + seconds);
    }
    synchronized (produceLock) {
      timestampInterval = seconds;
    }
  }

  /**
   * Produces {@code count} blocks now (with whatever the pool holds), the second and later ones
   * {@code intervalSeconds} after their parent when the interval is positive. Returns the blocks
   * produced (fewer if the chain refused one, which is logged).
   */
  public List<Block> mine(long count, long intervalSeconds) {
    if (count < 0 || intervalSeconds < 0) {
      throw new IllegalArgumentException("count and interval must not be negative");
    }
    List<Block> mined = new ArrayList<>();
    synchronized (produceLock) {
      for (long i = 0; i < count; i++) {
        if (i > 0 && intervalSeconds > 0) {
          nextTimestamp = Math.addExact(chain.head().timestamp(), intervalSeconds);
        }
        Optional<Block> block = produceLocked();
        if (block.isEmpty()) {
          break;
        }
        mined.add(block.get());
      }
    }
    return mined;
  }

  /**
   * Queues state edits for the start of the next block. In instant mode (block time zero) that
   * block is sealed before this returns, so reads see the edits at once; with a block time they
   * wait for the next block.
   */
  public void submitEdits(List<StateEdit> edits) {
    synchronized (produceLock) {
      pendingEdits.addAll(edits);
      if (config.blockTime().isZero() && automine) {
        produceLocked();
      }
    }
  }

  /** The current head and time offset, to {@link #revert} to later. */
  public Snapshot snapshot() {
    synchronized (produceLock) {
      return new Snapshot(chain.headHash(), chain.head().number(), timeOffsetSeconds);
    }
  }

  /**
   * Rewinds the chain to {@code snapshot}'s block ({@link Blockchain#setHead}) and restores its
   * time offset; an exact next timestamp and unsealed state edits are dropped, and the pool
   * re-reads its senders' accounts at the new head. Transactions of the abandoned blocks are not
   * put back into the pool (as anvil and hardhat).
   *
   * @throws IllegalArgumentException if the snapshot's block is not stored
   */
  public void revert(Snapshot snapshot) {
    synchronized (produceLock) {
      chain.setHead(snapshot.head());
      timeOffsetSeconds = snapshot.timeOffsetSeconds();
      nextTimestamp = null;
      pendingEdits.clear();
      pool.onNewHead();
    }
  }

  /** The changes {@code edits} make, in order, to the state after {@code parent}. */
  private StateChanges editChanges(List<StateEdit> edits, BlockHeader parent, Hash parentHash) {
    if (edits.isEmpty()) {
      return StateChanges.NONE;
    }
    WorldState state = chain.stateAfter(parent, parentHash);
    StateChanges all = StateChanges.NONE;
    for (StateEdit edit : edits) {
      StateChanges changes = edit.changesOn(state);
      state.apply(changes);
      all = all.then(changes);
    }
    return all;
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
