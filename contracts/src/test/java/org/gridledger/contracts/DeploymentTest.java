package org.gridledger.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.gridledger.contracts.bindings.FarmRegistry;
import org.gridledger.contracts.bindings.NodeRegistry;
import org.gridledger.contracts.bindings.PricingPolicy;
import org.gridledger.contracts.bindings.Reservations;
import org.gridledger.contracts.bindings.Staking;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.Hash;

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

  @Test
  void constantsAreTheDocumentedOnes(Grid grid) {
    Actor a = grid.governance;
    assertThat(Actor.view(a.twins.MAX_RELAY_LENGTH())).isEqualTo(BigInteger.valueOf(256));
    assertThat(Actor.view(a.farms.MIN_NAME_LENGTH())).isEqualTo(BigInteger.valueOf(3));
    assertThat(Actor.view(a.farms.MAX_NAME_LENGTH())).isEqualTo(BigInteger.valueOf(40));
    assertThat(Actor.view(a.farms.MAX_IPS_PER_CONTRACT())).isEqualTo(BigInteger.valueOf(16));
    assertThat(Actor.view(a.nodes.MAX_TEXT_LENGTH())).isEqualTo(BigInteger.valueOf(64));
    assertThat(Actor.view(a.nodes.minReportInterval()))
        .isEqualTo(BigInteger.valueOf(Grid.MIN_REPORT_INTERVAL));
    assertThat(Actor.view(a.pricing.NANO())).isEqualTo(BigInteger.valueOf(1_000_000_000L));
    assertThat(Actor.view(a.pricing.TIER_COUNT())).isEqualTo(BigInteger.valueOf(4));
    assertThat(Actor.view(a.pricing.MAX_FEE_BPS())).isEqualTo(BigInteger.valueOf(5000));
    assertThat(Actor.view(a.reservations.MIN_NAME_LENGTH())).isEqualTo(BigInteger.valueOf(3));
    assertThat(Actor.view(a.reservations.MAX_NAME_LENGTH())).isEqualTo(BigInteger.valueOf(63));
    assertThat(Actor.view(a.reservations.MAX_PUBLIC_IPS())).isEqualTo(BigInteger.valueOf(16));
    assertThat(Actor.view(a.reservations.BILLING_DENOMINATOR()))
        .isEqualTo(BigInteger.valueOf(3600L * 10_000L * Grid.GIB));
    assertThat(Actor.view(a.reservations.maxDeploymentBytes()))
        .isEqualTo(BigInteger.valueOf(Grid.MAX_DEPLOYMENT_BYTES));
    assertThat(Actor.view(a.reservations.totalUnpaid())).isZero();
    assertThat(Actor.view(a.staking.CANDIDATE_LIMIT())).isEqualTo(BigInteger.valueOf(256));
    assertThat(Actor.view(a.staking.PRECISION())).isEqualTo(BigInteger.TEN.pow(18));
    assertThat(Actor.view(a.staking.VOTE_DOMAIN()))
        .isEqualTo(
            Hash.sha3(
                "Gridledger consensus vote v1".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(Actor.view(a.staking.accRewardPerStake())).isZero();
  }

  @Test
  void uninitialisedContractsRefuseToWork(Grid grid) throws Exception {
    Actor a = Scenario.twin(grid.newActor());
    var web3j = grid.chain.web3j();
    var tm = a.transactions;
    NodeRegistry nodes = NodeRegistry.deploy(web3j, tm, Grid.GAS).send();
    FarmRegistry farms = FarmRegistry.deploy(web3j, tm, Grid.GAS).send();
    Reservations reservations = Reservations.deploy(web3j, tm, Grid.GAS).send();
    Staking staking = Staking.deploy(web3j, tm, Grid.GAS).send();
    PricingPolicy pricing = PricingPolicy.deploy(web3j, tm, Grid.GAS).send();
    NodeRegistry.Location here =
        new NodeRegistry.Location("BE", "Ghent", BigInteger.ZERO, BigInteger.ZERO);
    a.revert(
            nodes,
            nodes.registerNode(
                BigInteger.ONE, Scenario.nodeResources(1, 1, 0, 0), Scenario.key("k"), here, ""))
        .assertIs("NotInitialized");
    a.revert(farms, farms.createFarm("farm", BigInteger.ONE)).assertIs("NotInitialized");
    byte[] spec = Scenario.payload("x");
    a.revert(
            reservations,
            reservations.createNodeContract(
                BigInteger.ONE,
                Scenario.small(),
                Scenario.hash(spec),
                BigInteger.ZERO,
                spec,
                BigInteger.ZERO))
        .assertIs("NotInitialized");
    a.revert(reservations, reservations.createRentContract(BigInteger.ONE, BigInteger.ZERO))
        .assertIs("NotInitialized");
    a.revert(reservations, reservations.createNameContract("name", BigInteger.ZERO))
        .assertIs("NotInitialized");
    a.revert(
            staking,
            staking.registerCandidate(a.address, BigInteger.ZERO, BigInteger.ONE),
            BigInteger.ONE)
        .assertIs("NotInitialized");
    a.revert(
            pricing,
            pricing.initialize(
                "0x0000000000000000000000000000000000000000",
                BigInteger.ZERO,
                Grid.defaultPolicy("p"),
                Grid.tiers()))
        .assertIs("ZeroAddress");

    Staking.Params p = Grid.stakingParams();
    Staking.Params noCandidates =
        new Staking.Params(
            p.minSelfStake,
            BigInteger.ZERO,
            p.validatorCount,
            p.epochLength,
            p.unbondingPeriod,
            p.slashBps,
            p.reporterRewardBps);
    a.revert(staking, staking.initialize(noCandidates)).assertIs("InvalidParams");
    Staking.Params fullSlash =
        new Staking.Params(
            p.minSelfStake,
            p.maxCandidates,
            p.validatorCount,
            p.epochLength,
            p.unbondingPeriod,
            BigInteger.valueOf(10_000),
            p.reporterRewardBps);
    a.revert(staking, staking.initialize(fullSlash)).assertIs("InvalidParams");
    Staking.Params moreValidators =
        new Staking.Params(
            p.minSelfStake,
            p.maxCandidates,
            p.maxCandidates.add(BigInteger.ONE),
            p.epochLength,
            p.unbondingPeriod,
            p.slashBps,
            p.reporterRewardBps);
    a.revert(staking, staking.initialize(moreValidators)).assertIs("InvalidParams");
  }

  @Test
  void nodeRegistryGuardsItsCapacityAccountingEvenAgainstReservations(Grid grid) throws Exception {
    // A NodeRegistry whose "Reservations" is a plain account, to reach the bug guard directly.
    Scenario s = Scenario.standard(grid);
    Actor fakeReservations = grid.newActor();
    NodeRegistry nodes =
        NodeRegistry.deploy(grid.chain.web3j(), fakeReservations.transactions, Grid.GAS).send();
    fakeReservations.send(
        nodes.initialize(
            grid.at.twins(),
            grid.at.farms(),
            fakeReservations.address,
            BigInteger.valueOf(900),
            BigInteger.ONE));
    Actor node = Scenario.twin(grid.newActor());
    NodeRegistry asNode =
        NodeRegistry.load(
            nodes.getContractAddress(), grid.chain.web3j(), node.transactions, Grid.GAS);
    node.send(
        asNode.registerNode(
            s.farmId,
            Scenario.nodeResources(4, 8, 0, 0),
            Scenario.key("n"),
            new NodeRegistry.Location("BE", "Ghent", BigInteger.ZERO, BigInteger.ZERO),
            ""));
    BigInteger id = BigInteger.ONE;
    fakeReservations
        .revert(nodes, nodes.reserve(id, Scenario.nodeResources(5, 0, 0, 0)))
        .assertIs("CapacityAccountingViolated", id, Scenario.Res.CRU);
    fakeReservations
        .revert(nodes, nodes.release(id, Scenario.nodeResources(0, 1, 0, 0)))
        .assertIs("CapacityAccountingViolated", id, Scenario.Res.MRU);
    fakeReservations.send(nodes.reserve(id, Scenario.nodeResources(4, 8, 0, 0)));
    fakeReservations
        .revert(
            nodes,
            nodes.resize(
                id, Scenario.nodeResources(4, 8, 0, 0), Scenario.nodeResources(4, 9, 0, 0)))
        .assertIs("CapacityAccountingViolated", id, Scenario.Res.MRU);
    fakeReservations
        .revert(
            nodes,
            nodes.resize(
                id, Scenario.nodeResources(5, 8, 0, 0), Scenario.nodeResources(1, 1, 0, 0)))
        .assertIs("CapacityAccountingViolated", id, Scenario.Res.CRU);
    fakeReservations
        .revert(nodes, nodes.reserve(BigInteger.TWO, Scenario.nodeResources(0, 0, 0, 0)))
        .assertIs("NodeNotFound", 2);
  }
}
