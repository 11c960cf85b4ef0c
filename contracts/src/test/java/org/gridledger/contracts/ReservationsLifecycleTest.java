package org.gridledger.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridledger.contracts.Scenario.CREATED;
import static org.gridledger.contracts.Scenario.DELETED;
import static org.gridledger.contracts.Scenario.GRACE;
import static org.gridledger.contracts.Scenario.payload;
import static org.gridledger.contracts.Scenario.res;

import java.math.BigInteger;
import java.util.List;
import org.gridledger.contracts.bindings.NodeRegistry;
import org.gridledger.contracts.bindings.Reservations;
import org.gridledger.contracts.bindings.Staking;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** The contract lifecycle, lazy billing, downtime, discounts, rent and name contracts. */
@ExtendWith(GridExtension.class)
class ReservationsLifecycleTest {
  private static final BigInteger SMALL_RATE =
      Billing.nodeRate(2, 4 * Grid.GIB, 50 * Grid.GIB, 0, 0);

  @Test
  void createFulfilSettleGraceTopUpGraceExpiryDeleted(Grid grid) {
    Scenario s = Scenario.standard(grid);
    // Escrow for two and a half hours at this rate.
    BigInteger rate = Billing.nodeRate(2, 4 * Grid.GIB, 50 * Grid.GIB, 0, 1);
    BigInteger deposit = rate.multiply(BigInteger.valueOf(5)).divide(BigInteger.TWO);
    BigInteger id = s.createNodeContract(Scenario.small(), 1, deposit);
    TransactionReceipt fulfilled =
        s.node.send(s.node.reservations.reportFulfilment(id, payload("up")));
    long t0 = grid.chain.timestampOf(fulfilled.getBlockNumber());

    // One hour later: billed, still covered for the next period.
    s.runFor(3600);
    TransactionReceipt first = s.farmer.send(s.farmer.reservations.settle(id));
    long t1 = grid.chain.timestampOf(first.getBlockNumber());
    var settled = Reservations.getContractSettledEvents(first).get(0);
    Billing.Charge c1 = Billing.charge(rate, t1 - t0, 0, 0, BigInteger.ZERO);
    assertThat(settled.billableSeconds).isEqualTo(BigInteger.valueOf(t1 - t0));
    assertThat(settled.amount).isEqualTo(c1.amount());
    assertThat(settled.fee).isEqualTo(Billing.fee(c1.amount()));
    assertThat(settled.farmShare).isEqualTo(c1.amount().subtract(Billing.fee(c1.amount())));
    assertThat(Reservations.getGracePeriodStartedEvents(first)).isEmpty();
    assertThat(Actor.view(s.farmer.reservations.withdrawable(s.farmer.address)))
        .isEqualTo(settled.farmShare);

    // Another ~33 minutes: the escrow no longer covers an hour, so the contract enters GracePeriod.
    s.runFor(2000);
    TransactionReceipt second = s.user.send(s.user.reservations.settle(id));
    long t2 = grid.chain.timestampOf(second.getBlockNumber());
    var grace = Reservations.getGracePeriodStartedEvents(second).get(0);
    assertThat(grace.expiresAt).isEqualTo(BigInteger.valueOf(t2 + Grid.GRACE_PERIOD));
    assertThat(grace.requiredForPeriod).isEqualTo(Billing.periodCost(rate));
    assertThat(s.contract(id).state).isEqualTo(BigInteger.valueOf(GRACE));
    assertThat(Actor.view(s.user.reservations.graceEndsAt(id))).isEqualTo(grace.expiresAt);

    // In grace nothing is billed and settle changes nothing; updates wait for a top-up.
    grid.chain.advance(1000);
    TransactionReceipt idle = s.farmer.send(s.farmer.reservations.settle(id));
    assertThat(idle.getLogs()).isEmpty();
    s.user
        .revert(
            s.user.reservations,
            s.user.reservations.updateNodeContract(
                id, Scenario.small(), Scenario.hash(payload("v")), payload("v"), BigInteger.ZERO))
        .assertIs("ContractInGracePeriod", id, grace.expiresAt);
    BigInteger escrowInGrace = s.contract(id).escrow;

    // A top-up (by anyone) covering a period resumes billing from now.
    TransactionReceipt topUp =
        s.farmer.send(s.farmer.reservations.topUp(id, BigInteger.valueOf(1000)));
    assertThat(Reservations.getGracePeriodEndedEvents(topUp)).isEmpty(); // not enough yet
    BigInteger enough = Billing.periodCost(rate).multiply(BigInteger.TWO);
    TransactionReceipt resumed = s.user.send(s.user.reservations.topUp(id, enough));
    long t3 = grid.chain.timestampOf(resumed.getBlockNumber());
    assertThat(Reservations.getGracePeriodEndedEvents(resumed)).hasSize(1);
    Reservations.Contract afterTopUp = s.contract(id);
    assertThat(afterTopUp.state).isEqualTo(BigInteger.valueOf(CREATED));
    assertThat(afterTopUp.lastSettledAt.longValueExact()).isEqualTo(t3);
    assertThat(afterTopUp.escrow)
        .isEqualTo(escrowInGrace.add(BigInteger.valueOf(1000)).add(enough));

    // Drain it again, then let the grace window pass.
    s.runFor(4 * 3600);
    TransactionReceipt third = s.user.send(s.user.reservations.settle(id));
    assertThat(Reservations.getGracePeriodStartedEvents(third)).hasSize(1);
    var short3 = Reservations.getContractSettledEvents(third).get(0);
    assertThat(short3.escrowLeft).isZero();
    assertThat(short3.unpaid).isPositive();
    grid.chain.advance(Grid.GRACE_PERIOD);
    RevertError expired =
        s.user.revert(
            s.user.reservations,
            s.user.reservations.topUp(id, Scenario.ether(1)),
            Scenario.ether(1));
    assertThat(expired.name()).isEqualTo("GraceExpired");
    TransactionReceipt deleted = s.farmer.send(s.farmer.reservations.settle(id));
    var gone = Reservations.getContractDeletedEvents(deleted).get(0);
    assertThat(gone.reason).isEqualTo(BigInteger.ONE);
    assertThat(s.contract(id).state).isEqualTo(BigInteger.valueOf(DELETED));
    NodeRegistry.NodeStatus node = s.status(s.nodeId);
    assertThat(node.used.cru).isZero();
    assertThat(node.activeContracts).isZero();
    assertThat(Actor.view(s.user.farms.freePublicIpCount(s.farmId)))
        .isEqualTo(BigInteger.valueOf(3));
  }

