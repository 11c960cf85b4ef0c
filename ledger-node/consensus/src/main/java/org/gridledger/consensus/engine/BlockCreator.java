package org.gridledger.consensus.engine;

import java.util.Optional;
import org.gridledger.core.block.Block;

/**
 * Builds proposals: a block on {@code request.parent()} at {@code request.height()} whose extra
 * data is {@link org.gridledger.consensus.header.BftExtraData} with {@code
 * request.parentCertificate()} and, in the last block of an epoch, the next validator set read from
 * the block's post-state. Called on the driver's thread.
 */
public interface BlockCreator {
  /** The block, or empty if none can be built now (the round will then time out). */
  Optional<Block> build(Action.BuildBlock request);
}
