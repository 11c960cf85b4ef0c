package org.gridledger.consensus.sim;

import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;
import org.gridledger.consensus.engine.TimerService;

/** Virtual time: events run in (time, insertion) order on the calling thread. */
public final class VirtualScheduler implements TimerService {
  private record Event(long time, long seq, Runnable task) {}

  private final PriorityQueue<Event> queue =
      new PriorityQueue<>(
          (a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
  private long now;
  private long seq;
  private long executed;

  public long now() {
    return now;
  }

  public long executed() {
    return executed;
  }

  @Override
  public void schedule(long delayMillis, Runnable onFire) {
    queue.add(new Event(now + Math.max(0, delayMillis), seq++, onFire));
  }

  /** Runs events until virtual time {@code until} (events at exactly that time included). */
  public void runUntil(long until) {
    while (!queue.isEmpty() && queue.peek().time <= until) {
      step();
    }
    now = Math.max(now, until);
  }

  /** Runs events until {@code done} holds or virtual time passes {@code deadline}. */
  public boolean runUntil(BooleanSupplier done, long deadline) {
    while (!done.getAsBoolean()) {
      if (queue.isEmpty() || queue.peek().time > deadline) {
        now = Math.max(now, deadline);
        return done.getAsBoolean();
      }
      step();
    }
    return true;
  }

  private void step() {
    Event e = queue.poll();
    now = e.time;
    executed++;
    e.task.run();
  }
}