  @Test
  void downtimeIsNotBilledAndTheCounterIsContinuous(Grid grid) {
    Scenario s = Scenario.standard(grid);
    long registeredReport =
        Actor.view(s.user.nodes.getNode(s.nodeId)).lastUptimeReport.longValueExact();
    BigInteger id = s.createNodeContract(Scenario.small(), 0, Scenario.ether(1));
    TransactionReceipt fulfilled =
        s.node.send(s.node.reservations.reportFulfilment(id, payload("up")));
    long t0 = grid.chain.timestampOf(fulfilled.getBlockNumber());
    assertThat(s.contract(id).downtimeSnapshot).isZero();

    // The node goes silent for 2000 s: everything beyond the 900 s interval is downtime, counted
    // provisionally while the gap lasts.
    grid.chain.advance(2000);
    assertThat(s.status(s.nodeId).online).isFalse();
    TransactionReceipt during = s.user.send(s.user.reservations.settle(id));
    long t1 = grid.chain.timestampOf(during.getBlockNumber());
    long down1 = t1 - registeredReport - Grid.UPTIME_INTERVAL;
    var settled = Reservations.getContractSettledEvents(during).get(0);
    assertThat(settled.downtimeSeconds).isEqualTo(BigInteger.valueOf(down1));
    assertThat(settled.billableSeconds).isEqualTo(BigInteger.valueOf(t1 - t0 - down1));
    assertThat(settled.amount)
        .isEqualTo(Billing.charge(SMALL_RATE, t1 - t0 - down1, 0, 0, BigInteger.ZERO).amount());

    // The node comes back: its report adds exactly the excess of the gap to the counter.
    TransactionReceipt report = s.node.send(s.node.nodes.reportUptime(BigInteger.valueOf(42)));
    long tr = grid.chain.timestampOf(report.getBlockNumber());
    var uptime = NodeRegistry.getUptimeReportedEvents(report).get(0);
    assertThat(uptime.addedDowntime)
        .isEqualTo(BigInteger.valueOf(tr - registeredReport - Grid.UPTIME_INTERVAL));
    assertThat(uptime.cumulativeDowntime).isEqualTo(uptime.addedDowntime);
    assertThat(s.status(s.nodeId).online).isTrue();

    // Settling again bills the time since t1 minus the part of the gap after t1, no more, no less.
    grid.chain.advance(500);
    TransactionReceipt after = s.user.send(s.user.reservations.settle(id));
    long t2 = grid.chain.timestampOf(after.getBlockNumber());
    var settled2 = Reservations.getContractSettledEvents(after).get(0);
    assertThat(settled2.downtimeSeconds).isEqualTo(BigInteger.valueOf(tr - t1));
    assertThat(settled2.billableSeconds).isEqualTo(BigInteger.valueOf(t2 - tr));
    assertThat(
            settled
                .billableSeconds
                .add(settled.downtimeSeconds)
                .add(settled2.billableSeconds)
                .add(settled2.downtimeSeconds))
        .isEqualTo(BigInteger.valueOf(t2 - t0));
  }

