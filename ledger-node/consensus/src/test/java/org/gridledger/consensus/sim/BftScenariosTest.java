package org.gridledger.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridledger.consensus.BftConfig;
import org.gridledger.consensus.evidence.Evidence;
import org.gridledger.consensus.header.BftExtraData;
import org.gridledger.consensus.header.FinalityVerifier;
import org.gridledger.consensus.header.ValidatorSetTracker;
import org.gridledger.consensus.sim.BftSimulation.Committed;
import org.gridledger.consensus.sim.BftSimulation.Node;
import org.gridledger.consensus.sim.BftSimulation.Role;
import org.gridledger.consensus.validator.Validator;
import org.gridledger.consensus.validator.ValidatorSet;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.junit.jupiter.api.Test;

/** The scenarios of docs/consensus.md, "Tests", on the simulated network. */
class BftScenariosTest {
  private static final BftConfig CONFIG = BftSimulation.testConfig(1000);

  @Test
  void fourValidatorsFinalizeASequenceOfBlocksInRoundZero() {
    BftSimulation sim = BftSimulation.honest(1, 4, CONFIG);
    sim.start();
    assertThat(sim.runUntilHonestHeight(20, 60_000)).isTrue();
    sim.assertSafety();
    for (Node n : sim.nodes()) {
      assertThat(n.chain.values()).allMatch(c -> c.certificate().round() == 0);
      assertThat(n.evidence).isEmpty();
    }
    // Every proposer took its turn: round robin over (height + round).
    Node n0 = sim.node(0);
    for (long h = 1; h <= 8; h++) {
      String vanity = new String(BftExtraData.of(n0.chain.get(h).block().header()).vanity()).trim();
      assertThat(vanity).startsWith("node " + (h % 4) + " round 0");
    }
    // Each child header proves its parent final from headers alone.
    FinalityVerifier finality = new FinalityVerifier(sim.verifier());
    ValidatorSet set = sim.scheduledSet(1);
    for (long h = 1; h < 20; h++) {
      BlockHeader header = n0.chain.get(h).block().header();
      BlockHeader child = n0.chain.get(h + 1).block().header();
      assertThat(finality.verify(header, child, set).isFinal()).as("block %d", h).isTrue();
    }
  }

  @Test
  void oneSilentValidatorStillFinalizesWithRoundChangesWhenItProposes() {
    BftSimulation sim = sim(4, List.of(1L, 1L, 1L, 1L), roles(Role.HONEST, 3, Role.SILENT), 2);
    sim.start();
    assertThat(sim.runUntilHonestHeight(12, 600_000)).isTrue();
    sim.assertSafety();
    Node n0 = sim.node(0);
    // Heights where node 3 proposes round 0 (h mod 4 = 3) finish in a later round.
    assertThat(n0.chain.get(3L).certificate().round()).isGreaterThan(0);
    assertThat(n0.chain.get(7L).certificate().round()).isGreaterThan(0);
    assertThat(n0.chain.get(4L).certificate().round()).isZero();
    // The silent validator never signs a seal.
    Address silent = sim.node(3).address;
    FinalityCounter seals = new FinalityCounter(sim);
    assertThat(seals.signersOf(n0)).doesNotContain(silent);
  }

  @Test
  void oneEquivocatingValidatorCannotForkAndIsReported() {
    BftSimulation sim =
        sim(4, List.of(1L, 1L, 1L, 1L), roles(Role.HONEST, 3, Role.EQUIVOCATING), 3);
    sim.start();
    assertThat(sim.runUntilHonestHeight(12, 600_000)).isTrue();
    sim.assertSafety();
    List<Evidence> evidence = sim.honestNodes().stream().flatMap(n -> n.evidence.stream()).toList();
    assertThat(evidence).isNotEmpty();
    Address byzantine = sim.node(3).address;
    for (Evidence e : evidence) {
      assertThat(e.signer()).isEqualTo(byzantine);
      IndependentStaking.assertValidEvidence(e, BftSimulation.CHAIN_ID, byzantine);
    }
  }

