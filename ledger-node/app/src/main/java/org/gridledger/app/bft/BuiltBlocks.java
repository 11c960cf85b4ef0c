package org.gridledger.app.bft;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.gridledger.core.chain.BlockBuilder;
import org.gridledger.evm.types.Hash;

/**
 * The executions of blocks this node built or re-built while checking a proposal, by block hash, so
 * that committing a block imports the computed state instead of executing it again. Bounded; used
 * on the consensus thread only.
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

  void put(BlockBuilder.Built built) {
    byHash.put(built.block().hash(), built);
  }

  /** Keeps {@code built} for the block {@code hash}: the built block with other extra data. */
  void put(Hash hash, BlockBuilder.Built built) {
    byHash.put(hash, built);
  }

  /** Removes and returns the execution of {@code hash}, if kept. */
  Optional<BlockBuilder.Built> take(Hash hash) {
    return Optional.ofNullable(byHash.remove(hash));
  }

  void clear() {
    byHash.clear();
  }
}
