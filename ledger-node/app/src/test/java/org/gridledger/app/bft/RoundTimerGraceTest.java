package org.gridledger.app.bft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RoundTimerGraceTest {
  private static final long MS = 1_000_000;

  @Test
  void noDeferralWithoutProgress() {
    RoundTimerGrace grace = new RoundTimerGrace(1_000, 4_000);
    assertEquals(0, grace.deferMillis(5, 0, 10_000 * MS, 10_000 * MS));
  }

  @Test
  void defersUntilTheGraceAfterTheLastProgress() {
    RoundTimerGrace grace = new RoundTimerGrace(1_000, 4_000);
    grace.progress(5, 0, 10_000 * MS);
    assertEquals(700, grace.deferMillis(5, 0, 10_300 * MS, 10_300 * MS));
    grace.progress(5, 0, 10_900 * MS); // a commit arrived meanwhile
    assertEquals(900, grace.deferMillis(5, 0, 10_300 * MS, 11_000 * MS));
    assertEquals(0, grace.deferMillis(5, 0, 10_300 * MS, 11_900 * MS));
  }

  @Test
  void neverDefersPastTheCap() {
    RoundTimerGrace grace = new RoundTimerGrace(1_000, 4_000);
    grace.progress(5, 0, 14_000 * MS);
    // due at 10.0 s, capped at 14.0 s however recent the progress
    assertEquals(0, grace.deferMillis(5, 0, 10_000 * MS, 14_000 * MS));
    assertEquals(500, grace.deferMillis(5, 0, 10_000 * MS, 13_500 * MS));
  }

  @Test
  void progressOfAnotherRoundOrHeightDefersNothing() {
    RoundTimerGrace grace = new RoundTimerGrace(1_000, 4_000);
    grace.progress(5, 1, 10_000 * MS);
    assertEquals(0, grace.deferMillis(5, 0, 10_300 * MS, 10_300 * MS));
    assertEquals(0, grace.deferMillis(6, 1, 10_300 * MS, 10_300 * MS));
  }

  @Test
  void anExecutionInProgressDefersByThePollUntilTheCap() {
    RoundTimerGrace grace = new RoundTimerGrace(1_000, 4_000);
    // due at 10.0 s, capped at 14.0 s
    assertEquals(50, grace.deferWhileExecutingMillis(10_000 * MS, 10_000 * MS, 50));
    assertEquals(20, grace.deferWhileExecutingMillis(10_000 * MS, 13_980 * MS, 50));
    assertEquals(0, grace.deferWhileExecutingMillis(10_000 * MS, 14_000 * MS, 50));
  }

  @Test
  void expectedProgressAheadOfNowDefersUntilThenPlusTheGraceAndIsNotShortened() {
    RoundTimerGrace grace = new RoundTimerGrace(1_000, 4_000);
    grace.progress(
        5, 0, 12_000 * MS); // a proposal built at 11.0 s, expected to be checked by 12.0 s
    grace.progress(5, 0, 11_500 * MS); // a message meanwhile: earlier than expected, no change
    assertEquals(2_000, grace.deferMillis(5, 0, 11_000 * MS, 11_000 * MS));
  }
}
