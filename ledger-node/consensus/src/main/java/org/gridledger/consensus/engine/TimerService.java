package org.gridledger.consensus.engine;

/**
 * Runs {@code onFire} on the driver's thread after {@code delayMillis} (real time in a node,
 * virtual time in tests). Timers are never cancelled: the engine ignores stale ones.
 */
public interface TimerService {
  void schedule(long delayMillis, Runnable onFire);

  /**
   * Schedules the engine's {@code timeout}; by default after the engine's {@code delayMillis}. A
   * node may fire a {@link Timeout.Kind#PROPOSE} timer sooner (the block period counted from the
   * parent's timestamp rather than from the commit): timers only decide when things happen, never
   * what is signed, so this does not touch safety.
   */
  default void schedule(Timeout timeout, long delayMillis, Runnable onFire) {
    schedule(delayMillis, onFire);
  }
}
