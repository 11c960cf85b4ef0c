package org.gridledger.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.gridledger.consensus.BftConfig;
import org.gridledger.consensus.sim.BftSimulation.Node;
import org.gridledger.consensus.sim.BftSimulation.Role;
import org.gridledger.evm.crypto.PrivateKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Many seeded runs with random validator counts and weights, message delays, drops, duplicates, a
 * partition until GST, and possibly one silent or equivocating validator of less than 1/3 of the
 * weight: safety always, evidence against nobody but the equivocator, and liveness after GST.
 */
class RandomizedFaultsTest {
  static IntStream seeds() {
    return IntStream.range(0, 40);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void safeAlwaysAndLiveAfterGst(int seed) {
    Random r = new Random(seed * 7919L + 1);
    int n = 4 + r.nextInt(4);
    List<Long> weights = new ArrayList<>();
    long total = 0;
    for (int i = 0; i < n; i++) {
      long w = 1 + r.nextInt(4);
      weights.add(w);
      total += w;
    }
    List<Role> roles = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      roles.add(Role.HONEST);
    }
    int faulty = r.nextInt(n);
    int fault = r.nextInt(3); // none, silent, equivocating
    if (fault > 0 && weights.get(faulty) * 3 < total) {
      roles.set(faulty, fault == 1 ? Role.SILENT : Role.EQUIVOCATING);
    }
    List<PrivateKey> keys = BftSimulation.keys(n);
    BftConfig config = BftSimulation.testConfig(5 + r.nextInt(20));
    BftSimulation sim =
        new BftSimulation(
            seed,
            config,
            keys,
            Map.of(
                0L,
                BftSimulation.validators(keys, IntStream.range(0, n).boxed().toList(), weights)),
            roles);
    sim.minDelay = 1;
    sim.maxDelay = 50 + r.nextInt(500);
    sim.dropRate = 0.3 * r.nextDouble();
    sim.duplicateRate = 0.2 * r.nextDouble();
    sim.gst = 10_000 + r.nextInt(30_000);
    sim.delayAfterGst = 20 + r.nextInt(100);
    if (r.nextBoolean()) {
      Set<Integer> side = new HashSet<>();
      for (int i = 0; i < n; i++) {
        if (r.nextBoolean()) {
          side.add(i);
        }
      }
      sim.setReachable(
          (a, b) -> sim.scheduler().now() >= sim.gst || side.contains(a) == side.contains(b));
    }
    sim.start();
    sim.scheduler().runUntil(sim.gst);
    sim.assertSafety();
    long atGst = sim.maxHeight();
    boolean live = sim.runUntilHonestHeight(atGst + 3, sim.gst + 3_600_000);
    sim.assertSafety();
    assertThat(live)
        .as(
            "seed %d: honest heights %s after GST at height %d",
            seed, sim.honestNodes().stream().map(Node::height).toList(), atGst)
        .isTrue();
    for (Node node : sim.honestNodes()) {
      for (org.gridledger.consensus.evidence.Evidence e : node.evidence) {
        assertThat(sim.nodes().stream().filter(x -> x.address.equals(e.signer())).findFirst())
            .as("evidence only against the equivocating validator")
            .hasValueSatisfying(x -> assertThat(x.role).isEqualTo(Role.EQUIVOCATING));
      }
    }
  }
}
