package org.gridledger.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridledger.contracts.Scenario.CREATED;
import static org.gridledger.contracts.Scenario.DELETED;
import static org.gridledger.contracts.Scenario.hash;
import static org.gridledger.contracts.Scenario.payload;
import static org.gridledger.contracts.Scenario.res;

import java.math.BigInteger;
import java.util.List;
import org.gridledger.contracts.Scenario.Res;
import org.gridledger.contracts.bindings.FarmRegistry;
import org.gridledger.contracts.bindings.NodeRegistry;
import org.gridledger.contracts.bindings.Reservations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** Node contracts: creation, every creation error, update, fulfilment, consumption, cancel. */
@ExtendWith(GridExtension.class)
class ReservationsNodeContractTest {
  private static final BigInteger DEPOSIT = Scenario.ether(1);

  @Test
  void createReservesCapacityAndIpsAndPublishesTheDeployment(Grid grid) {
    Scenario s = Scenario.standard(grid);
    byte[] spec = payload("nginx");
    Reservations.Resources r = Scenario.small();
    TransactionReceipt receipt =
        s.user.send(
            s.user.reservations.createNodeContract(
                s.nodeId, r, hash(spec), BigInteger.TWO, spec, DEPOSIT));

    var created = Reservations.getNodeContractCreatedEvents(receipt).get(0);
    BigInteger expectedRate = Billing.nodeRate(2, 4 * Grid.GIB, 50 * Grid.GIB, 0, 2);
    assertThat(created.ratePerHour).isEqualTo(expectedRate);
    assertThat(created.deposit).isEqualTo(DEPOSIT);
    assertThat(created.nodeId).isEqualTo(s.nodeId);
    var published = Reservations.getDeploymentPublishedEvents(receipt).get(0);
    assertThat(published.encryptedDeployment).isEqualTo(spec);
    assertThat(published.deploymentHash).isEqualTo(hash(spec));
    var ips = Reservations.getContractPublicIpsEvents(receipt).get(0);
    assertThat(ips.ipIds).hasSize(2);

    Reservations.Contract c = s.contract(created.contractId);
    assertThat(c.state).isEqualTo(BigInteger.valueOf(CREATED));
    assertThat(c.billing).isFalse();
    assertThat(c.escrow).isEqualTo(DEPOSIT);
    assertThat(c.deploymentHash).isEqualTo(hash(spec));
    assertThat(c.owner).isEqualTo(s.user.address);

    NodeRegistry.NodeStatus node = s.status(s.nodeId);
    assertThat(node.used.cru).isEqualTo(BigInteger.TWO);
    assertThat(node.used.mru).isEqualTo(BigInteger.valueOf(4 * Grid.GIB));
    assertThat(node.activeContracts).isEqualTo(BigInteger.ONE);
    assertThat(Actor.view(s.user.farms.freePublicIpCount(s.farmId))).isEqualTo(BigInteger.ONE);
    List<Object> contractIps =
        Actor.items(s.user.reservations.getContractPublicIps(created.contractId));
    for (Object ipId : contractIps) {
      FarmRegistry.PublicIp ip = Actor.view(s.user.farms.getPublicIp(s.farmId, (BigInteger) ipId));
      assertThat(ip.contractId).isEqualTo(created.contractId);
    }
    List<Object> onNode =
        Actor.items(
            s.user.reservations.getNodeContracts(s.nodeId, BigInteger.ZERO, BigInteger.TEN));
    assertThat(onNode).containsExactly(created.contractId);
    BigInteger userTwin = Actor.view(s.user.twins.twinIdOf(s.user.address));
    List<Object> ofTwin =
        Actor.items(
            s.user.reservations.getTwinContracts(userTwin, BigInteger.ZERO, BigInteger.TEN));
    assertThat(ofTwin).containsExactly(created.contractId);
  }

