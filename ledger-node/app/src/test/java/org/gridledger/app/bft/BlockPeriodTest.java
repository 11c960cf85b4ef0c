package org.gridledger.app.bft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BlockPeriodTest {
  @Test
  void waitsTheRestOfThePeriodAfterTheParentsTimestamp() {
    // parent stamped second 100, now 100.3 s: the proposal is due at 101.0 s
    assertEquals(700, BlockPeriod.proposeDelayMillis(1_000, 1, 100, 100_300));
  }

  @Test
  void buildsAtOnceWhenTheHeightStartedLate() {
    // the parent took 2.5 s to become final: no further wait
    assertEquals(0, BlockPeriod.proposeDelayMillis(1_000, 1, 100, 102_500));
    assertEquals(0, BlockPeriod.proposeDelayMillis(1_000, 1, 100, 101_000));
  }

  @Test
  void neverWaitsLongerThanThePeriod() {
    // a parent stamped ahead of this node's clock (skew, or a sub-second period)
    assertEquals(1_000, BlockPeriod.proposeDelayMillis(1_000, 1, 105, 100_000));
  }

  @Test
  void aSubSecondPeriodCountsFromTheStartOfTheHeight() {
    // several blocks share second 100: the timestamp says nothing, the whole period is waited
    assertEquals(250, BlockPeriod.proposeDelayMillis(250, 0, 100, 100_000));
    assertEquals(250, BlockPeriod.proposeDelayMillis(250, 0, 100, 100_900));
    assertEquals(500, BlockPeriod.proposeDelayMillis(500, 0, 99, 100_700));
  }
}
