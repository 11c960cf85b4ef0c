package org.gridledger.app.bft;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.gridledger.core.chain.BlockBuilder;
import org.gridledger.evm.types.Hash;

/**
 * The executions of blocks this node built or re-built while checking a proposal, by block hash, so
 * that committing a block imports the computed state instead of executing it again. Bounded;
 * thread-safe (proposals are checked on their own thread, {@link BackgroundValidator}).
 *
 * <p>An execution is kept prepared for its commit ({@link BlockBuilder.Built#prepareCommit}): its
 * writes encoded, its decoded state dropped. A block waits here for the quorum's votes, on a loaded
 * devnet for longer than a young collection, and its decoded tries (tens of MB for 500
 * reservations) were promoted to the old generation and died there, several full collections a
 * minute (docs/performance.md). Executions dropped unimported are discarded (their batch freed).
 */
final class BuiltBlocks {
  private static final int CAPACITY = 16;

  private final Map<Hash, BlockBuilder.Built> byHash =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Hash, BlockBuilder.Built> eldest) {
          if (size() > CAPACITY) {
            eldest.getValue().discard();
            return true;
          }
          return false;
        }
      };

  /** Keeps {@code built}, prepared for its commit (read its post-state before). */
  void put(BlockBuilder.Built built) {
    put(built.block().hash(), built);
  }

  /**
   * Keeps {@code built} for the block {@code hash} (the built block with other extra data),
   * prepared for its commit (read its post-state before).
   */
  void put(Hash hash, BlockBuilder.Built built) {
    built.prepareCommit(); // outside the lock: it encodes the whole state change
    BlockBuilder.Built replaced;
    synchronized (this) {
      replaced = byHash.put(hash, built);
    }
    if (replaced != null && replaced != built) {
      replaced.discard();
    }
  }

  /** Removes and returns the execution of {@code hash}, if kept. */
  synchronized Optional<BlockBuilder.Built> take(Hash hash) {
    return Optional.ofNullable(byHash.remove(hash));
  }

  synchronized void clear() {
    byHash.values().forEach(BlockBuilder.Built::discard);
    byHash.clear();
  }
}
