package org.gridledger.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.gridledger.contracts.bindings.NodeRegistry;
import org.gridledger.contracts.bindings.Reservations;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * A farmer with a farm, three public IPs and one approved node, and a user with a twin: the setting
 * most reservation tests start from.
 */
final class Scenario {
  /** Resource names in the order of the Solidity enum Resource. */
  enum Res {
    CRU,
    MRU,
    SRU,
    HRU,
    PUBLIC_IP
  }

  /** Contract states in the order of Reservations.ContractState. */
  static final int NONE = 0;

  static final int CREATED = 1;
  static final int GRACE = 2;
  static final int DELETED = 3;

  static final long NODE_CRU = 8;
  static final long NODE_MRU = 32 * Grid.GIB;
  static final long NODE_SRU = 1024 * Grid.GIB;
  static final long NODE_HRU = 4096 * Grid.GIB;

  final Grid grid;
  final Actor farmer;
  final Actor user;
  final Actor node;
  final BigInteger farmId;
  final BigInteger nodeId;

  private Scenario(
      Grid grid, Actor farmer, Actor user, Actor node, BigInteger farmId, BigInteger nodeId) {
    this.grid = grid;
    this.farmer = farmer;
    this.user = user;
    this.node = node;
    this.farmId = farmId;
    this.nodeId = nodeId;
  }

  static Scenario standard(Grid grid) {
    Actor farmer = twin(grid.newActor());
    farmer.send(farmer.farms.createFarm("farm-" + farmer.address.substring(2, 10), BigInteger.ONE));
    BigInteger farmId = Actor.view(farmer.farms.farmCount());
    for (int i = 1; i <= 3; i++) {
      farmer.send(
          farmer.farms.addPublicIp(
              farmId,
              ip(185, 69, (int) (farmId.longValue() % 250), i),
              BigInteger.valueOf(24),
              ip(185, 69, (int) (farmId.longValue() % 250), 254)));
    }
    Actor node = registerNode(grid, farmId, nodeResources(NODE_CRU, NODE_MRU, NODE_SRU, NODE_HRU));
    BigInteger nodeId = Actor.view(node.nodes.nodeIdOf(node.address));
    farmer.send(farmer.farms.approveNode(nodeId));
    Actor user = twin(grid.newActor());
    return new Scenario(grid, farmer, user, node, farmId, nodeId);
  }

  /** Gives an actor a twin. */
  static Actor twin(Actor actor) {
    actor.send(actor.twins.createTwin(key(actor.address), "relay.example/" + actor.address));
    return actor;
  }

  static Actor registerNode(Grid grid, BigInteger farmId, NodeRegistry.Resources total) {
    Actor node = twin(grid.newActor());
    node.send(
        node.nodes.registerNode(
            farmId,
            total,
            key("node" + node.address),
            new NodeRegistry.Location(
                "BE", "Ghent", BigInteger.valueOf(51_054_000), BigInteger.valueOf(3_717_000)),
            "serial-" + node.address.substring(2, 12)));
    return node;
  }

  /** A second approved node in this scenario's farm. */
  Actor addNode(NodeRegistry.Resources total) {
    Actor extra = registerNode(grid, farmId, total);
    farmer.send(farmer.farms.approveNode(Actor.view(extra.nodes.nodeIdOf(extra.address))));
    return extra;
  }

  static NodeRegistry.Resources nodeResources(long cru, long mru, long sru, long hru) {
    return new NodeRegistry.Resources(
        BigInteger.valueOf(cru),
        BigInteger.valueOf(mru),
        BigInteger.valueOf(sru),
        BigInteger.valueOf(hru));
  }

  static Reservations.Resources res(long cru, long mru, long sru, long hru) {
    return new Reservations.Resources(
        BigInteger.valueOf(cru),
        BigInteger.valueOf(mru),
        BigInteger.valueOf(sru),
        BigInteger.valueOf(hru));
  }

  /** 2 cores, 4 GiB memory, 50 GiB SSD: one CU and a quarter SU. */
  static Reservations.Resources small() {
    return res(2, 4 * Grid.GIB, 50 * Grid.GIB, 0);
  }

  static byte[] payload(String text) {
    return ("encrypted:" + text).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] hash(byte[] data) {
    return Hash.sha3(data);
  }

  static byte[] key(String seed) {
    return Hash.sha3(seed.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] ip(int a, int b, int c, int d) {
    return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
  }

  /** Creates a node contract and returns its id, read from the NodeContractCreated event. */
  BigInteger createNodeContract(
      Actor owner, BigInteger onNode, Reservations.Resources r, int ips, BigInteger deposit) {
    byte[] spec = payload("spec-" + Arrays.hashCode(new Object[] {onNode, r.cru, r.mru, ips}));
    TransactionReceipt receipt =
        owner.send(
            owner.reservations.createNodeContract(
                onNode, r, hash(spec), BigInteger.valueOf(ips), spec, deposit));
    var created = Reservations.getNodeContractCreatedEvents(receipt);
    assertThat(created).hasSize(1);
    return created.get(0).contractId;
  }

  BigInteger createNodeContract(Reservations.Resources r, int ips, BigInteger deposit) {
    return createNodeContract(user, nodeId, r, ips, deposit);
  }

  Reservations.Contract contract(BigInteger id) {
    return Actor.view(user.reservations.getContract(id));
  }

  NodeRegistry.NodeStatus status(BigInteger id) {
    return Actor.view(user.nodes.nodeStatus(id));
  }

  /**
   * Lets {@code seconds} pass with the node reporting uptime every 600 s, so it never has downtime.
   */
  void runFor(long seconds) {
    long left = seconds;
    while (left > 0) {
      long step = Math.min(600, left);
      grid.chain.advance(step);
      left -= step;
      if (step >= Grid.MIN_REPORT_INTERVAL) {
        reportUptime();
      }
    }
  }

  /** Keeps the node online: reports uptime (the rate limit must allow it). */
  void reportUptime() {
    node.send(node.nodes.reportUptime(BigInteger.valueOf(1000)));
  }

  static BigInteger ether(long n) {
    return Grid.ETHER.multiply(BigInteger.valueOf(n));
  }

  static BigInteger milliEther(long n) {
    return Grid.ETHER.divide(BigInteger.valueOf(1000)).multiply(BigInteger.valueOf(n));
  }
}
