package org.gridledger.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridledger.contracts.Scenario.ip;
import static org.gridledger.contracts.Scenario.key;

import java.math.BigInteger;
import java.util.List;
import org.gridledger.contracts.Scenario.Res;
import org.gridledger.contracts.bindings.FarmRegistry;
import org.gridledger.contracts.bindings.NodeRegistry;
import org.gridledger.contracts.bindings.TwinRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** TwinRegistry, FarmRegistry and NodeRegistry: every function, every error, access control. */
@ExtendWith(GridExtension.class)
class RegistriesTest {
  private static final BigInteger ONE = BigInteger.ONE;
  private static final BigInteger ZERO = BigInteger.ZERO;

  @Test
  void twins(Grid grid) {
    Actor a = grid.newActor();
    a.revert(a.twins, a.twins.createTwin(new byte[32], "")).assertIs("InvalidPublicKey");
    String longRelay = "r".repeat(257);
    a.revert(a.twins, a.twins.createTwin(key("a"), longRelay))
        .assertIs("FieldTooLong", "relay", 257, 256);
    a.revert(a.twins, a.twins.rotateKey(key("b"))).assertIs("TwinNotFound", a.address);
    a.revert(a.twins, a.twins.updateRelay("x")).assertIs("TwinNotFound", a.address);

    TransactionReceipt created = a.send(a.twins.createTwin(key("a"), "relay.a"));
    var event = TwinRegistry.getTwinCreatedEvents(created).get(0);
    BigInteger id = event.twinId;
    assertThat(event.account).isEqualTo(a.address);
    a.revert(a.twins, a.twins.createTwin(key("a"), ""))
        .assertIs("TwinAlreadyExists", a.address, id);

    TransactionReceipt rotated = a.send(a.twins.rotateKey(key("a2")));
    var rotation = TwinRegistry.getTwinKeyRotatedEvents(rotated).get(0);
    assertThat(rotation.oldKey).isEqualTo(key("a"));
    assertThat(rotation.newKey).isEqualTo(key("a2"));
    a.revert(a.twins, a.twins.rotateKey(new byte[32])).assertIs("InvalidPublicKey");
    TransactionReceipt relayed = a.send(a.twins.updateRelay(""));
    assertThat(TwinRegistry.getTwinRelayUpdatedEvents(relayed).get(0).relay).isEmpty();

    TwinRegistry.Twin twin = Actor.view(a.twins.getTwin(id));
    assertThat(twin.account).isEqualTo(a.address);
    assertThat(twin.x25519Key).isEqualTo(key("a2"));
    assertThat(Actor.view(a.twins.twinIdOf(a.address))).isEqualTo(id);
    assertThat(Actor.view(a.twins.accountOf(id))).isEqualTo(a.address);
    a.revert(a.twins, a.twins.getTwin(id.add(ONE))).assertIs("UnknownTwin", id.add(ONE));
    a.revert(a.twins, a.twins.getTwin(ZERO)).assertIs("UnknownTwin", 0);

    Actor b = Scenario.twin(grid.newActor());
    assertThat(Actor.view(a.twins.twinCount())).isEqualTo(id.add(ONE));
    List<Object> page = Actor.items(a.twins.getTwins(id.subtract(ONE), BigInteger.TEN));
    assertThat(page).hasSize(2);
    assertThat(((TwinRegistry.Twin) page.get(1)).account).isEqualTo(b.address);
    a.revert(a.twins, a.twins.getTwins(ZERO, BigInteger.valueOf(501)))
        .assertIs("PageTooLarge", 501, 500);
  }