  @Test
  void roundingIsCarriedSoSplitSettlementsChargeTheSameAsOne(Grid grid) {
    Scenario s = Scenario.standard(grid);
    Reservations.Resources odd = res(1, 3 * Grid.GIB + 12_345, 7 * Grid.GIB + 1, 11 * Grid.GIB + 3);
    BigInteger id = s.createNodeContract(odd, 0, Scenario.ether(1));
    BigInteger rate = s.contract(id).ratePerHour;
    assertThat(rate)
        .isEqualTo(
            Billing.nodeRate(1, 3 * Grid.GIB + 12_345, 7 * Grid.GIB + 1, 11 * Grid.GIB + 3, 0));
    TransactionReceipt fulfilled =
        s.node.send(s.node.reservations.reportFulfilment(id, payload("up")));
    long t0 = grid.chain.timestampOf(fulfilled.getBlockNumber());
    BigInteger total = BigInteger.ZERO;
    long last = t0;
    for (long step : new long[] {7, 13, 101, 299}) {
      grid.chain.advance(step);
      TransactionReceipt r = s.user.send(s.user.reservations.settle(id));
      total = total.add(Reservations.getContractSettledEvents(r).get(0).amount);
      last = grid.chain.timestampOf(r.getBlockNumber());
    }
    Billing.Charge once = Billing.charge(rate, last - t0, 0, 0, BigInteger.ZERO);
    assertThat(total).isEqualTo(once.amount());
    assertThat(s.contract(id).carry).isEqualTo(once.carry());
  }

  @Test
  void prepaidEscrowEarnsTheDiscountTier(Grid grid) {
    Scenario s = Scenario.standard(grid);
    // Enough escrow for 2200 hours: the 20% tier (at least 2160 hours).
    BigInteger deposit = SMALL_RATE.multiply(BigInteger.valueOf(2200));
    BigInteger id = s.createNodeContract(Scenario.small(), 0, deposit);
    TransactionReceipt fulfilled =
        s.node.send(s.node.reservations.reportFulfilment(id, payload("up")));
    long t0 = grid.chain.timestampOf(fulfilled.getBlockNumber());
    grid.chain.advance(600);
    Reservations.Accrual accrual = Actor.view(s.user.reservations.accrued(id));
    assertThat(accrual.discountBps).isEqualTo(BigInteger.valueOf(2000));
    assertThat(accrual.billableSeconds).isEqualTo(BigInteger.valueOf(grid.chain.now() - t0));
    TransactionReceipt r = s.user.send(s.user.reservations.settle(id));
    long t1 = grid.chain.timestampOf(r.getBlockNumber());
    var settled = Reservations.getContractSettledEvents(r).get(0);
    assertThat(settled.discountBps).isEqualTo(BigInteger.valueOf(2000));
    assertThat(settled.amount)
        .isEqualTo(Billing.charge(SMALL_RATE, t1 - t0, 0, 2000, BigInteger.ZERO).amount());
    assertThat(Actor.view(s.user.reservations.periodCost(id)))
        .isEqualTo(Billing.periodCost(SMALL_RATE));
  }