  @Test
  void everyCreationErrorSaysWhatIsMissing(Grid grid) {
    Scenario s = Scenario.standard(grid);
    Actor u = s.user;
    byte[] spec = payload("x");
    Reservations.Resources r = Scenario.small();

    Actor noTwin = grid.newActor();
    noTwin
        .revert(
            noTwin.reservations,
            noTwin.reservations.createNodeContract(
                s.nodeId, r, hash(spec), BigInteger.ZERO, spec, DEPOSIT),
            DEPOSIT)
        .assertIs("TwinNotFound", noTwin.address);
    u.revert(
            u.reservations,
            u.reservations.createNodeContract(
                s.nodeId, r, new byte[32], BigInteger.ZERO, spec, DEPOSIT),
            DEPOSIT)
        .assertIs("DeploymentHashMismatch", new byte[32], hash(spec));
    byte[] big = new byte[(int) Grid.MAX_DEPLOYMENT_BYTES + 1];
    u.revert(
            u.reservations,
            u.reservations.createNodeContract(
                s.nodeId, r, hash(big), BigInteger.ZERO, big, DEPOSIT),
            DEPOSIT)
        .assertIs("DeploymentTooLarge", big.length, Grid.MAX_DEPLOYMENT_BYTES);
    u.revert(
            u.reservations,
            u.reservations.createNodeContract(
                s.nodeId, r, hash(spec), BigInteger.valueOf(17), spec, DEPOSIT),
            DEPOSIT)
        .assertIs("TooManyPublicIps", 17, 16);
    u.revert(
            u.reservations,
            u.reservations.createNodeContract(
                s.nodeId, res(0, 0, 0, 0), hash(spec), BigInteger.ZERO, spec, DEPOSIT),
            DEPOSIT)
        .assertIs("EmptyReservation");
    u.revert(
            u.reservations,
            u.reservations.createNodeContract(
                BigInteger.valueOf(99), r, hash(spec), BigInteger.ZERO, spec, DEPOSIT),
            DEPOSIT)
        .assertIs("NodeNotFound", 99);

    // "node N has 2 free CRU, 4 requested", and the same for every resource.
    s.createNodeContract(res(6, 0, 0, 0), 0, DEPOSIT);
    u.revert(
            u.reservations,
            u.reservations.createNodeContract(
                s.nodeId, res(4, 0, 0, 0), hash(spec), BigInteger.ZERO, spec, DEPOSIT),
            DEPOSIT)
        .assertIs("InsufficientCapacity", s.nodeId, Res.CRU, 2, 4);
    long mru = Scenario.NODE_MRU + 1;
    u.revert(
            u.reservations,
            u.reservations.createNodeContract(
                s.nodeId, res(1, mru, 0, 0), hash(spec), BigInteger.ZERO, spec, DEPOSIT),
            DEPOSIT)
        .assertIs("InsufficientCapacity", s.nodeId, Res.MRU, Scenario.NODE_MRU, mru);
    long sru = Scenario.NODE_SRU + 1;
    u.revert(
            u.reservations,
            u.reservations.createNodeContract(
                s.nodeId, res(1, 0, sru, 0), hash(spec), BigInteger.ZERO, spec, DEPOSIT),
            DEPOSIT)
        .assertIs("InsufficientCapacity", s.nodeId, Res.SRU, Scenario.NODE_SRU, sru);
    long hru = Scenario.NODE_HRU + 1;
    u.revert(
            u.reservations,
            u.reservations.createNodeContract(
                s.nodeId, res(1, 0, 0, hru), hash(spec), BigInteger.ZERO, spec, DEPOSIT),
            DEPOSIT)
        .assertIs("InsufficientCapacity", s.nodeId, Res.HRU, Scenario.NODE_HRU, hru);
    u.revert(
            u.reservations,
            u.reservations.createNodeContract(
                s.nodeId, r, hash(spec), BigInteger.valueOf(4), spec, DEPOSIT),
            DEPOSIT)
        .assertIs("InsufficientPublicIps", s.farmId, 3, 4);

    BigInteger rate = Billing.nodeRate(2, 4 * Grid.GIB, 50 * Grid.GIB, 0, 0);
    BigInteger required = Billing.periodCost(rate);
    BigInteger tooLittle = required.subtract(BigInteger.ONE);
    u.revert(
            u.reservations,
            u.reservations.createNodeContract(
                s.nodeId, r, hash(spec), BigInteger.ZERO, spec, tooLittle),
            tooLittle)
        .assertIs("InsufficientDeposit", required, tooLittle);
  }

