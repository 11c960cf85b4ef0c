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
    try (ConsensusThread thread = new ConsensusThread(500, reports::add)) {
      thread.submit("quick", () -> {}).get(5, TimeUnit.SECONDS);
      thread.submit("commit", ConsensusThreadTest::sleepTwoSeconds).get(10, TimeUnit.SECONDS);
      thread.submit("quick again", () -> {}).get(5, TimeUnit.SECONDS);
    }
    // Only the slow task is asserted on: a starved test machine may delay a quick one too.
    List<String> aboutCommit = reports.stream().filter(r -> r.contains("'commit'")).toList();
    assertThat(aboutCommit).hasSize(2);
    assertThat(aboutCommit.get(0))
        .matches("(?s)consensus task 'commit' has run for [0-9]+\\.[0-9] s; no height can end.*")
        .contains("ConsensusThreadTest.sleepTwoSeconds");
    assertThat(aboutCommit.get(1))
        .matches("consensus task 'commit' returned after [0-9]+\\.[0-9] s");
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

  private static void sleepTwoSeconds() {
    sleep(2_000);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
