package org.gridledger.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gridledger.contracts.bindings.NodeRegistry;
import org.gridledger.contracts.bindings.Reservations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Random sequences of reservation operations (seeded, so a failure replays): after every step no
 * value is created or lost (escrow + paid + fees + refunded == deposits, and the contract's balance
 * matches what was deposited minus what left it), capacity is never negative nor over the total and
 * equals what live contracts hold, and public IPs are either free or held by a live contract.
 */
@ExtendWith(GridExtension.class)
class BillingInvariantTest {
  private static final int STEPS = 150;

  @Test
  void randomOperationSequencesKeepEveryInvariant(Grid grid) {
    for (long seed : new long[] {7, 2026}) {
      new Run(grid, new Random(seed)).go();
    }
  }

  private static final class Run {
    final Grid grid;
    final Random random;
    final Scenario s;
    final List<Actor> users = new ArrayList<>();
    final List<BigInteger> nodeIds = new ArrayList<>();
    final Map<BigInteger, Actor> nodeActors = new HashMap<>();
    final List<BigInteger> contracts = new ArrayList<>();
    final Map<BigInteger, Long> lastReport = new HashMap<>();
    BigInteger deposited = BigInteger.ZERO;
    BigInteger withdrawn = BigInteger.ZERO;
    BigInteger forwarded = BigInteger.ZERO;
    BigInteger baseDeposited;
    BigInteger baseWithdrawn;
    BigInteger baseForwarded;
    int names;
    final Map<String, Integer> done = new HashMap<>();

    Run(Grid grid, Random random) {
      this.grid = grid;
      this.random = random;
      this.s = Scenario.standard(grid);
      Actor second = s.addNode(Scenario.nodeResources(4, 16 * Grid.GIB, 200 * Grid.GIB, 0));
      nodeIds.add(s.nodeId);
      nodeIds.add(Actor.view(second.nodes.nodeIdOf(second.address)));
      nodeActors.put(nodeIds.get(0), s.node);
      nodeActors.put(nodeIds.get(1), second);
      for (BigInteger id : nodeIds) {
        lastReport.put(id, grid.chain.now());
      }
      users.add(s.user);
      users.add(Scenario.twin(grid.newActor()));
      users.add(Scenario.twin(grid.newActor()));
      Reservations r = s.user.reservations;
      baseDeposited = Actor.view(r.totalDeposited());
      baseWithdrawn = Actor.view(r.totalWithdrawn());
      baseForwarded = Actor.view(r.totalForwarded());
    }

    void go() {
      for (int step = 0; step < STEPS; step++) {
        act();
        check(step);
      }
      // The sequence really exercised the operations whose effects the invariants cover.
      assertThat(done)
          .as("successful operations")
          .containsKeys("create", "topUp", "settle", "cancel", "fulfil", "fail", "withdraw");
    }

