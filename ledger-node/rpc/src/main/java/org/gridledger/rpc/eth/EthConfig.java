package org.gridledger.rpc.eth;

import java.time.Duration;

/**
 * Limits of the {@code eth} methods.
 *
 * @param callGasCap most gas an {@code eth_call}, {@code eth_estimateGas} or {@code
 *     debug_traceCall} may use (geth's {@code --rpc.gascap}, default 50M)
 * @param maxLogBlockRange most blocks one {@code eth_getLogs} may span
 * @param maxLogResults most logs one {@code eth_getLogs} may return
 * @param filterTimeout a filter not polled for this long is removed (geth: 5 minutes)
 * @param maxFilters most installed filters at once
 */
public record EthConfig(
    long callGasCap,
    long maxLogBlockRange,
    int maxLogResults,
    Duration filterTimeout,
    int maxFilters) {

  public EthConfig {
    if (callGasCap <= 0 || maxLogBlockRange <= 0 || maxLogResults <= 0 || maxFilters <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
    if (filterTimeout.isNegative() || filterTimeout.isZero()) {
      throw new IllegalArgumentException("filter timeout must be positive");
    }
  }

  public static EthConfig defaults() {
    return new EthConfig(50_000_000L, 1_000_000, 10_000, Duration.ofMinutes(5), 10_000);
  }
}
