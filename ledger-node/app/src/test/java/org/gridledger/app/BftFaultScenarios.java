package org.gridledger.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridledger.app.BftCluster.allAtLeast;
import static org.gridledger.app.BftCluster.assertSameChain;
import static org.gridledger.app.BftCluster.await;
import static org.gridledger.app.BftCluster.maxHead;
import static org.gridledger.app.BftCluster.minHead;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.gridledger.app.BftCluster.Member;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.Keccak;

/**
 * Issue 9's fault tests on real processes (docs/consensus.md, "Fault testing"), parameterised so
 * that {@code make test} runs short versions ({@link BftFaultsTest}) and {@code make test-faults}
 * the long ones ({@link BftFaultsLongTest}). Each scenario owns its {@link BftCluster}, kills every
 * process it started whatever happens, and on failure prints the tail of every node's log.
 */
final class BftFaultScenarios {
  private static final Duration CATCH_UP = Duration.ofSeconds(90);

  private BftFaultScenarios() {}

  interface Body {
    void run(BftCluster cluster) throws Exception;
  }

  /** Runs {@code body} on a fresh cluster; on failure the logs' tails go into the error. */
  static void withCluster(String name, Optional<Integer> byzantine, List<String> args, Body body)
      throws Exception {
    try (BftCluster cluster = new BftCluster(name, byzantine, args)) {
      try {
        body.run(cluster);
        List<String> uncaught = cluster.uncaughtExceptions();
        assertThat(uncaught).as("uncaught exceptions or ERROR lines in the logs").isEmpty();
      } catch (Throwable t) {
        System.err.println("fault test " + name + " failed; node logs:" + cluster.logTails());
        throw t;
      }
    }
  }

  /** The seed of a scenario's random choices: {@code -Dgridledger.faults.seed} or the clock. */
  static long seed(String scenario) {
    long seed = Long.getLong("gridledger.faults.seed", System.nanoTime());
    System.out.println(
        scenario + ": seed " + seed + " (rerun with -Dgridledger.faults.seed=" + seed + ")");
    return seed;
  }

  private static List<Member> except(List<Member> all, Member one) {
    return all.stream().filter(m -> m != one).toList();
  }

  /**
   * {@code kill -9} of {@code together} random validators at random moments, {@code kills} times,
   * while transfers flow; each time they restart on their data directories and catch up before the
   * next kill. With one victim the other three keep finalizing meanwhile; with two, nothing is
   * final until they are back (two of four are no quorum), and then finality resumes.
   */
  static void killNineUnderLoad(int kills, int together) throws Exception {
    String name = "kill -9 x" + kills + (together > 1 ? " (" + together + " at once)" : "");
    long seed = seed(name);
    withCluster(
        "kill9-x" + kills + "-by" + together,
        Optional.empty(),
        List.of(),
        cluster -> {
          cluster.startAll();
          List<Member> all = cluster.members;
          await("block 2 on all five", CATCH_UP, () -> allAtLeast(all, 2));
          Random random = new Random(seed);
          Map<Member, Long> restartedAt = new HashMap<>();
          try (LoadDriver load = new LoadDriver(cluster, BftCluster.KEYS.subList(5, 10), 15)) {
            for (int k = 0; k < kills; k++) {
              Thread.sleep(500 + random.nextInt(3_000));
              List<Member> shuffled = new ArrayList<>(cluster.validators());
              Collections.shuffle(shuffled, random);
              List<Member> victims = List.copyOf(shuffled.subList(0, together));
              List<Member> others = all.stream().filter(m -> !victims.contains(m)).toList();
              load.avoid(victims);
              long before = maxHead(others);
              for (Member victim : victims) {
                victim.kill9();
              }
              System.out.println(
                  "kill " + (k + 1) + "/" + kills + ": " + victims + " at block " + before);
              if (together == 1) {
                await(
                    "the other three validators finalize past " + before,
                    CATCH_UP,
                    () -> minHead(others) > before);
              } else {
                Thread.sleep(2_000); // commits already on the wire may still land
                long stalled = maxHead(others);
                Thread.sleep(3_000);
                assertThat(maxHead(others))
                    .as("nothing final while two of four validators are down")
                    .isEqualTo(stalled);
              }
              Thread.sleep(random.nextInt(2_000));
              for (Member victim : victims) {
                victim.start();
              }
              if (together > 1) {
                long restarted = System.nanoTime();
                long stalledAt = maxHead(others);
                await("finality resumes", CATCH_UP, () -> maxHead(others) > stalledAt);
                System.out.println(
                    "  finality resumed "
                        + (System.nanoTime() - restarted) / 1_000_000
                        + " ms after both were up");
              }
              for (Member victim : victims) {
                await(
                    victim + " caught up after restart " + (k + 1),
                    CATCH_UP,
                    () -> victim.head() >= maxHead(others) - 1 && maxHead(others) > before);
                restartedAt.put(victim, victim.head());
              }
              load.avoid(List.of());
              load.assertHealthy();
            }
            long end = maxHead(all);
            await("3 more blocks everywhere", CATCH_UP, () -> allAtLeast(all, end + 3));
            load.stop();
            load.assertHealthy();
            long highest = load.highestSeenBlock();
            await("every node past block " + highest, CATCH_UP, () -> allAtLeast(all, highest));
            long common = assertSameChain(all);
            int checked = load.assertEveryReceiptStillThere(all);
            System.out.println(
                name
                    + ": "
                    + load.sent()
                    + " transfers sent ("
                    + load.resent()
                    + " re-sent), "
                    + checked
                    + " receipts seen and still at the same block on all five; "
                    + common
                    + " blocks equal everywhere");
            assertThat(checked).as("receipts seen").isGreaterThan(kills * 5);
            long top = maxHead(all);
            for (Member v : restartedAt.keySet()) {
              assertThat(v.head()).as("%s caught up", v).isGreaterThanOrEqualTo(top - 3);
              awaitSealBy(cluster, v, restartedAt.get(v));
            }
          }
        });
  }