  @Test
  void aBlockPreparedByAQuorumIsLockedAndReProposedInTheNextRound() {
    BftSimulation sim = BftSimulation.honest(10, 4, CONFIG);
    // Every COMMIT of height 1, round 0 is lost: the validators prepare node 1's block but cannot
    // commit it in round 0.
    sim.dropMessage =
        m ->
            m instanceof org.gridledger.consensus.message.Commit
                && m.height() == 1
                && m.round() == 0;
    sim.start();
    assertThat(sim.runUntilHonestHeight(3, 600_000)).isTrue();
    sim.assertSafety();
    Committed first = sim.node(0).chain.get(1L);
    assertThat(first.certificate().round()).isGreaterThan(0);
    // The round-1 proposer (node 2) re-proposed the prepared block of node 1 instead of its own.
    String vanity = new String(BftExtraData.of(first.block().header()).vanity()).trim();
    assertThat(vanity).startsWith("node 1 round 0");
  }

  @Test
  void twoTwoPartitionHasNoFinalityAndNoForkThenResumesAfterHealing() {
    BftSimulation sim = BftSimulation.honest(4, 4, CONFIG);
    sim.partition(List.of(Set.of(0, 1), Set.of(2, 3)));
    sim.start();
    sim.scheduler().runUntil(60_000);
    assertThat(sim.maxHeight()).isZero();
    sim.heal();
    assertThat(sim.runUntilHonestHeight(5, sim.scheduler().now() + 3_600_000)).isTrue();
    sim.assertSafety();
  }

  @Test
  void anIsolatedThirdLetsTheOtherThreeContinueAndCatchesUpAfterwards() {
    BftSimulation sim = BftSimulation.honest(5, 4, CONFIG);
    sim.setReachable((a, b) -> (a == 3) == (b == 3));
    sim.start();
    assertThat(sim.scheduler().runUntil(() -> sim.node(0).height() >= 15, 120_000)).isTrue();
    assertThat(sim.node(1).height()).isGreaterThanOrEqualTo(14);
    assertThat(sim.node(3).height()).isZero();
    sim.heal();
    long target = sim.node(0).height() + 3;
    assertThat(sim.runUntilHonestHeight(target, sim.scheduler().now() + 600_000)).isTrue();
    sim.assertSafety();
  }

  @Test
  void unequalStakesCountByWeight() {
    // Weights 3, 2, 2, 1 (total 8): a quorum needs weight 6.
    BftSimulation withoutSmallest =
        sim(4, List.of(3L, 2L, 2L, 1L), roles(Role.HONEST, 3, Role.SILENT), 6);
    withoutSmallest.start();
    assertThat(withoutSmallest.runUntilHonestHeight(8, 600_000)).isTrue();
    withoutSmallest.assertSafety();

    // Without the weight-3 validator only 5 of 8 remain: no block may become final.
    BftSimulation withoutLargest =
        sim(4, List.of(3L, 2L, 2L, 1L), roles(Role.HONEST, 0, Role.SILENT), 7);
    withoutLargest.start();
    withoutLargest.scheduler().runUntil(120_000);
    assertThat(withoutLargest.maxHeight()).isZero();

    // Three of four equal validators would be enough; here 1 + 2 + 2 is not.
    BftSimulation smallTwo = sim(4, List.of(3L, 2L, 2L, 1L), roles(Role.HONEST, 1, Role.SILENT), 8);
    smallTwo.start();
    assertThat(smallTwo.runUntilHonestHeight(8, 600_000)).isTrue();
    smallTwo.assertSafety();
  }

