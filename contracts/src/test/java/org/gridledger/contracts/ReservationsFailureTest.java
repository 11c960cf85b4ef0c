package org.gridledger.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridledger.contracts.Scenario.CREATED;
import static org.gridledger.contracts.Scenario.GRACE;
import static org.gridledger.contracts.Scenario.hash;
import static org.gridledger.contracts.Scenario.payload;

import java.math.BigInteger;
import org.gridledger.contracts.bindings.Reservations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * {@code reportFailure}: a node that cannot deploy (or keep running) a workload stops its billing;
 * the next fulfilment starts billing again. Expected amounts come from {@link Billing}, the
 * independent implementation of the documented formula.
 */
@ExtendWith(GridExtension.class)
class ReservationsFailureTest {
  private static final BigInteger DEPOSIT = Scenario.ether(1);

  @Test
  void failureBeforeBillingStartedChargesNothingAndAFixedDeploymentStartsBilling(Grid grid) {
    Scenario s = Scenario.standard(grid);
    BigInteger id = s.createNodeContract(Scenario.small(), 1, DEPOSIT);
    s.runFor(600);
    byte[] reason = payload("failed: image digest mismatch");

    TransactionReceipt failed = s.node.send(s.node.reservations.reportFailure(id, reason));
    var event = Reservations.getContractFailedEvents(failed).get(0);
    assertThat(event.contractId).isEqualTo(id);
    assertThat(event.nodeId).isEqualTo(s.nodeId);
    assertThat(event.encryptedResult).isEqualTo(reason);
    assertThat(Reservations.getContractSettledEvents(failed)).isEmpty();
    Reservations.Contract c = s.contract(id);
    assertThat(c.billing).isFalse();
    assertThat(c.lastSettledAt).isZero();
    assertThat(c.escrow).isEqualTo(DEPOSIT);
    // The reservation stays: the owner may publish a fixed deployment on the same capacity.
    assertThat(s.status(s.nodeId).used.cru).isEqualTo(BigInteger.TWO);
    assertThat(s.status(s.nodeId).activeContracts).isEqualTo(BigInteger.ONE);

    // Time passes: nothing accrues, settle is a no-op, the escrow is untouched.
    s.runFor(3 * 3600);
    assertThat(Actor.view(s.user.reservations.accrued(id)).amount).isZero();
    TransactionReceipt idle = s.farmer.send(s.farmer.reservations.settle(id));
    assertThat(idle.getLogs()).isEmpty();
    assertThat(s.contract(id).escrow).isEqualTo(DEPOSIT);
    assertThat(s.contract(id).state).isEqualTo(BigInteger.valueOf(CREATED));
    assertThat(Actor.view(s.farmer.reservations.withdrawable(s.farmer.address))).isZero();

    // The owner publishes a fixed deployment; the node's fulfilment starts billing from then.
    byte[] fixed = payload("fixed spec");
    s.user.send(
        s.user.reservations.updateNodeContract(
            id, Scenario.small(), hash(fixed), fixed, BigInteger.ZERO));
    assertThat(s.contract(id).escrow).isEqualTo(DEPOSIT);
    TransactionReceipt fulfilled =
        s.node.send(s.node.reservations.reportFulfilment(id, payload("up")));
    assertThat(Reservations.getContractFulfilledEvents(fulfilled).get(0).billingStarted).isTrue();
    long t0 = grid.chain.timestampOf(fulfilled.getBlockNumber());
    assertThat(s.contract(id).lastSettledAt.longValueExact()).isEqualTo(t0);
    assertThat(s.contract(id).billing).isTrue();

    s.runFor(1800);
    Reservations.Contract before = s.contract(id);
    TransactionReceipt settled = s.farmer.send(s.farmer.reservations.settle(id));
    long t1 = grid.chain.timestampOf(settled.getBlockNumber());
    Billing.Charge expected =
        Billing.charge(
            before.ratePerHour,
            t1 - t0,
            0,
            Billing.discountBps(before.ratePerHour, DEPOSIT),
            BigInteger.ZERO);
    var charge = Reservations.getContractSettledEvents(settled).get(0);
    assertThat(charge.billableSeconds).isEqualTo(BigInteger.valueOf(t1 - t0));
    assertThat(charge.amount).isEqualTo(expected.amount());
    assertThat(s.contract(id).escrow).isEqualTo(DEPOSIT.subtract(expected.amount()));
  }