    void act() {
      Actor user = users.get(random.nextInt(users.size()));
      BigInteger nodeId = nodeIds.get(random.nextInt(nodeIds.size()));
      int op = random.nextInt(100);
      // Nodes mostly keep reporting; sometimes one stays silent and accrues downtime.
      for (BigInteger id : nodeIds) {
        if (grid.chain.now() + 1 >= lastReport.get(id) + Grid.MIN_REPORT_INTERVAL
            && random.nextInt(10) < 7) {
          Actor node = nodeActors.get(id);
          TransactionReceipt r = node.send(node.nodes.reportUptime(BigInteger.ONE));
          lastReport.put(id, grid.chain.timestampOf(r.getBlockNumber()));
        }
      }
      if (op < 25) {
        var r =
            Scenario.res(
                1 + random.nextInt(4),
                (1 + random.nextInt(8)) * Grid.GIB + random.nextInt(1000),
                random.nextInt(100) * Grid.GIB,
                random.nextInt(3) == 0 ? random.nextInt(500) * Grid.GIB : 0);
        int ips = random.nextInt(4) == 0 ? 1 : 0;
        BigInteger deposit = Scenario.milliEther(5 + random.nextInt(200));
        byte[] spec = Scenario.payload("r" + random.nextLong());
        tryCreate(
            user,
            user.reservations.createNodeContract(
                nodeId, r, Scenario.hash(spec), BigInteger.valueOf(ips), spec, deposit),
            deposit);
      } else if (op < 30) {
        BigInteger deposit = Scenario.milliEther(1 + random.nextInt(20));
        tryCreate(user, user.reservations.createNameContract("name-" + names++, deposit), deposit);
      } else if (op < 33) {
        BigInteger deposit = Scenario.milliEther(50 + random.nextInt(200));
        tryCreate(user, user.reservations.createRentContract(nodeId, deposit), deposit);
      } else if (op < 43 && !contracts.isEmpty()) {
        BigInteger id = pick();
        BigInteger amount = Scenario.milliEther(1 + random.nextInt(50));
        if (tryAs(user, user.reservations.topUp(id, amount), amount)) {
          done.merge("topUp", 1, Integer::sum);
          deposited = deposited.add(amount);
        }
      } else if (op < 60 && !contracts.isEmpty()) {
        if (tryAs(user, user.reservations.settle(pick()), BigInteger.ZERO)) {
          done.merge("settle", 1, Integer::sum);
        }
      } else if (op < 68 && !contracts.isEmpty()) {
        BigInteger id = pick();
        Actor owner = ownerOf(id);
        if (tryAs(owner, owner.reservations.cancel(id), BigInteger.ZERO)) {
          done.merge("cancel", 1, Integer::sum);
        }
      } else if (op < 76 && !contracts.isEmpty()) {
        BigInteger id = pick();
        Actor node = nodeActors.get(s.contract(id).nodeId);
        if (node != null) {
          // Sometimes the node reports a failure instead: it settles and stops billing.
          if (random.nextInt(4) == 0) {
            if (tryAs(
                node,
                node.reservations.reportFailure(id, Scenario.payload("failed")),
                BigInteger.ZERO)) {
              done.merge("fail", 1, Integer::sum);
            }
          } else if (tryAs(
              node,
              node.reservations.reportFulfilment(id, Scenario.payload("ok")),
              BigInteger.ZERO)) {
            done.merge("fulfil", 1, Integer::sum);
          }
          tryAs(
              node,
              node.reservations.reportConsumption(id, BigInteger.valueOf(random.nextInt(1 << 30))),
              BigInteger.ZERO);
        }
      } else if (op < 90) {
        grid.chain.advance(1 + random.nextInt(random.nextInt(8) == 0 ? 4000 : 700));
      } else if (op < 96) {
        Actor who = random.nextBoolean() ? user : s.farmer;
        BigInteger credit = Actor.view(who.reservations.withdrawable(who.address));
        if (credit.signum() > 0) {
          who.send(who.reservations.withdraw());
          withdrawn = withdrawn.add(credit);
          done.merge("withdraw", 1, Integer::sum);
        }
      } else {
        BigInteger pool = Actor.view(user.reservations.feePool());
        if (pool.signum() > 0) {
          user.send(user.reservations.forwardFees());
          forwarded = forwarded.add(pool);
        }
      }
    }

    BigInteger pick() {
      return contracts.get(random.nextInt(contracts.size()));
    }

    Actor ownerOf(BigInteger id) {
      String owner = s.contract(id).owner;
      return users.stream().filter(u -> u.address.equals(owner)).findFirst().orElseThrow();
    }

    /** Sends a creation if a dry run says it succeeds (reverts are checked elsewhere). */
    void tryCreate(Actor user, RemoteFunctionCall<TransactionReceipt> call, BigInteger deposit) {
      if (wouldSucceed(user, call, deposit)) {
        user.send(call);
        done.merge("create", 1, Integer::sum);
        contracts.add(Actor.view(user.reservations.contractCount()));
        deposited = deposited.add(deposit);
      }
    }

    boolean tryAs(Actor actor, RemoteFunctionCall<TransactionReceipt> call, BigInteger value) {
      if (wouldSucceed(actor, call, value)) {
        actor.send(call);
        return true;
      }
      return false;
    }

