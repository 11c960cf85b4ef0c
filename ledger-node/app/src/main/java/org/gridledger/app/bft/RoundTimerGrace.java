package org.gridledger.app.bft;

/**
 * Defers a round timer while its round is visibly making progress, so that a proposal found valid
 * late is still voted through instead of being cut short by a round change. On two starved cores
 * re-executing a proposal took 0.7-3.3 s and reached the validators up to 1.4 s after it was built;
 * round 0 ended while the votes were on their way, and the next proposer built a larger block that
 * took longer still (docs/performance.md, bench-devnet).
 *
 * <p>Progress is this node building or finding valid a proposal of the round, or receiving a
 * proposal, prepare or commit of it. A timer that fires less than {@code graceMillis} after the
 * last progress waits until that much time has passed without any, but in all at most {@code
 * capMillis} past its own deadline. Only liveness is affected: timers fire later, nothing is signed
 * differently. Used on the consensus thread only.
 */
final class RoundTimerGrace {
  private final long graceNanos;
  private final long capNanos;
  private long progressHeight = -1;
  private int progressRound = -1;
  private long progressAtNanos;

  RoundTimerGrace(long graceMillis, long capMillis) {
    this.graceNanos = graceMillis * 1_000_000;
    this.capNanos = capMillis * 1_000_000;
  }

  /**
   * The round {@code round} of {@code height} made progress at {@code atNanos} (nanoTime), or is
   * expected to until then (a time ahead of now); an earlier time than one already given for the
   * same round changes nothing.
   */
  void progress(long height, int round, long atNanos) {
    if (height == progressHeight && round == progressRound && atNanos <= progressAtNanos) {
      return;
    }
    progressHeight = height;
    progressRound = round;
    progressAtNanos = atNanos;
  }

  /**
   * How much longer the timer of {@code round} at {@code height}, due at {@code dueNanos}, should
   * wait when it fires at {@code nowNanos}; 0: fire now.
   */
  long deferMillis(long height, int round, long dueNanos, long nowNanos) {
    if (height != progressHeight || round != progressRound) {
      return 0;
    }
    long until = Math.min(progressAtNanos + graceNanos, dueNanos + capNanos);
    long left = until - nowNanos;
    return left <= 0 ? 0 : Math.max(1, left / 1_000_000);
  }

  /**
   * How much longer a timer due at {@code dueNanos} should wait, when it fires at {@code nowNanos}
   * while this node is still executing a proposal of its height: {@code pollMillis}, but never past
   * the cap; 0: fire now. Executing happens off the consensus thread (BackgroundValidator), so
   * unlike votes it leaves no trace in {@link #progress}; without this a slow execution would end
   * the round it is about to vote in.
   */
  long deferWhileExecutingMillis(long dueNanos, long nowNanos, long pollMillis) {
    long left = dueNanos + capNanos - nowNanos;
    return left <= 0 ? 0 : Math.max(1, Math.min(pollMillis, left / 1_000_000));
  }
}