  /** Waits until {@code v}'s commit seal is in the certificate of a block after {@code from}. */
  static void awaitSealBy(BftCluster cluster, Member v, long from) throws Exception {
    Member reader = cluster.full();
    long[] next = {from + 1};
    await(
        v + " seals a block after " + from,
        CATCH_UP,
        () -> {
          while (reader.head() > next[0]) {
            if (cluster.sealsOf(reader, next[0]).signers().contains(v.signer())) {
              return true;
            }
            next[0]++;
          }
          return false;
        });
  }

  /**
   * One validator frozen with SIGSTOP for {@code seconds} (several round timeouts): the other three
   * keep finalizing, its heights as proposer finish in a later round, it signs nothing; after
   * SIGCONT it catches up and seals again.
   */
  static void silence(int seconds) throws Exception {
    long seed = seed("silence " + seconds + " s");
    withCluster(
        "silence-" + seconds,
        Optional.empty(),
        List.of(),
        cluster -> {
          cluster.startAll();
          List<Member> all = cluster.members;
          await("block 2 on all five", CATCH_UP, () -> allAtLeast(all, 2));
          Member victim = cluster.validators().get(new Random(seed).nextInt(4));
          List<Member> others = except(all, victim);
          victim.signal("STOP");
          long frozenAt = maxHead(others);
          System.out.println("silence: froze " + victim + " at block " + frozenAt);
          Thread.sleep(seconds * 1000L);
          long thawedAt = minHead(others);
          assertThat(thawedAt)
              .as("blocks finalized by the other three while %s was frozen", victim)
              .isGreaterThanOrEqualTo(frozenAt + 3);
          boolean roundChange = false;
          for (long n = frozenAt + 2; n < thawedAt; n++) {
            BftCluster.Seals seals = cluster.sealsOf(cluster.full(), n);
            assertThat(seals.signers()).as("seals of block %d", n).doesNotContain(victim.signer());
            roundChange |= seals.round() > 0;
          }
          assertThat(roundChange)
              .as("a block between %d and %d committed after a round change", frozenAt, thawedAt)
              .isTrue();
          victim.signal("CONT");
          await(
              victim + " caught up after SIGCONT",
              CATCH_UP,
              () -> victim.head() >= maxHead(others) - 1);
          assertSameChain(all);
          awaitSealBy(cluster, victim, victim.head());
        });
  }

  /**
   * A 2/2 split ({@code {v0, v1, full} | {v2, v3}}) for {@code seconds}: no block becomes final on
   * either side and nobody forks; healed, finality resumes and all agree.
   */
  static void twoTwoPartition(int seconds) throws Exception {
    withCluster(
        "partition-2-2-" + seconds,
        Optional.empty(),
        List.of(),
        cluster -> {
          cluster.startAll();
          List<Member> all = cluster.members;
          await("block 2 on all five", CATCH_UP, () -> allAtLeast(all, 2));
          List<Member> v = cluster.validators();
          List<Member> sideA = List.of(v.get(0), v.get(1), cluster.full());
          List<Member> sideB = List.of(v.get(2), v.get(3));
          split(sideA, sideB);
          Thread.sleep(2_000); // a block whose commits were already on the wire may still land
          long cutAt = maxHead(all);
          System.out.println("partition 2/2: split at block " + cutAt);
          Thread.sleep(seconds * 1000L);
          assertThat(maxHead(all))
              .as("no block final on either side of a 2/2 split")
              .isEqualTo(cutAt);
          assertSameChain(all);
          heal(all);
          long healed = System.nanoTime();
          await("finality resumes after healing", CATCH_UP, () -> maxHead(all) > cutAt);
          long resumedMillis = (System.nanoTime() - healed) / 1_000_000;
          await("finality resumes after healing", CATCH_UP, () -> allAtLeast(all, cutAt + 3));
          long common = assertSameChain(all);
          System.out.println(
              "partition 2/2: healed, first block final "
                  + resumedMillis
                  + " ms later; "
                  + common
                  + " blocks equal everywhere");
        });
  }