  @Test
  void rentIsExclusiveAndItsNodeContractsLiveAndDieWithIt(Grid grid) {
    Scenario s = Scenario.standard(grid);
    BigInteger rentRate =
        Billing.rentRate(
            Scenario.NODE_CRU, Scenario.NODE_MRU, Scenario.NODE_SRU, Scenario.NODE_HRU);
    TransactionReceipt rented =
        s.user.send(s.user.reservations.createRentContract(s.nodeId, Billing.periodCost(rentRate)));
    var rent = Reservations.getRentContractCreatedEvents(rented).get(0);
    assertThat(rent.ratePerHour).isEqualTo(rentRate);
    BigInteger rentId = rent.contractId;
    BigInteger renterTwin = Actor.view(s.user.twins.twinIdOf(s.user.address));
    assertThat(s.status(s.nodeId).rentContractId).isEqualTo(rentId);

    Actor other = Scenario.twin(grid.newActor());
    byte[] spec = payload("x");
    other
        .revert(
            other.reservations,
            other.reservations.createNodeContract(
                s.nodeId,
                Scenario.small(),
                Scenario.hash(spec),
                BigInteger.ZERO,
                spec,
                Scenario.ether(1)),
            Scenario.ether(1))
        .assertIs("NodeRentedByOther", s.nodeId, rentId, renterTwin);
    other
        .revert(
            other.reservations,
            other.reservations.createRentContract(s.nodeId, Scenario.ether(1)),
            Scenario.ether(1))
        .assertIs("NodeAlreadyRented", s.nodeId, rentId);
    List<Object> found =
        Actor.items(
            s.user.nodes.findNodes(
                Scenario.nodeResources(1, 0, 0, 0), BigInteger.ZERO, BigInteger.TEN));
    assertThat(found).doesNotContain(s.nodeId);

    // The renter's own node contracts pay for public IPs only.
    BigInteger inside = s.createNodeContract(Scenario.small(), 1, Scenario.ether(1));
    assertThat(s.contract(inside).ratePerHour).isEqualTo(Grid.IPU_PRICE);
    assertThat(s.contract(inside).rentContractId).isEqualTo(rentId);
    s.user
        .revert(s.user.reservations, s.user.reservations.cancel(rentId))
        .assertIs("RentHasActiveContracts", rentId, 1);

    // The rent runs out and expires: its node contracts are deleted at their next settlement.
    s.runFor(60);
    TransactionReceipt toGrace = s.user.send(s.user.reservations.settle(rentId));
    assertThat(Reservations.getGracePeriodStartedEvents(toGrace)).hasSize(1);
    s.user
        .revert(
            s.user.reservations,
            s.user.reservations.createNodeContract(
                s.nodeId,
                Scenario.small(),
                Scenario.hash(spec),
                BigInteger.ZERO,
                spec,
                Scenario.ether(1)),
            Scenario.ether(1))
        .assertIs(
            "ContractInGracePeriod", rentId, Actor.view(s.user.reservations.graceEndsAt(rentId)));
    grid.chain.advance(Grid.GRACE_PERIOD);
    s.user.send(s.user.reservations.settle(rentId));
    assertThat(s.contract(rentId).state).isEqualTo(BigInteger.valueOf(DELETED));
    assertThat(s.status(s.nodeId).rentContractId).isZero();
    TransactionReceipt ended = s.farmer.send(s.farmer.reservations.settle(inside));
    assertThat(Reservations.getContractDeletedEvents(ended).get(0).reason)
        .isEqualTo(BigInteger.TWO);
    assertThat(s.status(s.nodeId).used.cru).isZero();
    assertThat(s.status(s.nodeId).activeContracts).isZero();
  }