  @Test
  void farmsNamesPoliciesPayoutAndGovernance(Grid grid) {
    Actor farmer = grid.newActor();
    farmer
        .revert(farmer.farms, farmer.farms.createFarm("farm", ONE))
        .assertIs("TwinNotFound", farmer.address);
    Scenario.twin(farmer);
    farmer
        .revert(farmer.farms, farmer.farms.createFarm("ab", ONE))
        .assertIs("InvalidNameLength", 2, 3, 40);
    farmer
        .revert(farmer.farms, farmer.farms.createFarm("a".repeat(41), ONE))
        .assertIs("InvalidNameLength", 41, 3, 40);
    farmer
        .revert(farmer.farms, farmer.farms.createFarm("my farm", ONE))
        .assertIs("InvalidNameCharacter", 2, new byte[] {' '});
    farmer
        .revert(farmer.farms, farmer.farms.createFarm("farm", BigInteger.valueOf(9)))
        .assertIs("PricingPolicyNotFound", 9);
    TransactionReceipt created = farmer.send(farmer.farms.createFarm("Green_Farm-1", ONE));
    var event = FarmRegistry.getFarmCreatedEvents(created).get(0);
    BigInteger farmId = event.farmId;
    assertThat(event.payout).isEqualTo(farmer.address);
    Actor rival = Scenario.twin(grid.newActor());
    rival
        .revert(rival.farms, rival.farms.createFarm("Green_Farm-1", ONE))
        .assertIs("FarmNameTaken", "Green_Farm-1", farmId);
    assertThat(Actor.view(farmer.farms.farmIdByName("Green_Farm-1"))).isEqualTo(farmId);
    assertThat(Actor.view(farmer.farms.farmExists(farmId))).isTrue();
    assertThat(Actor.view(farmer.farms.farmExists(farmId.add(ONE)))).isFalse();
    assertThat(Actor.view(farmer.farms.farmOwnerAccount(farmId))).isEqualTo(farmer.address);

    rival
        .revert(rival.farms, rival.farms.setPricingPolicy(farmId, ONE))
        .assertIs("NotFarmOwner", farmId, rival.address);
    farmer
        .revert(farmer.farms, farmer.farms.setPricingPolicy(farmId, BigInteger.TWO))
        .assertIs("PricingPolicyNotFound", 2);
    grid.governance.send(grid.governance.pricing.createPolicy(Grid.defaultPolicy("premium")));
    TransactionReceipt policy = farmer.send(farmer.farms.setPricingPolicy(farmId, BigInteger.TWO));
    assertThat(FarmRegistry.getFarmPricingPolicyChangedEvents(policy).get(0).pricingPolicyId)
        .isEqualTo(BigInteger.TWO);

    farmer
        .revert(
            farmer.farms,
            farmer.farms.setPayout(farmId, "0x0000000000000000000000000000000000000000"))
        .assertIs("ZeroAddress");
    rival
        .revert(rival.farms, rival.farms.setPayout(farmId, rival.address))
        .assertIs("NotFarmOwner", farmId, rival.address);
    farmer.send(farmer.farms.setPayout(farmId, rival.address));
    var billing = Actor.view(farmer.farms.farmBilling(farmId));
    assertThat(billing.component1()).isEqualTo(rival.address);
    assertThat(billing.component2()).isEqualTo(BigInteger.TWO);

    farmer
        .revert(farmer.farms, farmer.farms.setCertified(farmId, true))
        .assertIs("Unauthorized", farmer.address, grid.governance.address);
    grid.governance.send(grid.governance.farms.setCertified(farmId, true));
    FarmRegistry.Farm farm = Actor.view(farmer.farms.getFarm(farmId));
    assertThat(farm.certified).isTrue();
    assertThat(farm.name).isEqualTo("Green_Farm-1");
    farmer
        .revert(farmer.farms, farmer.farms.getFarm(BigInteger.valueOf(99)))
        .assertIs("FarmNotFound", 99);
    assertThat(Actor.items(farmer.farms.getFarms(ZERO, BigInteger.TEN))).hasSize(farmId.intValue());

    farmer
        .revert(farmer.farms, farmer.farms.transferGovernance(farmer.address))
        .assertIs("Unauthorized", farmer.address, grid.governance.address);
    grid.governance.send(grid.governance.farms.transferGovernance(farmer.address));
    assertThat(Actor.view(farmer.farms.governance())).isEqualTo(farmer.address);
    farmer.send(farmer.farms.setCertified(farmId, false));
  }

