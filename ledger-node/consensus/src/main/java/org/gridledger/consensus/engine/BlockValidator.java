package org.gridledger.consensus.engine;

import java.util.function.Consumer;
import org.gridledger.core.block.Block;

/**
 * Checks a proposed block beyond what the engine checks (parent, number, proposer, parent
 * certificate): execution, state root, and at an epoch end that the extra data's validator list
 * equals the set elected in the block's post-state.
 */
public interface BlockValidator {
  /** Checks {@code block} now, on the driver's thread. */
  boolean validate(Block block);

  /**
   * Checks {@code block} and hands the result to {@code answer}, which must run on the driver's
   * thread, now or later. A node executes proposals on another thread this way, so that votes,
   * relays and timers are not held up behind a long execution (the engine keeps track of the blocks
   * it is waiting for). The default checks the block at once with {@link #validate}.
   */
  default void validate(Block block, Consumer<Boolean> answer) {
    answer.accept(validate(block));
  }
}