  @Test
  void rentNeedsAnEmptyNodeAndCancelsCleanly(Grid grid) {
    Scenario s = Scenario.standard(grid);
    s.createNodeContract(Scenario.small(), 0, Scenario.ether(1));
    Actor other = Scenario.twin(grid.newActor());
    other
        .revert(
            other.reservations,
            other.reservations.createRentContract(s.nodeId, Scenario.ether(1)),
            Scenario.ether(1))
        .assertIs("NodeHasActiveContracts", s.nodeId, 1);

    Actor empty = s.addNode(Scenario.nodeResources(4, 8 * Grid.GIB, 100 * Grid.GIB, 0));
    BigInteger emptyId = Actor.view(empty.nodes.nodeIdOf(empty.address));
    TransactionReceipt r =
        other.send(other.reservations.createRentContract(emptyId, Scenario.ether(1)));
    BigInteger rentId = Reservations.getRentContractCreatedEvents(r).get(0).contractId;
    grid.chain.advance(100);
    TransactionReceipt cancelled = other.send(other.reservations.cancel(rentId));
    var settled = Reservations.getContractSettledEvents(cancelled).get(0);
    assertThat(settled.amount).isPositive();
    assertThat(Reservations.getContractDeletedEvents(cancelled).get(0).refund)
        .isEqualTo(Scenario.ether(1).subtract(settled.amount));
    assertThat(s.status(emptyId).rentContractId).isZero();
  }

  @Test
  void gatewayNamesFollowTheRulesAndAreUnique(Grid grid) {
    Scenario s = Scenario.standard(grid);
    Actor u = s.user;
    BigInteger one = Scenario.ether(1);
    u.revert(u.reservations, u.reservations.createNameContract("ab", one), one)
        .assertIs("InvalidNameLength", 2, 3, 63);
    String tooLong = "a".repeat(64);
    u.revert(u.reservations, u.reservations.createNameContract(tooLong, one), one)
        .assertIs("InvalidNameLength", 64, 3, 63);
    u.revert(u.reservations, u.reservations.createNameContract("Abc", one), one)
        .assertIs("InvalidNameCharacter", 0, new byte[] {'A'});
    u.revert(u.reservations, u.reservations.createNameContract("1abc", one), one)
        .assertIs("InvalidNameCharacter", 0, new byte[] {'1'});
    u.revert(u.reservations, u.reservations.createNameContract("abc-", one), one)
        .assertIs("InvalidNameCharacter", 3, new byte[] {'-'});
    u.revert(u.reservations, u.reservations.createNameContract("ab_c", one), one)
        .assertIs("InvalidNameCharacter", 2, new byte[] {'_'});
    u.revert(u.reservations, u.reservations.createNameContract("web-", one), one)
        .assertIs("InvalidNameCharacter", 3, new byte[] {'-'});
    Actor noTwin = grid.newActor();
    noTwin
        .revert(noTwin.reservations, noTwin.reservations.createNameContract("valid", one), one)
        .assertIs("TwinNotFound", noTwin.address);
    u.revert(
            u.reservations,
            u.reservations.createNameContract("valid", BigInteger.ONE),
            BigInteger.ONE)
        .assertIs("InsufficientDeposit", Billing.periodCost(Grid.NAME_PRICE), 1);

    TransactionReceipt r = u.send(u.reservations.createNameContract("my-gw-2", one));
    var created = Reservations.getNameContractCreatedEvents(r).get(0);
    assertThat(created.ratePerHour).isEqualTo(Grid.NAME_PRICE);
    assertThat(Actor.view(u.reservations.nameOf(created.contractId))).isEqualTo("my-gw-2");
    assertThat(Actor.view(u.reservations.nameContractOf("my-gw-2"))).isEqualTo(created.contractId);
    Actor other = Scenario.twin(grid.newActor());
    other
        .revert(other.reservations, other.reservations.createNameContract("my-gw-2", one), one)
        .assertIs("NameTaken", "my-gw-2", created.contractId);

    // Names pay the protocol pool only.
    grid.chain.advance(3600);
    TransactionReceipt settled = u.send(u.reservations.settle(created.contractId));
    var bill = Reservations.getContractSettledEvents(settled).get(0);
    assertThat(bill.farmShare).isZero();
    assertThat(bill.fee).isEqualTo(bill.amount).isPositive();
    assertThat(Actor.view(u.reservations.feePool())).isEqualTo(bill.amount);

    u.send(u.reservations.cancel(created.contractId));
    assertThat(Actor.view(u.reservations.nameContractOf("my-gw-2"))).isZero();
    other.send(other.reservations.createNameContract("my-gw-2", one));
  }