  @Test
  void nodeStandingPowerAndUptimeGateNewContracts(Grid grid) {
    Scenario s = Scenario.standard(grid);
    Actor u = s.user;
    byte[] spec = payload("x");
    Reservations.Resources r = Scenario.small();
    Actor pending =
        Scenario.registerNode(grid, s.farmId, Scenario.nodeResources(4, 8 * Grid.GIB, 0, 0));
    BigInteger pendingId = Actor.view(pending.nodes.nodeIdOf(pending.address));
    u.revert(
            u.reservations,
            u.reservations.createNodeContract(
                pendingId, r, hash(spec), BigInteger.ZERO, spec, DEPOSIT),
            DEPOSIT)
        .assertIs("NodeNotApproved", pendingId, s.farmId);

    s.farmer.send(s.farmer.farms.banNode(s.nodeId));
    u.revert(
            u.reservations,
            u.reservations.createNodeContract(
                s.nodeId, r, hash(spec), BigInteger.ZERO, spec, DEPOSIT),
            DEPOSIT)
        .assertIs("NodeBanned", s.nodeId, s.farmId);
    s.farmer.send(s.farmer.farms.approveNode(s.nodeId));

    s.node.send(s.node.nodes.setPowerState(s.nodeId, BigInteger.ONE));
    u.revert(
            u.reservations,
            u.reservations.createNodeContract(
                s.nodeId, r, hash(spec), BigInteger.ZERO, spec, DEPOSIT),
            DEPOSIT)
        .assertIs("NodePoweredDown", s.nodeId);
    s.farmer.send(s.farmer.nodes.setPowerState(s.nodeId, BigInteger.ZERO));

    long lastReport = Actor.view(u.nodes.getNode(s.nodeId)).lastUptimeReport.longValueExact();
    grid.chain.advance(Grid.UPTIME_INTERVAL + 60);
    RevertError offline =
        u.revert(
            u.reservations,
            u.reservations.createNodeContract(
                s.nodeId, r, hash(spec), BigInteger.ZERO, spec, DEPOSIT),
            DEPOSIT);
    assertThat(offline.name()).isEqualTo("NodeOffline");
    assertThat(offline.args().get(1)).isEqualTo(BigInteger.valueOf(lastReport));
    s.reportUptime();
    s.createNodeContract(r, 0, DEPOSIT);
  }

  @Test
  void updateResizesWithTheSameChecksCountingItsOwnShare(Grid grid) {
    Scenario s = Scenario.standard(grid);
    BigInteger id = s.createNodeContract(res(4, 8 * Grid.GIB, 0, 0), 1, DEPOSIT);
    s.createNodeContract(res(2, 0, 0, 0), 0, DEPOSIT); // leaves 2 free cores
    Actor u = s.user;
    byte[] spec = payload("v2");

    // 4 own + 2 free = 6 cores available to this contract; 7 is one too many.
    u.revert(
            u.reservations,
            u.reservations.updateNodeContract(
                id, res(7, 8 * Grid.GIB, 0, 0), hash(spec), spec, BigInteger.ZERO))
        .assertIs("InsufficientCapacity", s.nodeId, Res.CRU, 6, 7);
    TransactionReceipt receipt =
        u.send(
            u.reservations.updateNodeContract(
                id, res(6, 16 * Grid.GIB, 0, 0), hash(spec), spec, BigInteger.ZERO));
    var updated = Reservations.getNodeContractUpdatedEvents(receipt).get(0);
    assertThat(updated.ratePerHour).isEqualTo(Billing.nodeRate(6, 16 * Grid.GIB, 0, 0, 1));
    assertThat(Reservations.getDeploymentPublishedEvents(receipt).get(0).encryptedDeployment)
        .isEqualTo(spec);
    assertThat(s.status(s.nodeId).used.cru).isEqualTo(BigInteger.valueOf(8));
    assertThat(s.contract(id).deploymentHash).isEqualTo(hash(spec));

    u.send(
        u.reservations.updateNodeContract(
            id, res(1, Grid.GIB, 0, 0), hash(spec), spec, BigInteger.ZERO));
    assertThat(s.status(s.nodeId).used.cru).isEqualTo(BigInteger.valueOf(3));
    assertThat(s.status(s.nodeId).activeContracts).isEqualTo(BigInteger.TWO);

    Actor other = Scenario.twin(grid.newActor());
    other
        .revert(
            other.reservations,
            other.reservations.updateNodeContract(
                id, res(1, 0, 0, 0), hash(spec), spec, BigInteger.ZERO))
        .assertIs("NotContractOwner", id, other.address);

    // Upsizing needs an escrow covering one period at the new rate.
    BigInteger cheap =
        s.createNodeContract(
            res(1, 0, 0, 0), 0, Billing.periodCost(Billing.nodeRate(1, 0, 0, 0, 0)));
    BigInteger newRate = Billing.nodeRate(2, 0, 0, 0, 0);
    BigInteger escrow = s.contract(cheap).escrow;
    u.revert(
            u.reservations,
            u.reservations.updateNodeContract(
                cheap, res(2, 0, 0, 0), hash(spec), spec, BigInteger.ZERO))
        .assertIs("InsufficientDeposit", Billing.periodCost(newRate), escrow);

    BigInteger name = createName(u, "webgw");
    u.revert(
            u.reservations,
            u.reservations.updateNodeContract(
                name, res(1, 0, 0, 0), hash(spec), spec, BigInteger.ZERO))
        .assertIs("WrongContractKind", name, 2);
    u.send(u.reservations.cancel(id));
    u.revert(
            u.reservations,
            u.reservations.updateNodeContract(
                id, res(1, 0, 0, 0), hash(spec), spec, BigInteger.ZERO))
        .assertIs("ContractIsDeleted", id);
  }

