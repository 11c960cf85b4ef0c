package org.gridledger.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.gridledger.contracts.bindings.Reservations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Deployment and one-time initialisation, as the genesis builder will do it. */
@ExtendWith(GridExtension.class)
class DeploymentTest {

  @Test
  void everyContractRefusesASecondInitialize(Grid grid) {
    Actor anyone = grid.newActor();
    var at = grid.at;
    anyone
        .revert(
            anyone.nodes,
            anyone.nodes.initialize(
                at.twins(), at.farms(), at.reservations(), BigInteger.ONE, BigInteger.ONE))
        .assertIs("AlreadyInitialized");
    anyone
        .revert(
            anyone.farms,
            anyone.farms.initialize(
                anyone.address, at.twins(), at.nodes(), at.pricing(), at.reservations()))
        .assertIs("AlreadyInitialized");
    anyone
        .revert(
            anyone.pricing,
            anyone.pricing.initialize(
                anyone.address, BigInteger.ZERO, Grid.defaultPolicy("x"), Grid.tiers()))
        .assertIs("AlreadyInitialized");
    anyone
        .revert(
            anyone.reservations,
            anyone.reservations.initialize(
                at.twins(),
                at.farms(),
                at.nodes(),
                at.pricing(),
                at.staking(),
                BigInteger.ONE,
                BigInteger.ONE,
                BigInteger.ONE))
        .assertIs("AlreadyInitialized");
    anyone
        .revert(anyone.staking, anyone.staking.initialize(Grid.stakingParams()))
        .assertIs("AlreadyInitialized");
  }

  @Test
  void parametersAreReadable(Grid grid) {
    Reservations r = grid.governance.reservations;
    assertThat(Actor.view(r.billingPeriod())).isEqualTo(BigInteger.valueOf(Grid.BILLING_PERIOD));
    assertThat(Actor.view(r.gracePeriod())).isEqualTo(BigInteger.valueOf(Grid.GRACE_PERIOD));
    assertThat(Actor.view(grid.governance.pricing.owner())).isEqualTo(grid.governance.address);
    assertThat(Actor.view(grid.governance.nodes.uptimeInterval()))
        .isEqualTo(BigInteger.valueOf(Grid.UPTIME_INTERVAL));
  }
}