  @Test
  void publicIpPoolAndReservationsOnlyHooks(Grid grid) {
    Scenario s = Scenario.standard(grid);
    Actor f = s.farmer;
    f.revert(
            f.farms,
            f.farms.addPublicIp(s.farmId, new byte[4], BigInteger.valueOf(24), ip(1, 1, 1, 1)))
        .assertIs("InvalidPublicIp", new byte[4], 24);
    f.revert(
            f.farms,
            f.farms.addPublicIp(s.farmId, ip(9, 9, 9, 9), BigInteger.valueOf(33), ip(1, 1, 1, 1)))
        .assertIs("InvalidPublicIp", ip(9, 9, 9, 9), 33);
    byte[] taken = Actor.view(f.farms.getPublicIp(s.farmId, ONE)).ip;
    f.revert(f.farms, f.farms.addPublicIp(s.farmId, taken, BigInteger.valueOf(24), ip(1, 1, 1, 1)))
        .assertIs("PublicIpExists", taken, s.farmId);
    s.user
        .revert(
            s.user.farms,
            s.user.farms.addPublicIp(
                s.farmId, ip(9, 9, 9, 9), BigInteger.valueOf(24), ip(9, 9, 9, 1)))
        .assertIs("NotFarmOwner", s.farmId, s.user.address);

    BigInteger contract = s.createNodeContract(Scenario.small(), 1, Scenario.ether(1));
    BigInteger held =
        (BigInteger) Actor.items(s.user.reservations.getContractPublicIps(contract)).get(0);
    f.revert(f.farms, f.farms.removePublicIp(s.farmId, held))
        .assertIs("PublicIpInUse", s.farmId, held, contract);
    f.revert(f.farms, f.farms.removePublicIp(s.farmId, BigInteger.valueOf(9)))
        .assertIs("PublicIpNotFound", s.farmId, 9);
    BigInteger freeId = held.equals(ONE) ? BigInteger.TWO : ONE;
    TransactionReceipt removed = f.send(f.farms.removePublicIp(s.farmId, freeId));
    assertThat(FarmRegistry.getPublicIpRemovedEvents(removed)).hasSize(1);
    assertThat(Actor.view(f.farms.freePublicIpCount(s.farmId))).isEqualTo(ONE);
    f.revert(f.farms, f.farms.getPublicIp(s.farmId, freeId))
        .assertIs("PublicIpNotFound", s.farmId, freeId);
    List<Object> ips = Actor.items(f.farms.getPublicIps(s.farmId, ZERO, BigInteger.TEN));
    assertThat(ips).hasSize(3);
    assertThat(((FarmRegistry.PublicIp) ips.get(freeId.intValue() - 1)).exists).isFalse();
    // The removed address can be added again (to any farm).
    f.send(
        f.farms.addPublicIp(
            s.farmId,
            ((FarmRegistry.PublicIp) ips.get(freeId.intValue() - 1)).ip,
            BigInteger.valueOf(24),
            ip(1, 1, 1, 1)));

    // Only Reservations may allocate, release, reserve or rent; only FarmRegistry sets standing.
    String reservations = grid.at.reservations();
    f.revert(f.farms, f.farms.allocatePublicIps(s.farmId, ONE, ONE))
        .assertIs("Unauthorized", f.address, reservations);
    f.revert(f.farms, f.farms.releasePublicIps(s.farmId, List.of(ONE)))
        .assertIs("Unauthorized", f.address, reservations);
    NodeRegistry.Resources r = Scenario.nodeResources(1, 0, 0, 0);
    f.revert(f.nodes, f.nodes.reserve(s.nodeId, r))
        .assertIs("Unauthorized", f.address, reservations);
    f.revert(f.nodes, f.nodes.release(s.nodeId, r))
        .assertIs("Unauthorized", f.address, reservations);
    f.revert(f.nodes, f.nodes.resize(s.nodeId, r, r))
        .assertIs("Unauthorized", f.address, reservations);
    f.revert(f.nodes, f.nodes.setRentContract(s.nodeId, ONE))
        .assertIs("Unauthorized", f.address, reservations);
    f.revert(f.nodes, f.nodes.setStanding(s.nodeId, true, false))
        .assertIs("Unauthorized", f.address, grid.at.farms());
  }

