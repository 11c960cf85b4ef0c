package org.gridledger.app.bft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConsensusThreadTest {
  @Test
  void aTaskStuckPastTheLimitIsReportedWithItsStackAndAgainWhenItReturns() throws Exception {
    List<String> reports = new CopyOnWriteArrayList<>();
    try (ConsensusThread thread = new ConsensusThread(200, reports::add)) {
      thread.submit("quick", () -> {}).get(5, TimeUnit.SECONDS);
      thread.submit("commit", ConsensusThreadTest::sleepOneSecond).get(5, TimeUnit.SECONDS);
      thread.submit("quick again", () -> {}).get(5, TimeUnit.SECONDS);
    }
    assertThat(reports).hasSize(2);
    assertThat(reports.get(0))
        .startsWith("consensus task 'commit' has run for 0.")
        .contains(" s; no height can end until it returns")
        .contains("ConsensusThreadTest.sleepOneSecond");
    assertThat(reports.get(1)).matches("consensus task 'commit' returned after 1\\.[0-9] s");
  }

  @Test
  void tasksWithinTheLimitAreNotReported() throws Exception {
    List<String> reports = new CopyOnWriteArrayList<>();
    try (ConsensusThread thread = new ConsensusThread(2_000, reports::add)) {
      for (int i = 0; i < 20; i++) {
        thread.submit("task " + i, () -> sleep(20)).get(5, TimeUnit.SECONDS);
      }
    }
    assertThat(reports).isEmpty();
  }

  private static void sleepOneSecond() {
    sleep(1_000);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
