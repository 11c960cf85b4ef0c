package org.gridledger.app.bft;

import org.gridledger.consensus.BftConfig;
import org.gridledger.consensus.header.BftExtraData;
import org.gridledger.consensus.validator.ValidatorSet;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.chain.Blockchain;

/**
 * The validator set in force at a height, read from the canonical chain's headers: genesis names
 * epoch 0's set, the last header of epoch {@code e - 1} names epoch {@code e}'s, and an epoch-end
 * header with an empty list keeps the set (docs/consensus.md, "Epochs and validator-set changes").
 */
final class ValidatorSets {
  private ValidatorSets() {}

  /**
   * @throws IllegalStateException if an epoch-end header the answer depends on is not stored
   */
  static ValidatorSet at(Blockchain chain, BftConfig config, long height) {
    for (long epoch = config.epochOf(height); epoch > 0; epoch--) {
      long epochEnd = epoch * config.epochLength() - 1;
      BlockHeader header =
          chain
              .blocks()
              .canonicalHeader(epochEnd)
              .orElseThrow(
                  () -> new IllegalStateException("epoch-end block " + epochEnd + " not stored"));
      BftExtraData extra = BftExtraData.of(header);
      if (!extra.validators().isEmpty()) {
        return new ValidatorSet(extra.validators());
      }
    }
    BlockHeader genesis = chain.blocks().canonicalHeader(0).orElseThrow();
    return new ValidatorSet(BftExtraData.of(genesis).validators());
  }
}
