package org.gridledger.app;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fault suite of issue 9 with real processes, long versions: {@code make test-faults} only (the
 * {@code faults} tag is excluded from {@code make test}). docs/consensus.md, "Fault testing".
 */
@Tag("faults")
class BftFaultsLongTest {
  @Test
  @Timeout(value = 12, unit = TimeUnit.MINUTES)
  void twentyKillNinesUnderLoadLoseNothingAndTheRestartedValidatorsCatchUpAndSealAgain()
      throws Exception {
    BftFaultScenarios.killNineUnderLoad(20, 1);
  }

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void twoValidatorsKilledAtOnceFiveTimesStallFinalityAndResumeWithoutAFork() throws Exception {
    BftFaultScenarios.killNineUnderLoad(5, 2);
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void anEquivocatingValidatorIsSlashedWhileTheHonestNodesAgreeAndKeepFinalizing()
      throws Exception {
    BftFaultScenarios.equivocation();
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aFrozenValidatorIsRoundChangedAroundAndCatchesUpAfterSigcont() throws Exception {
    BftFaultScenarios.silence(12);
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aLongTwoTwoPartitionFinalizesNothingAndResumesWhenHealed() throws Exception {
    BftFaultScenarios.twoTwoPartition(20);
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void anIsolatedValidatorLeavesThreeThatGoOnAndCatchesUpWhenHealed() throws Exception {
    BftFaultScenarios.isolateOne(10);
  }
}
