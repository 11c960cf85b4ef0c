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
 */
final class BuiltBlocks {
  private static final int CAPACITY = 16;

  private final Map<Hash, BlockBuilder.Built> byHash =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Hash, BlockBuilder.Built> eldest) {
          return size() > CAPACITY;
        }
      };

  synchronized void put(BlockBuilder.Built built) {
    byHash.put(built.block().hash(), built);
  }

  /** Keeps {@code built} for the block {@code hash}: the built block with other extra data. */
  synchronized void put(Hash hash, BlockBuilder.Built built) {
    byHash.put(hash, built);
  }

  /** Removes and returns the execution of {@code hash}, if kept. */
  synchronized Optional<BlockBuilder.Built> take(Hash hash) {
    return Optional.ofNullable(byHash.remove(hash));
  }

  synchronized void clear() {
    byHash.clear();
  }
}
