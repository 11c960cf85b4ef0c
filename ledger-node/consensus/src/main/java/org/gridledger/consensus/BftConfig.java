package org.gridledger.consensus;

/**
 * The consensus parameters of a chain (docs/consensus.md, "Parameters").
 *
 * @param chainId the EIP-155 chain id, part of every vote digest
 * @param epochLength blocks per epoch, equal to {@code Staking.Params.epochLength}
 * @param blockPeriodMillis the minimum time between blocks: the round-0 proposer waits this long
 * @param roundTimeoutBaseMillis the base of the exponential round timeout
 * @param futureMessageLimit how many messages for future heights a node buffers
 */
public record BftConfig(
    long chainId,
    long epochLength,
    long blockPeriodMillis,
    long roundTimeoutBaseMillis,
    int futureMessageLimit) {
  /** Rounds beyond this do not double the timeout any further. */
  public static final int MAX_BACKOFF_EXPONENT = 10;

  public BftConfig {
    if (chainId <= 0) {
      throw new IllegalArgumentException("chain id must be positive: " + chainId);
    }
    if (epochLength < 1) {
      throw new IllegalArgumentException("epoch length must be at least 1: " + epochLength);
    }
    if (blockPeriodMillis < 0 || roundTimeoutBaseMillis <= 0) {
      throw new IllegalArgumentException(
          "block period must be >= 0 and round timeout base > 0: "
              + blockPeriodMillis
              + ", "
              + roundTimeoutBaseMillis);
    }
    if (futureMessageLimit < 0) {
      throw new IllegalArgumentException("future message limit must be >= 0");
    }
  }

  /** The devnet defaults: 1 s blocks, 2 s round timeout base, 10,000 buffered future messages. */
  public static BftConfig defaults(long chainId, long epochLength) {
    return new BftConfig(chainId, epochLength, 1_000, 2_000, 10_000);
  }

  /**
   * How long round {@code round} lasts before a round change: {@code blockPeriod + base} for round
   * 0, {@code base · 2^min(round, 10)} after.
   */
  public long roundTimeoutMillis(int round) {
    if (round == 0) {
      return blockPeriodMillis + roundTimeoutBaseMillis;
    }
    return roundTimeoutBaseMillis << Math.min(round, MAX_BACKOFF_EXPONENT);
  }

  /** The epoch of a block number. */
  public long epochOf(long blockNumber) {
    return blockNumber / epochLength;
  }

  /**
   * Whether {@code blockNumber} is the last block of its epoch, whose header names the next set.
   */
  public boolean isEpochEnd(long blockNumber) {
    return blockNumber % epochLength == epochLength - 1;
  }
}