    boolean wouldSucceed(
        Actor actor, RemoteFunctionCall<TransactionReceipt> call, BigInteger value) {
      try {
        var result =
            grid.chain
                .web3j()
                .ethCall(
                    org.web3j.protocol.core.methods.request.Transaction
                        .createFunctionCallTransaction(
                            actor.address,
                            null,
                            BigInteger.ZERO,
                            Grid.GAS_LIMIT,
                            grid.at.reservations(),
                            value,
                            call.encodeFunctionCall()),
                    org.web3j.protocol.core.DefaultBlockParameterName.LATEST)
                .send();
        return !result.hasError();
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }

    void check(int step) {
      Reservations r = s.user.reservations;
      BigInteger totalDeposited = Actor.view(r.totalDeposited());
      BigInteger escrowed = Actor.view(r.totalEscrowed());
      BigInteger paid = Actor.view(r.totalPaidToFarms());
      BigInteger fees = Actor.view(r.totalFees());
      BigInteger refunded = Actor.view(r.totalRefunded());
      String at = "step " + step;
      assertThat(totalDeposited.subtract(baseDeposited)).as(at + ": deposits").isEqualTo(deposited);
      assertThat(escrowed.add(paid).add(fees).add(refunded))
          .as(at + ": escrow + paid + fees + refunded == deposits")
          .isEqualTo(totalDeposited);
      BigInteger totalWithdrawn = Actor.view(r.totalWithdrawn());
      BigInteger totalForwarded = Actor.view(r.totalForwarded());
      assertThat(totalWithdrawn.subtract(baseWithdrawn))
          .as(at + ": withdrawn")
          .isEqualTo(withdrawn);
      assertThat(totalForwarded.subtract(baseForwarded))
          .as(at + ": forwarded")
          .isEqualTo(forwarded);
      assertThat(grid.chain.balance(grid.at.reservations()))
          .as(at + ": contract balance")
          .isEqualTo(totalDeposited.subtract(totalWithdrawn).subtract(totalForwarded));

      // Escrow and capacity, recomputed from every contract.
      BigInteger escrowSum = BigInteger.ZERO;
      Map<BigInteger, long[]> used = new HashMap<>();
      Map<BigInteger, Integer> live = new HashMap<>();
      int heldIps = 0;
      for (Object item : Actor.items(r.getContracts(BigInteger.ZERO, BigInteger.valueOf(500)))) {
        Reservations.Contract c = (Reservations.Contract) item;
        escrowSum = escrowSum.add(c.escrow);
        boolean alive = c.state.intValue() != Scenario.DELETED;
        if (alive && c.kind.intValue() == 0) {
          long[] u = used.computeIfAbsent(c.nodeId, k -> new long[4]);
          u[0] += c.resources.cru.longValueExact();
          u[1] += c.resources.mru.longValueExact();
          u[2] += c.resources.sru.longValueExact();
          u[3] += c.resources.hru.longValueExact();
          live.merge(c.nodeId, 1, Integer::sum);
          if (c.farmId.equals(s.farmId)) {
            heldIps += c.publicIpCount.intValue();
          }
        }
        if (!alive) {
          assertThat(c.escrow).as(at + ": deleted contracts hold no escrow").isZero();
        }
      }
      assertThat(escrowSum).as(at + ": sum of escrows").isEqualTo(escrowed);
      for (BigInteger nodeId : nodeIds) {
        NodeRegistry.NodeStatus n = s.status(nodeId);
        long[] u = used.getOrDefault(nodeId, new long[4]);
        assertThat(n.used.cru.longValueExact())
            .as(at + ": cru used")
            .isEqualTo(u[0])
            .isLessThanOrEqualTo(n.total.cru.longValueExact());
        assertThat(n.used.mru.longValueExact())
            .as(at + ": mru used")
            .isEqualTo(u[1])
            .isLessThanOrEqualTo(n.total.mru.longValueExact());
        assertThat(n.used.sru.longValueExact())
            .as(at + ": sru used")
            .isEqualTo(u[2])
            .isLessThanOrEqualTo(n.total.sru.longValueExact());
        assertThat(n.used.hru.longValueExact())
            .as(at + ": hru used")
            .isEqualTo(u[3])
            .isLessThanOrEqualTo(n.total.hru.longValueExact());
        assertThat(n.activeContracts.intValue())
            .as(at + ": active contracts")
            .isEqualTo(live.getOrDefault(nodeId, 0));
      }
      BigInteger free = Actor.view(s.user.farms.freePublicIpCount(s.farmId));
      assertThat(free.intValue() + heldIps).as(at + ": public IPs").isEqualTo(3);
    }
  }
}
