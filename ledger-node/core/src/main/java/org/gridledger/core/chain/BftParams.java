package org.gridledger.core.chain;

import java.util.Objects;
import org.gridledger.evm.types.Address;

/**
 * The protocol parameters of a chain finalized by the BFT engine (docs/consensus.md, "Parameters"
 * and "Epochs and validator-set changes").
 *
 * @param epochLength blocks per epoch, equal to {@code Staking.Params.epochLength}; the last block
 *     of every epoch ({@code number mod epochLength = epochLength − 1}) starts with the {@code
 *     electValidators()} system call
 * @param staking the Staking contract the system call goes to (the genesis predeploy {@code
 *     0x…1006})
 * @param blockPeriodMillis the least time between blocks; the round-0 proposer waits this long
 * @param roundTimeoutMillis the base of the exponential round timeout
 */
public record BftParams(
    long epochLength, Address staking, long blockPeriodMillis, long roundTimeoutMillis) {
  public BftParams {
    Objects.requireNonNull(staking, "staking");
    if (epochLength <= 0) {
      throw new IllegalArgumentException("epoch length must be positive: " + epochLength);
    }
    if (blockPeriodMillis < 0 || roundTimeoutMillis <= 0) {
      throw new IllegalArgumentException(
          "block period must be >= 0 and round timeout > 0: "
              + blockPeriodMillis
              + ", "
              + roundTimeoutMillis);
    }
  }

  /** True for the last block of an epoch, which runs the election first. */
  public boolean isEpochLast(long blockNumber) {
    return blockNumber % epochLength == epochLength - 1;
  }
}