  @Test
  void failureAfterBillingStartedSettlesUpToNowStopsBillingAndFulfilmentRestartsIt(Grid grid) {
    Scenario s = Scenario.standard(grid);
    BigInteger id = s.createNodeContract(Scenario.small(), 0, DEPOSIT);
    TransactionReceipt fulfilled =
        s.node.send(s.node.reservations.reportFulfilment(id, payload("up")));
    long t0 = grid.chain.timestampOf(fulfilled.getBlockNumber());
    BigInteger rate = s.contract(id).ratePerHour;
    int discount = Billing.discountBps(rate, DEPOSIT);

    // The workload is OOM-killed 1000 s later: the failure settles exactly those seconds.
    s.runFor(1000);
    TransactionReceipt failed =
        s.node.send(s.node.reservations.reportFailure(id, payload("failed: OOM killed")));
    long t1 = grid.chain.timestampOf(failed.getBlockNumber());
    Billing.Charge first = Billing.charge(rate, t1 - t0, 0, discount, BigInteger.ZERO);
    var settled = Reservations.getContractSettledEvents(failed).get(0);
    assertThat(settled.billableSeconds).isEqualTo(BigInteger.valueOf(t1 - t0));
    assertThat(settled.amount).isEqualTo(first.amount());
    assertThat(settled.farmShare).isEqualTo(first.amount().subtract(Billing.fee(first.amount())));
    assertThat(Reservations.getContractFailedEvents(failed)).hasSize(1);
    Reservations.Contract afterFailure = s.contract(id);
    assertThat(afterFailure.billing).isFalse();
    assertThat(afterFailure.lastSettledAt.longValueExact()).isEqualTo(t1);
    assertThat(afterFailure.carry).isEqualTo(first.carry());
    BigInteger escrow1 = DEPOSIT.subtract(first.amount());
    assertThat(afterFailure.escrow).isEqualTo(escrow1);
    assertThat(Actor.view(s.farmer.reservations.withdrawable(s.farmer.address)))
        .isEqualTo(settled.farmShare);

    // Failed for two hours: nothing accrues; a repeated report neither settles nor moves time.
    s.runFor(7200);
    TransactionReceipt again =
        s.node.send(s.node.reservations.reportFailure(id, payload("failed: still")));
    assertThat(Reservations.getContractSettledEvents(again)).isEmpty();
    assertThat(Reservations.getContractFailedEvents(again)).hasSize(1);
    assertThat(s.farmer.send(s.farmer.reservations.settle(id)).getLogs()).isEmpty();
    Reservations.Contract idle = s.contract(id);
    assertThat(idle.escrow).isEqualTo(escrow1);
    assertThat(idle.lastSettledAt.longValueExact()).isEqualTo(t1);

    // Redeployed: billing starts again from the new fulfilment, the carry is kept.
    TransactionReceipt back = s.node.send(s.node.reservations.reportFulfilment(id, payload("up")));
    assertThat(Reservations.getContractFulfilledEvents(back).get(0).billingStarted).isTrue();
    long t2 = grid.chain.timestampOf(back.getBlockNumber());
    assertThat(s.contract(id).lastSettledAt.longValueExact()).isEqualTo(t2);
    s.runFor(1200);
    TransactionReceipt second = s.user.send(s.user.reservations.settle(id));
    long t3 = grid.chain.timestampOf(second.getBlockNumber());
    Billing.Charge next =
        Billing.charge(rate, t3 - t2, 0, Billing.discountBps(rate, escrow1), first.carry());
    var settled2 = Reservations.getContractSettledEvents(second).get(0);
    assertThat(settled2.billableSeconds).isEqualTo(BigInteger.valueOf(t3 - t2));
    assertThat(settled2.amount).isEqualTo(next.amount());
    assertThat(s.contract(id).escrow).isEqualTo(escrow1.subtract(next.amount()));
    assertThat(s.contract(id).carry).isEqualTo(next.carry());
  }

