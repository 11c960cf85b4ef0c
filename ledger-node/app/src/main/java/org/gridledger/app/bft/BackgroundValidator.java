package org.gridledger.app.bft;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.gridledger.consensus.engine.BlockValidator;
import org.gridledger.core.block.Block;
import org.gridledger.evm.types.Hash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes proposals on a thread of their own ({@code bft-validate}) instead of the consensus
 * thread: re-executing a proposal takes 0.1-2 s under load, and on the consensus thread every vote,
 * relay and timer of that time waited behind it (docs/performance.md, bench-devnet). The answer is
 * handed back through {@code toConsensusThread}, and the engine takes it whenever it comes.
 *
 * <p>One proposal at a time, in the order asked. A proposal whose height is already stored when its
 * turn comes is answered invalid without executing it: the engine has moved on and drops the
 * answer. The committer calls {@link #awaitInFlight} before importing a block, so a block that is
 * final while its validation runs is imported from that execution, not executed a second time.
 */
final class BackgroundValidator implements BlockValidator, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundValidator.class);

  private final BlockValidator inner;
  private final LongSupplier storedHeight;
  private final Consumer<Runnable> toConsensusThread;
  private final Map<Hash, Pending> inFlight = new ConcurrentHashMap<>();

  /** A check queued or running: the block's height and its result to come. */
  private record Pending(long height, CompletableFuture<Boolean> done) {}

  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "bft-validate");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param inner the check itself (it keeps the execution for the commit)
   * @param storedHeight the number of the stored head
   * @param toConsensusThread runs a task on the consensus thread
   */
  BackgroundValidator(
      BlockValidator inner, LongSupplier storedHeight, Consumer<Runnable> toConsensusThread) {
    this.inner = inner;
    this.storedHeight = storedHeight;
    this.toConsensusThread = toConsensusThread;
  }

  /** Checks {@code block} on the calling thread. */
  @Override
  public boolean validate(Block block) {
    return inner.validate(block);
  }

  /** Queues the check of {@code block}; {@code answer} runs on the consensus thread. */
  @Override
  public void validate(Block block, Consumer<Boolean> answer) {
    Hash hash = block.hash();
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    Pending pending = new Pending(block.number(), done);
    Pending running = inFlight.putIfAbsent(hash, pending);
    if (running != null) {
      running.done().thenAccept(valid -> toConsensusThread.accept(() -> answer.accept(valid)));
      return;
    }
    try {
      executor.execute(
          () -> {
            boolean valid = check(block);
            done.complete(valid);
            // Still "checking" until the answer is handled on the consensus thread: a round timer
            // that runs in between must keep waiting for it (isChecking).
            toConsensusThread.accept(
                () -> {
                  inFlight.remove(hash, pending);
                  answer.accept(valid);
                });
          });
    } catch (RejectedExecutionException e) {
      // closed: nobody waits for the answer
      done.complete(false);
      inFlight.remove(hash, pending);
    }
  }

  private boolean check(Block block) {
    if (block.number() <= storedHeight.getAsLong()) {
      return false; // decided while queued
    }
    try {
      return inner.validate(block);
    } catch (RuntimeException e) {
      LOG.atError().setCause(e).addKeyValue("height", block.number()).log("validation failed");
      return false;
    }
  }

  /**
   * Waits until a queued or running check of {@code hash} has finished (its execution, if valid, is
   * then kept for the commit); returns at once if there is none.
   */
  void awaitInFlight(Hash hash) {
    Pending running = inFlight.get(hash);
    if (running == null) {
      return;
    }
    try {
      running.done().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // check() does not throw; nothing kept, the committer executes the block itself
    }
  }

  /**
   * Whether a check of a block at {@code height} is queued, running, or done with its answer not
   * yet handled on the consensus thread.
   */
  boolean isChecking(long height) {
    for (Pending p : inFlight.values()) {
      if (p.height() == height) {
        return true;
      }
    }
    return false;
  }

  /** Stops the thread; a running check is interrupted, queued ones are dropped. */
  @Override
  public void close() {
    executor.shutdownNow();
    for (Pending p : inFlight.values()) {
      p.done().complete(false);
    }
  }
}
