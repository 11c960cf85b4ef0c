package org.gridledger.app.bft;

import org.gridledger.consensus.engine.TimerService;

/** Timers on the consensus thread (real time). */
final class ExecutorTimerService implements TimerService {
  private final ConsensusThread thread;

  ExecutorTimerService(ConsensusThread thread) {
    this.thread = thread;
  }

  @Override
  public void schedule(long delayMillis, Runnable onFire) {
    thread.schedule("timer", delayMillis, onFire);
  }
}
