package org.gridledger.consensus.engine;

import org.gridledger.core.block.Block;

/**
 * Checks a proposed block beyond what the engine checks (parent, number, proposer, parent
 * certificate): execution, state root, and at an epoch end that the extra data's validator list
 * equals the set elected in the block's post-state. Called on the driver's thread.
 */
public interface BlockValidator {
  boolean validate(Block block);
}