  /**
   * One validator cut off from everyone: the other three (and the full node) go on; healed, it
   * catches up and seals again.
   */
  static void isolateOne(int seconds) throws Exception {
    long seed = seed("isolate 1 of 4");
    withCluster(
        "isolate-one-" + seconds,
        Optional.empty(),
        List.of(),
        cluster -> {
          cluster.startAll();
          List<Member> all = cluster.members;
          await("block 2 on all five", CATCH_UP, () -> allAtLeast(all, 2));
          Member victim = cluster.validators().get(new Random(seed).nextInt(4));
          List<Member> others = except(all, victim);
          split(List.of(victim), others);
          Thread.sleep(1_000);
          long cutAt = maxHead(all);
          System.out.println("isolate: cut " + victim + " off at block " + cutAt);
          await("the other three finalize 3 blocks", CATCH_UP, () -> allAtLeast(others, cutAt + 3));
          Thread.sleep(seconds * 1000L);
          assertThat(victim.head())
              .as("the isolated validator alone finalizes nothing")
              .isLessThanOrEqualTo(cutAt);
          heal(all);
          await(
              victim + " catches up after healing",
              CATCH_UP,
              () -> victim.head() >= maxHead(others) - 1);
          assertSameChain(all);
          awaitSealBy(cluster, victim, victim.head());
        });
  }

  private static void split(List<Member> a, List<Member> b) throws IOException {
    for (Member m : a) {
      m.cutOff(b);
    }
    for (Member m : b) {
      m.cutOff(a);
    }
  }

  private static void heal(List<Member> all) throws IOException {
    for (Member m : all) {
      m.cutOff(List.of());
    }
  }

  /**
   * Validator 3 equivocates (conflicting proposals and votes to the two halves of its peers): the
   * honest nodes never disagree, the chain keeps finalizing, and their evidence slashes and jails
   * it in Staking.
   */
  static void equivocation() throws Exception {
    withCluster(
        "equivocation",
        Optional.of(3),
        List.of("--byzantine", "equivocate"),
        cluster -> {
          cluster.startAll();
          List<Member> all = cluster.members;
          Member byzantine = cluster.validators().get(3);
          List<Member> honest = except(all, byzantine);
          Address operator = BftCluster.KEYS.get(4).address();
          Member reader = cluster.full();
          long candidate =
              callWord(reader, "candidateOf(address)", addressWord(operator), 0, "latest")
                  .longValueExact();
          assertThat(candidate).as("the byzantine validator's candidate id").isPositive();
          // Before: at genesis (the evidence may be in a block by the time all five are up).
          BigInteger stakeBefore = candidateField(reader, candidate, 6, "0x0");
          assertThat(candidateField(reader, candidate, 3, "0x0")).as("jailed before").isZero();
          assertThat(candidateField(reader, candidate, 1, "0x0"))
              .as("its signer")
              .isEqualTo(new BigInteger(1, byzantine.signer().toArray()));
          await(
              "the equivocator jailed in Staking",
              CATCH_UP,
              () -> candidateField(reader, candidate, 3, "latest").signum() != 0);
          long slashedAt = reader.head();
          BigInteger stakeAfter = candidateField(reader, candidate, 6, "latest");
          System.out.println(
              "equivocation: jailed by block "
                  + slashedAt
                  + ", bonded stake "
                  + stakeBefore
                  + " -> "
                  + stakeAfter);
          assertThat(stakeAfter).as("slashed").isLessThan(stakeBefore);
          await(
              "the honest nodes finalize 12 more blocks",
              CATCH_UP,
              () -> allAtLeast(honest, slashedAt + 12));
          long common = assertSameChain(honest);
          System.out.println("equivocation: " + common + " blocks equal on the honest nodes");
        });
  }

  private static String addressWord(Address a) {
    return "0".repeat(24) + Hex.encodeNoPrefix(a.toArray());
  }

  private static BigInteger candidateField(Member node, long candidate, int word, String block)
      throws IOException, InterruptedException {
    return callWord(node, "getCandidate(uint32)", String.format("%064x", candidate), word, block);
  }

  /** {@code eth_call} of Staking at {@code block}; returns 32-byte word {@code word}. */
  private static BigInteger callWord(
      Member node, String signature, String args, int word, String block)
      throws IOException, InterruptedException {
    String selector =
        Hex.encodeNoPrefix(Keccak.of(signature.getBytes(StandardCharsets.US_ASCII)).toArray())
            .substring(0, 8);
    String result =
        node.rpc
            .result(
                "eth_call",
                "[{\"to\":\""
                    + BftCluster.STAKING
                    + "\",\"data\":\"0x"
                    + selector
                    + args
                    + "\"}, \""
                    + block
                    + "\"]")
            .asText();
    String hex = result.substring(2);
    return new BigInteger(hex.substring(word * 64, word * 64 + 64), 16);
  }
}
