package org.gridledger.consensus.header;

import java.util.ArrayList;
import java.util.List;
import org.gridledger.consensus.BftConfig;
import org.gridledger.consensus.validator.ValidatorSet;
import org.gridledger.core.block.BlockHeader;

/**
 * A light client's view of the validator sets: starts from the genesis header (which names the set
 * of epoch 0) and moves one epoch at a time by verifying the last header of the current epoch,
 * which names the next set, with its child, whose seals prove it final under the current set (docs/
 * consensus.md, "Epochs and validator-set changes"). An epoch-end header with an empty list keeps
 * the set. Not thread-safe.
 */
public final class ValidatorSetTracker {
  private final BftConfig config;
  private final FinalityVerifier verifier;
  private final List<ValidatorSet> sets = new ArrayList<>();

  /**
   * @throws BftExtraDataException if genesis has no BFT extra data
   * @throws IllegalArgumentException if genesis names no validators or is not block 0
   */
  public ValidatorSetTracker(BlockHeader genesis, BftConfig config, FinalityVerifier verifier) {
    if (genesis.number() != 0) {
      throw new IllegalArgumentException("the tracker starts from block 0");
    }
    this.config = config;
    this.verifier = verifier;
    sets.add(new ValidatorSet(BftExtraData.of(genesis).validators()));
  }

  /** The newest epoch whose set is known. */
  public long latestEpoch() {
    return sets.size() - 1;
  }

  /**
   * The set in force at {@code height}.
   *
   * @throws IllegalArgumentException if that epoch is not known yet
   */
  public ValidatorSet validatorsAt(long height) {
    long epoch = config.epochOf(height);
    if (epoch > latestEpoch()) {
      throw new IllegalArgumentException(
          "epoch " + epoch + " of height " + height + " is not known yet");
    }
    return sets.get((int) epoch);
  }

  /** Whether {@code child} proves {@code header} final under the set in force at its height. */
  public FinalityResult verifyFinal(BlockHeader header, BlockHeader child) {
    if (config.epochOf(header.number()) > latestEpoch()) {
      return FinalityResult.rejected(
          "the set of height " + header.number() + " is not known", java.math.BigInteger.ZERO);
    }
    return verifier.verify(header, child, validatorsAt(header.number()));
  }

  /**
   * Moves to the next epoch: {@code epochEnd} must be the last block of the newest known epoch and
   * proven final by {@code child}. Returns the new set.
   *
   * @throws IllegalArgumentException if the headers do not prove the transition
   */
  public ValidatorSet advance(BlockHeader epochEnd, BlockHeader child) {
    long expected = (latestEpoch() + 1) * config.epochLength() - 1;
    if (epochEnd.number() != expected) {
      throw new IllegalArgumentException(
          "expected the epoch-end header " + expected + ", got " + epochEnd.number());
    }
    FinalityResult result = verifyFinal(epochEnd, child);
    if (!result.isFinal()) {
      throw new IllegalArgumentException("epoch-end header is not final: " + result.reason());
    }
    BftExtraData extra = BftExtraData.of(epochEnd);
    ValidatorSet next =
        extra.validators().isEmpty() ? sets.getLast() : new ValidatorSet(extra.validators());
    sets.add(next);
    return next;
  }
}