  @Test
  void nodesRegisterUpdateReportAndArePaged(Grid grid) {
    Scenario s = Scenario.standard(grid);
    Actor n = grid.newActor();
    NodeRegistry.Resources total = Scenario.nodeResources(4, 8 * Grid.GIB, 100 * Grid.GIB, 0);
    NodeRegistry.Location here =
        new NodeRegistry.Location(
            "BE", "Ghent", BigInteger.valueOf(51_000_000), BigInteger.valueOf(3_700_000));
    n.revert(n.nodes, n.nodes.registerNode(s.farmId, total, key("n"), here, "sn"))
        .assertIs("TwinNotFound", n.address);
    Scenario.twin(n);
    n.revert(n.nodes, n.nodes.registerNode(BigInteger.valueOf(42), total, key("n"), here, "sn"))
        .assertIs("FarmNotFound", 42);
    n.revert(
            n.nodes,
            n.nodes.registerNode(
                s.farmId, Scenario.nodeResources(0, 8, 0, 0), key("n"), here, "sn"))
        .assertIs("EmptyCapacity");
    n.revert(n.nodes, n.nodes.registerNode(s.farmId, total, new byte[32], here, "sn"))
        .assertIs("InvalidPublicKey");
    NodeRegistry.Location north =
        new NodeRegistry.Location("XX", "Pole", BigInteger.valueOf(90_000_001), ZERO);
    n.revert(n.nodes, n.nodes.registerNode(s.farmId, total, key("n"), north, "sn"))
        .assertIs("InvalidCoordinates", 90_000_001, 0);
    n.revert(n.nodes, n.nodes.registerNode(s.farmId, total, key("n"), here, "s".repeat(65)))
        .assertIs("FieldTooLong", "serial", 65, 64);
    NodeRegistry.Location longCity = new NodeRegistry.Location("BE", "c".repeat(65), ZERO, ZERO);
    n.revert(n.nodes, n.nodes.registerNode(s.farmId, total, key("n"), longCity, "sn"))
        .assertIs("FieldTooLong", "city", 65, 64);
    TransactionReceipt registered =
        n.send(n.nodes.registerNode(s.farmId, total, key("n"), here, "sn"));
    BigInteger id = NodeRegistry.getNodeRegisteredEvents(registered).get(0).nodeId;
    n.revert(n.nodes, n.nodes.registerNode(s.farmId, total, key("n"), here, "sn"))
        .assertIs("NodeAlreadyRegistered", n.address, id);

    // The farmer approves and bans; nobody else can.
    s.user
        .revert(s.user.farms, s.user.farms.approveNode(id))
        .assertIs("NotFarmOwner", s.farmId, s.user.address);
    s.user
        .revert(s.user.farms, s.user.farms.banNode(BigInteger.valueOf(77)))
        .assertIs("NodeNotInFarm", 77, 0);
    TransactionReceipt approved = s.farmer.send(s.farmer.farms.approveNode(id));
    var standing = NodeRegistry.getNodeStandingChangedEvents(approved).get(0);
    assertThat(standing.approved).isTrue();
    assertThat(standing.banned).isFalse();

    // Capacity can shrink only down to what contracts use.
    BigInteger contract =
        s.createNodeContract(s.user, id, Scenario.res(3, 2 * Grid.GIB, 0, 0), 0, Scenario.ether(1));
    NodeRegistry.Resources smaller = Scenario.nodeResources(2, 8 * Grid.GIB, 100 * Grid.GIB, 0);
    n.revert(n.nodes, n.nodes.updateNode(smaller, key("n2"), here, "sn2"))
        .assertIs("CapacityBelowUsed", id, Res.CRU, 3, 2);
    NodeRegistry.Resources bigger =
        Scenario.nodeResources(16, 64 * Grid.GIB, 100 * Grid.GIB, 10 * Grid.GIB);
    n.send(n.nodes.updateNode(bigger, key("n2"), here, "sn2"));
    NodeRegistry.Node node = Actor.view(n.nodes.getNode(id));
    assertThat(node.total.cru).isEqualTo(BigInteger.valueOf(16));
    assertThat(node.serial).isEqualTo("sn2");
    assertThat(node.x25519Key).isEqualTo(key("n2"));
    s.user
        .revert(s.user.nodes, s.user.nodes.updateNode(bigger, key("n2"), here, "x"))
        .assertIs("NotNodeAccount", 0, s.user.address);
    assertThat(contract).isPositive();

    // Uptime reports are rate-limited and only a gap beyond the interval counts as downtime.
    long last = node.lastUptimeReport.longValueExact();
    n.revert(n.nodes, n.nodes.reportUptime(ONE))
        .assertIs("UptimeReportTooSoon", id, last + Grid.MIN_REPORT_INTERVAL);
    grid.chain.advance(Grid.MIN_REPORT_INTERVAL);
    TransactionReceipt report = n.send(n.nodes.reportUptime(BigInteger.valueOf(300)));
    assertThat(NodeRegistry.getUptimeReportedEvents(report).get(0).addedDowntime).isZero();
    grid.chain.advance(Grid.UPTIME_INTERVAL + 100);
    long reportedAt = grid.chain.timestampOf(report.getBlockNumber());
    assertThat(Actor.view(n.nodes.downtimeOf(id)))
        .isEqualTo(BigInteger.valueOf(grid.chain.now() - reportedAt - Grid.UPTIME_INTERVAL));
    n.revert(n.nodes, n.nodes.downtimeOf(BigInteger.valueOf(77))).assertIs("NodeNotFound", 77);

    // Power state: the node or its farmer.
    s.user
        .revert(s.user.nodes, s.user.nodes.setPowerState(id, ONE))
        .assertIs("NotNodeOrFarmer", id, s.user.address);
    TransactionReceipt down = s.farmer.send(s.farmer.nodes.setPowerState(id, ONE));
    assertThat(NodeRegistry.getPowerStateChangedEvents(down).get(0).by).isEqualTo(s.farmer.address);
    n.send(n.nodes.setPowerState(id, ZERO));

    // Paged reads and the search helper.
    assertThat(Actor.view(n.nodes.nodeCount())).isEqualTo(id);
    assertThat(Actor.view(n.nodes.farmNodeCount(s.farmId))).isEqualTo(BigInteger.TWO);
    assertThat(Actor.items(n.nodes.getFarmNodes(s.farmId, ZERO, BigInteger.TEN)))
        .containsExactly(s.nodeId, id);
    assertThat(Actor.items(n.nodes.getFarmNodes(s.farmId, ONE, BigInteger.TEN)))
        .containsExactly(id);
    assertThat(Actor.items(n.nodes.getNodes(ZERO, BigInteger.TEN))).hasSize(id.intValue());
    assertThat(Actor.view(n.nodes.nodeIdOf(n.address))).isEqualTo(id);
    assertThat(Actor.view(n.nodes.farmOf(id))).isEqualTo(s.farmId);
    n.revert(n.nodes, n.nodes.getNode(BigInteger.valueOf(77))).assertIs("NodeNotFound", 77);
    n.revert(n.nodes, n.nodes.getNodes(ZERO, BigInteger.valueOf(501)))
        .assertIs("PageTooLarge", 501, 500);
    n.send(n.nodes.reportUptime(ONE));
    s.reportUptime();
    // Node s.nodeId has 8 cores free, the new node 13: only the new one fits 10 cores.
    assertThat(
            Actor.items(
                n.nodes.findNodes(Scenario.nodeResources(10, 0, 0, 0), ZERO, BigInteger.TEN)))
        .containsExactly(id);
    assertThat(
            Actor.items(
                n.nodes.findNodes(Scenario.nodeResources(2, Grid.GIB, 0, 0), ZERO, BigInteger.TEN)))
        .containsExactly(s.nodeId, id);
    s.farmer.send(s.farmer.farms.banNode(id));
    assertThat(
            Actor.items(
                n.nodes.findNodes(Scenario.nodeResources(2, Grid.GIB, 0, 0), ZERO, BigInteger.TEN)))
        .containsExactly(s.nodeId);
    assertThat(Actor.view(n.nodes.nodeStatus(id)).banned).isTrue();
    assertThat(Actor.view(n.nodes.nodeStatus(BigInteger.valueOf(77))).exists).isFalse();
  }
}
