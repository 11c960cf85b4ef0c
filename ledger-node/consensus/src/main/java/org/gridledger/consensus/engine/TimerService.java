package org.gridledger.consensus.engine;

/**
 * Runs {@code onFire} on the driver's thread after {@code delayMillis} (real time in a node,
 * virtual time in tests). Timers are never cancelled: the engine ignores stale ones.
 */
public interface TimerService {
  void schedule(long delayMillis, Runnable onFire);
}
