package org.gridledger.sdk;

import java.time.Duration;

/**
 * Retries of transient RPC failures (connection refused or reset, timeouts, HTTP 5xx): {@code
 * attempts} tries in all, waiting {@code firstDelay}, then twice as long each time up to {@code
 * maxDelay}. Answers from the node (a revert, "nonce too low") are never retried.
 */
public record RetryPolicy(int attempts, Duration firstDelay, Duration maxDelay) {
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(4, Duration.ofMillis(250), Duration.ofSeconds(2));
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

  public RetryPolicy {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be >= 1");
    }
  }

  /** The wait before retry {@code n} (1-based). */
  Duration delay(int n) {
    long ms = firstDelay.toMillis() << Math.min(n - 1, 20);
    return Duration.ofMillis(Math.min(ms, maxDelay.toMillis()));
  }
}
