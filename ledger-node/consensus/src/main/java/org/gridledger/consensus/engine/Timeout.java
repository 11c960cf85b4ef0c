package org.gridledger.consensus.engine;

/**
 * A timer the engine asked for. {@code PROPOSE}: the round-0 proposer's block period has passed.
 * {@code ROUND}: the round has lasted its timeout.
 */
public record Timeout(Kind kind, long height, int round) {
  /** What the timer is for. */
  public enum Kind {
    PROPOSE,
    ROUND
  }
}