  @Test
  void topUpRulesFeesAndPages(Grid grid) {
    Scenario s = Scenario.standard(grid);
    BigInteger id = s.createNodeContract(Scenario.small(), 0, Scenario.ether(1));
    Actor u = s.user;
    u.revert(u.reservations, u.reservations.topUp(id, BigInteger.ZERO)).assertIs("ZeroTopUp", id);
    u.revert(
            u.reservations,
            u.reservations.topUp(BigInteger.valueOf(77), BigInteger.ONE),
            BigInteger.ONE)
        .assertIs("ContractNotFound", 77);
    u.revert(u.reservations, u.reservations.settle(BigInteger.valueOf(77)))
        .assertIs("ContractNotFound", 77);
    TransactionReceipt topped = s.farmer.send(s.farmer.reservations.topUp(id, BigInteger.TEN));
    var event = Reservations.getContractToppedUpEvents(topped).get(0);
    assertThat(event.from).isEqualTo(s.farmer.address);
    assertThat(event.escrow).isEqualTo(Scenario.ether(1).add(BigInteger.TEN));

    u.revert(u.reservations, u.reservations.forwardFees()).assertIs("NothingToForward");
    s.node.send(s.node.reservations.reportFulfilment(id, payload("up")));
    s.runFor(3600);
    u.send(u.reservations.settle(id));
    BigInteger fees = Actor.view(u.reservations.feePool());
    assertThat(fees).isPositive();
    BigInteger stakingBefore = grid.chain.balance(grid.at.staking());
    TransactionReceipt forwarded = u.send(u.reservations.forwardFees());
    assertThat(Reservations.getFeesForwardedEvents(forwarded).get(0).amount).isEqualTo(fees);
    assertThat(Staking.getRewardsDepositedEvents(forwarded).get(0).amount).isEqualTo(fees);
    assertThat(grid.chain.balance(grid.at.staking())).isEqualTo(stakingBefore.add(fees));
    assertThat(Actor.view(u.reservations.feePool())).isZero();

    u.send(u.reservations.cancel(id));
    u.revert(u.reservations, u.reservations.topUp(id, BigInteger.ONE), BigInteger.ONE)
        .assertIs("ContractIsDeleted", id);

    List<Object> page = Actor.items(u.reservations.getContracts(BigInteger.ZERO, BigInteger.TEN));
    assertThat(page).hasSize(1);
    List<Object> beyond = Actor.items(u.reservations.getContracts(BigInteger.TEN, BigInteger.TEN));
    assertThat(beyond).isEmpty();
    u.revert(u.reservations, u.reservations.getContracts(BigInteger.ZERO, BigInteger.valueOf(501)))
        .assertIs("PageTooLarge", 501, 500);
    assertThat(Actor.view(u.reservations.contractCount())).isEqualTo(BigInteger.ONE);
    assertThat(Actor.view(u.reservations.graceEndsAt(id))).isZero();
  }
}