  @Test
  void fulfilmentStartsBillingAndOnlyTheNodeMayReport(Grid grid) {
    Scenario s = Scenario.standard(grid);
    BigInteger id = s.createNodeContract(Scenario.small(), 0, DEPOSIT);
    byte[] result = payload("endpoint 10.0.0.2:443");

    s.user
        .revert(s.user.reservations, s.user.reservations.reportFulfilment(id, result))
        .assertIs("NotNodeAccount", id, s.nodeId, s.user.address);
    TransactionReceipt first = s.node.send(s.node.reservations.reportFulfilment(id, result));
    var event = Reservations.getContractFulfilledEvents(first).get(0);
    assertThat(event.billingStarted).isTrue();
    assertThat(event.encryptedResult).isEqualTo(result);
    long fulfilledAt = grid.chain.timestampOf(first.getBlockNumber());
    Reservations.Contract c = s.contract(id);
    assertThat(c.billing).isTrue();
    assertThat(c.lastSettledAt.longValueExact()).isEqualTo(fulfilledAt);

    TransactionReceipt again = s.node.send(s.node.reservations.reportFulfilment(id, result));
    assertThat(Reservations.getContractFulfilledEvents(again).get(0).billingStarted).isFalse();
    assertThat(s.contract(id).lastSettledAt.longValueExact()).isEqualTo(fulfilledAt);

    BigInteger name = createName(s.user, "gw-name");
    s.node
        .revert(s.node.reservations, s.node.reservations.reportFulfilment(name, result))
        .assertIs("WrongContractKind", name, 2);
    s.node
        .revert(s.node.reservations, s.node.reservations.reportConsumption(name, BigInteger.TEN))
        .assertIs("WrongContractKind", name, 2);
    s.user
        .revert(s.user.reservations, s.user.reservations.reportConsumption(id, BigInteger.TEN))
        .assertIs("NotNodeAccount", id, s.nodeId, s.user.address);
    s.user.send(s.user.reservations.cancel(id));
    s.node
        .revert(s.node.reservations, s.node.reservations.reportFulfilment(id, result))
        .assertIs("ContractIsDeleted", id);
    s.node
        .revert(s.node.reservations, s.node.reservations.reportConsumption(id, BigInteger.TEN))
        .assertIs("ContractIsDeleted", id);
    s.user
        .revert(
            s.user.reservations,
            s.user.reservations.reportFulfilment(BigInteger.valueOf(999), result))
        .assertIs("ContractNotFound", 999);
  }

