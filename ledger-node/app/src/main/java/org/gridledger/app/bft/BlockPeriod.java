package org.gridledger.app.bft;

/**
 * When the round-0 proposer of a height builds: one block period after its parent's timestamp, not
 * one period after the parent was committed. Counted from the commit, every height lasted the
 * period plus building, re-execution by every validator and two vote rounds, and the proposer sat
 * idle for the whole period even when that work had already taken longer; counted from the parent's
 * timestamp, a slow height is followed at once by the next.
 *
 * <p>Timestamps are whole seconds and a proposal's is the clock's second but at least the parent's
 * plus one ({@link PoolBlockCreator}), so blocks still never run ahead of the clock by more than
 * one period below a second.
 *
 * <p>A period below a second cannot be counted from a timestamp of whole seconds (several blocks
 * share one, {@link org.gridledger.core.chain.ChainConfig#minTimestampStep()}): there the proposer
 * waits the period from the start of the height on this node, i.e. from the parent's commit.
 */
final class BlockPeriod {
  private BlockPeriod() {}

  /**
   * How long the proposer still waits: the time to {@code parentTimestampSeconds} plus {@code
   * periodMillis}, at least 0 and at most {@code periodMillis} (a parent stamped in the future does
   * not stall the chain longer than the engine's own wait); on a chain whose blocks may share a
   * second ({@code timestampStep} 0, {@link
   * org.gridledger.core.chain.ChainConfig#minTimestampStep()}) the whole period.
   */
  static long proposeDelayMillis(
      long periodMillis, long timestampStep, long parentTimestampSeconds, long nowMillis) {
    if (timestampStep == 0) {
      return periodMillis;
    }
    long due = parentTimestampSeconds * 1000 + periodMillis;
    return Math.max(0, Math.min(periodMillis, due - nowMillis));
  }
}