  @Test
  void aFailedContractInGracePeriodStaysUnbilledAfterATopUp(Grid grid) {
    Scenario s = Scenario.standard(grid);
    BigInteger rate = Billing.nodeRate(2, 4 * Grid.GIB, 50 * Grid.GIB, 0, 0);
    BigInteger id = s.createNodeContract(Scenario.small(), 0, Billing.periodCost(rate));
    s.node.send(s.node.reservations.reportFulfilment(id, payload("up")));
    s.runFor(600);
    TransactionReceipt toGrace = s.user.send(s.user.reservations.settle(id));
    assertThat(Reservations.getGracePeriodStartedEvents(toGrace)).hasSize(1);
    BigInteger escrowInGrace = s.contract(id).escrow;

    TransactionReceipt failed =
        s.node.send(s.node.reservations.reportFailure(id, payload("failed: exited")));
    assertThat(Reservations.getContractFailedEvents(failed)).hasSize(1);
    assertThat(Reservations.getContractSettledEvents(failed)).isEmpty();
    Reservations.Contract c = s.contract(id);
    assertThat(c.state).isEqualTo(BigInteger.valueOf(GRACE));
    assertThat(c.billing).isFalse();
    assertThat(c.escrow).isEqualTo(escrowInGrace);

    // The top-up ends the grace period, but a failed workload still costs nothing.
    BigInteger topUp = Billing.periodCost(rate).multiply(BigInteger.TWO);
    TransactionReceipt resumed = s.user.send(s.user.reservations.topUp(id, topUp));
    assertThat(Reservations.getGracePeriodEndedEvents(resumed)).hasSize(1);
    s.runFor(5 * 3600);
    assertThat(s.farmer.send(s.farmer.reservations.settle(id)).getLogs()).isEmpty();
    c = s.contract(id);
    assertThat(c.state).isEqualTo(BigInteger.valueOf(CREATED));
    assertThat(c.escrow).isEqualTo(escrowInGrace.add(topUp));
  }

  @Test
  void onlyTheNodeMayReportFailureOfALiveNodeContract(Grid grid) {
    Scenario s = Scenario.standard(grid);
    BigInteger id = s.createNodeContract(Scenario.small(), 0, DEPOSIT);
    byte[] reason = payload("failed");

    s.user
        .revert(s.user.reservations, s.user.reservations.reportFailure(id, reason))
        .assertIs("NotNodeAccount", id, s.nodeId, s.user.address);
    s.farmer
        .revert(s.farmer.reservations, s.farmer.reservations.reportFailure(id, reason))
        .assertIs("NotNodeAccount", id, s.nodeId, s.farmer.address);
    BigInteger name = ReservationsNodeContractTest.createName(s.user, "failing-name");
    s.node
        .revert(s.node.reservations, s.node.reservations.reportFailure(name, reason))
        .assertIs("WrongContractKind", name, 2);
    s.node
        .revert(
            s.node.reservations, s.node.reservations.reportFailure(BigInteger.valueOf(999), reason))
        .assertIs("ContractNotFound", 999);

    s.user.send(s.user.reservations.cancel(id));
    s.node
        .revert(s.node.reservations, s.node.reservations.reportFailure(id, reason))
        .assertIs("ContractIsDeleted", id);
  }

  @Test
  void aFailureOnANodeContractWhoseRentEndedOnlyDeletesIt(Grid grid) {
    Scenario s = Scenario.standard(grid);
    BigInteger rentRate =
        Billing.rentRate(
            Scenario.NODE_CRU, Scenario.NODE_MRU, Scenario.NODE_SRU, Scenario.NODE_HRU);
    TransactionReceipt rented =
        s.user.send(s.user.reservations.createRentContract(s.nodeId, Billing.periodCost(rentRate)));
    BigInteger rentId = Reservations.getRentContractCreatedEvents(rented).get(0).contractId;
    BigInteger inside = s.createNodeContract(Scenario.small(), 1, Scenario.ether(1));
    s.node.send(s.node.reservations.reportFulfilment(inside, payload("up")));
    s.runFor(60);
    s.user.send(s.user.reservations.settle(rentId));
    grid.chain.advance(Grid.GRACE_PERIOD);
    s.user.send(s.user.reservations.settle(rentId));
    assertThat(s.contract(rentId).state).isEqualTo(BigInteger.valueOf(Scenario.DELETED));

    // The settlement inside reportFailure finds the rent gone and deletes the node contract
    // (reason RentEnded): nothing is left to fail, so no ContractFailed.
    TransactionReceipt failed =
        s.node.send(s.node.reservations.reportFailure(inside, payload("failed")));
    assertThat(Reservations.getContractFailedEvents(failed)).isEmpty();
    assertThat(Reservations.getContractDeletedEvents(failed).get(0).reason)
        .isEqualTo(BigInteger.TWO);
    assertThat(s.contract(inside).state).isEqualTo(BigInteger.valueOf(Scenario.DELETED));
    assertThat(s.status(s.nodeId).used.cru).isZero();
  }

  @Test
  void aRentContractCannotFail(Grid grid) {
    Scenario s = Scenario.standard(grid);
    TransactionReceipt rented =
        s.user.send(s.user.reservations.createRentContract(s.nodeId, DEPOSIT));
    BigInteger rentId = Reservations.getRentContractCreatedEvents(rented).get(0).contractId;
    s.node
        .revert(s.node.reservations, s.node.reservations.reportFailure(rentId, payload("x")))
        .assertIs("WrongContractKind", rentId, 1);
  }
}
