package org.gridledger.app;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The short versions of the fault suite, part of {@code make test} (docs/consensus.md, "Fault
 * testing"): three {@code kill -9}s of random validators under load, and one 2/2 partition healed.
 * The long versions are {@link BftFaultsLongTest} ({@code make test-faults}).
 */
class BftFaultsTest {
  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void threeKillNinesUnderLoadLoseNothingAndTheRestartedValidatorsCatchUpAndSealAgain()
      throws Exception {
    BftFaultScenarios.killNineUnderLoad(3, 1);
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void aTwoTwoPartitionFinalizesNothingAndResumesWhenHealed() throws Exception {
    BftFaultScenarios.twoTwoPartition(6);
  }
}