  @Test
  void cancelReleasesEverythingAtOnceAndRefundsTheRest(Grid grid) {
    Scenario s = Scenario.standard(grid);
    BigInteger id = s.createNodeContract(Scenario.small(), 2, DEPOSIT);
    s.node.send(s.node.reservations.reportFulfilment(id, payload("ok")));
    grid.chain.advance(600);

    s.farmer
        .revert(s.farmer.reservations, s.farmer.reservations.cancel(id))
        .assertIs("NotContractOwner", id, s.farmer.address);
    TransactionReceipt receipt = s.user.send(s.user.reservations.cancel(id));
    var settled = Reservations.getContractSettledEvents(receipt).get(0);
    var deleted = Reservations.getContractDeletedEvents(receipt).get(0);
    assertThat(deleted.reason).isEqualTo(BigInteger.ZERO);
    assertThat(deleted.refund).isEqualTo(DEPOSIT.subtract(settled.amount));
    assertThat(settled.amount).isPositive();
    assertThat(Actor.view(s.user.reservations.withdrawable(s.user.address)))
        .isEqualTo(deleted.refund);

    assertThat(s.contract(id).state).isEqualTo(BigInteger.valueOf(DELETED));
    NodeRegistry.NodeStatus node = s.status(s.nodeId);
    assertThat(node.used.cru).isZero();
    assertThat(node.used.mru).isZero();
    assertThat(node.used.sru).isZero();
    assertThat(node.activeContracts).isZero();
    assertThat(Actor.view(s.user.farms.freePublicIpCount(s.farmId)))
        .isEqualTo(BigInteger.valueOf(3));
    List<Object> left = Actor.items(s.user.reservations.getContractPublicIps(id));
    assertThat(left).isEmpty();
    s.user
        .revert(s.user.reservations, s.user.reservations.cancel(id))
        .assertIs("ContractIsDeleted", id);
    s.user
        .revert(s.user.reservations, s.user.reservations.settle(id))
        .assertIs("ContractIsDeleted", id);

    BigInteger before = s.user.balance();
    s.user.send(s.user.reservations.withdraw());
    assertThat(s.user.balance()).isEqualTo(before.add(deleted.refund));
    s.user
        .revert(s.user.reservations, s.user.reservations.withdraw())
        .assertIs("NothingToWithdraw", s.user.address);
  }

  @Test
  void consumptionIsBilledAsNetworkUnitsAtTheNextSettlement(Grid grid) {
    Scenario s = Scenario.standard(grid);
    BigInteger id = s.createNodeContract(Scenario.small(), 0, DEPOSIT);
    s.node.send(s.node.reservations.reportFulfilment(id, payload("ok")));
    long bytes = 3 * Grid.GIB + 12345;
    TransactionReceipt reported =
        s.node.send(s.node.reservations.reportConsumption(id, BigInteger.valueOf(bytes)));
    assertThat(Reservations.getConsumptionReportedEvents(reported).get(0).pendingBytes)
        .isEqualTo(BigInteger.valueOf(bytes));
    Reservations.Contract before = s.contract(id);
    TransactionReceipt receipt = s.farmer.send(s.farmer.reservations.settle(id));
    long now = grid.chain.timestampOf(receipt.getBlockNumber());
    var settled = Reservations.getContractSettledEvents(receipt).get(0);
    long seconds = now - before.lastSettledAt.longValueExact();
    Billing.Charge expected =
        Billing.charge(
            before.ratePerHour,
            seconds,
            bytes,
            Billing.discountBps(before.ratePerHour, before.escrow),
            before.carry);
    assertThat(settled.networkBytes).isEqualTo(BigInteger.valueOf(bytes));
    assertThat(settled.amount).isEqualTo(expected.amount());
    assertThat(s.contract(id).pendingNetworkBytes).isZero();
    assertThat(s.contract(id).carry).isEqualTo(expected.carry());
  }

  static BigInteger createName(Actor owner, String name) {
    TransactionReceipt receipt =
        owner.send(owner.reservations.createNameContract(name, Scenario.ether(1)));
    return Reservations.getNameContractCreatedEvents(receipt).get(0).contractId;
  }
}