  @Test
  void validatorSetChangesAtEpochBoundariesAndALightClientFollowsIt() {
    BftConfig config = BftSimulation.testConfig(4);
    List<PrivateKey> keys = BftSimulation.keys(5);
    List<Validator> epoch0 =
        BftSimulation.validators(keys, List.of(0, 1, 2, 3), List.of(1L, 1L, 1L, 1L));
    List<Validator> epoch1 =
        BftSimulation.validators(keys, List.of(4, 0, 1, 2, 3), List.of(5L, 2L, 2L, 2L, 2L));
    List<Validator> epoch2 =
        BftSimulation.validators(keys, List.of(4, 1, 2, 3), List.of(1L, 1L, 1L, 1L));
    BftSimulation sim =
        new BftSimulation(
            9,
            config,
            keys,
            Map.of(0L, epoch0, 1L, epoch1, 2L, epoch2),
            List.of(Role.HONEST, Role.HONEST, Role.HONEST, Role.HONEST, Role.HONEST));
    sim.start();
    assertThat(sim.runUntilHonestHeight(16, 600_000)).isTrue();
    sim.assertSafety();

    Node follower = sim.node(1);
    // The epoch-end headers name the next set; the others name none.
    assertThat(BftExtraData.of(follower.chain.get(3L).block().header()).validators())
        .isEqualTo(epoch1);
    assertThat(BftExtraData.of(follower.chain.get(7L).block().header()).validators())
        .isEqualTo(epoch2);
    assertThat(BftExtraData.of(follower.chain.get(5L).block().header()).validators()).isEmpty();

    // A light client moves through the epochs with the epoch-end headers and their children.
    ValidatorSetTracker tracker =
        new ValidatorSetTracker(sim.genesis(), config, new FinalityVerifier(sim.verifier()));
    tracker.advance(header(follower, 3), header(follower, 4));
    tracker.advance(header(follower, 7), header(follower, 8));
    tracker.advance(header(follower, 11), header(follower, 12));
    assertThat(tracker.validatorsAt(2)).isEqualTo(new ValidatorSet(epoch0));
    assertThat(tracker.validatorsAt(5)).isEqualTo(new ValidatorSet(epoch1));
    assertThat(tracker.validatorsAt(9)).isEqualTo(new ValidatorSet(epoch2));
    assertThat(tracker.validatorsAt(13)).isEqualTo(new ValidatorSet(epoch2));
    for (long h = 1; h < 16; h++) {
      assertThat(tracker.verifyFinal(header(follower, h), header(follower, h + 1)).isFinal())
          .as("block %d", h)
          .isTrue();
    }
    // The joining validator seals in epochs 1 and 2; the leaving one not in epoch 2.
    FinalityCounter seals = new FinalityCounter(sim);
    assertThat(seals.signersOf(follower, 4, 7)).contains(keys.get(4).address());
    assertThat(seals.signersOf(follower, 8, 15)).doesNotContain(keys.get(0).address());
    assertThat(seals.signersOf(follower, 1, 3)).doesNotContain(keys.get(4).address());
  }

  private static BlockHeader header(Node n, long h) {
    return n.chain.get(h).block().header();
  }

  static List<Role> roles(Role base, int special, Role role) {
    Role[] rs = {base, base, base, base};
    rs[special] = role;
    return List.of(rs);
  }

  static BftSimulation sim(int n, List<Long> weights, List<Role> roles, long seed) {
    List<PrivateKey> keys = BftSimulation.keys(n);
    List<Integer> idx = java.util.stream.IntStream.range(0, n).boxed().toList();
    return new BftSimulation(
        seed, CONFIG, keys, Map.of(0L, BftSimulation.validators(keys, idx, weights)), roles);
  }

  /** Recovers the signers of the certificates a node holds. */
  record FinalityCounter(BftSimulation sim) {
    java.util.Set<Address> signersOf(Node n) {
      return signersOf(n, 1, n.height());
    }

    java.util.Set<Address> signersOf(Node n, long from, long to) {
      java.util.Set<Address> signers = new java.util.HashSet<>();
      for (long h = from; h <= to; h++) {
        Committed c = n.chain.get(h);
        c.certificate()
            .votes(h, c.block().hash())
            .forEach(v -> signers.add(sim.verifier().signer(v).orElseThrow()));
      }
      return signers;
    }
  }
}
