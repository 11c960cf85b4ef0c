package org.gridledger.rpc.eth;

import java.time.Duration;

/**
 * Limits of the {@code eth} methods.
 *
 * @param callGasCap most gas an {@code eth_call}, {@code eth_estimateGas} or {@code
 *     debug_traceCall} may use (geth's {@code --rpc.gascap}, default 50M)
 * @param maxLogBlockRange most blocks one {@code eth_getLogs} may span ({@code to - from})
 * @param maxLogResults most logs one {@code eth_getLogs} may return
 * @param filterTimeout a filter not polled for this long is removed (geth: 5 minutes)
 * @param maxFilters most installed filters at once
 * @param txFeeCapEther {@code eth_sendRawTransaction} refuses a transaction whose gas limit times
 *     gas price (fee cap) exceeds this many ether (geth's {@code --rpc.txfeecap}, default 1); 0 for
 *     no cap
 * @param allowUnprotectedTxs whether {@code eth_sendRawTransaction} accepts legacy transactions
 *     signed without a chain id (geth's {@code --rpc.allow-unprotected-txs}, default false)
 */
public record EthConfig(
    long callGasCap,
    long maxLogBlockRange,
    int maxLogResults,
    Duration filterTimeout,
    int maxFilters,
    double txFeeCapEther,
    boolean allowUnprotectedTxs) {

  public EthConfig {
    if (callGasCap <= 0 || maxLogBlockRange <= 0 || maxLogResults <= 0 || maxFilters <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
    if (filterTimeout.isNegative() || filterTimeout.isZero()) {
      throw new IllegalArgumentException("filter timeout must be positive");
    }
    if (!(txFeeCapEther >= 0) || Double.isInfinite(txFeeCapEther)) {
      throw new IllegalArgumentException("tx fee cap must be a finite number >= 0");
    }
  }

  public static EthConfig defaults() {
    return new EthConfig(50_000_000L, 1_000_000, 10_000, Duration.ofMinutes(5), 10_000, 1.0, false);
  }

  public EthConfig withLogLimits(long blockRange, int results) {
    return new EthConfig(
        callGasCap,
        blockRange,
        results,
        filterTimeout,
        maxFilters,
        txFeeCapEther,
        allowUnprotectedTxs);
  }

  public EthConfig withAllowUnprotectedTxs(boolean value) {
    return new EthConfig(
        callGasCap,
        maxLogBlockRange,
        maxLogResults,
        filterTimeout,
        maxFilters,
        txFeeCapEther,
        value);
  }
}
