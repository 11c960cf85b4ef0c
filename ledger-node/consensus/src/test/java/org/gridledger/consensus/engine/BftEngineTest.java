package org.gridledger.consensus.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.gridledger.consensus.BftConfig;
import org.gridledger.consensus.header.BftExtraData;
import org.gridledger.consensus.header.CommitCertificate;
import org.gridledger.consensus.message.Commit;
import org.gridledger.consensus.message.ConsensusMessage;
import org.gridledger.consensus.message.Prepare;
import org.gridledger.consensus.message.PreparedClaim;
import org.gridledger.consensus.message.Proposal;
import org.gridledger.consensus.message.RoundChange;
import org.gridledger.consensus.message.SignedVote;
import org.gridledger.consensus.message.Vote;
import org.gridledger.consensus.message.VoteType;
import org.gridledger.consensus.message.VoteVerifier;
import org.gridledger.consensus.sim.BftSimulation;
import org.gridledger.consensus.sim.SimChain;
import org.gridledger.consensus.validator.ValidatorSet;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Hash;
import org.junit.jupiter.api.Test;

/** The engine as a pure state machine: inputs in, actions out (docs/consensus.md rules 1-7). */
class BftEngineTest {
  private static final BftConfig CONFIG = BftSimulation.testConfig(100);
  private static final long CHAIN = CONFIG.chainId();
  private final List<PrivateKey> keys = BftSimulation.keys(4);
  private final ValidatorSet set =
      new ValidatorSet(
          BftSimulation.validators(keys, List.of(0, 1, 2, 3), List.of(1L, 1L, 1L, 1L)));
  private final BlockHeader genesis = SimChain.genesis(set.validators());
  private final Block blockB = SimChain.block(genesis, "B", List.of(), CommitCertificate.EMPTY);
  private final Block blockC = SimChain.block(genesis, "C", List.of(), CommitCertificate.EMPTY);
  private final BftEngine engine =
      new BftEngine(
          CONFIG, keys.get(0), new VoteVerifier(CHAIN), genesis, CommitCertificate.EMPTY, set, set);

  private SignedVote vote(int key, VoteType type, int round, Hash value) {
    return SignedVote.sign(new Vote(type, 1, round, value), CHAIN, keys.get(key));
  }

  private static List<ConsensusMessage> broadcasts(List<Action> actions) {
    return actions.stream()
        .filter(a -> a instanceof Action.Broadcast)
        .map(a -> ((Action.Broadcast) a).message())
        .toList();
  }

  /**
   * Nothing but evidence: no vote, no validation (the test's proposer signs several proposals for
   * one round, which the engine rightly reports).
   */
  private static boolean onlyEvidence(List<Action> actions) {
    return actions.stream().allMatch(a -> a instanceof Action.ReportEvidence);
  }

  private List<SignedVote> prepares(int round, Hash h, int... signers) {
    return java.util.Arrays.stream(signers)
        .mapToObj(k -> vote(k, VoteType.PREPARE, round, h))
        .toList();
  }

  private RoundChange roundChange(int key, int round, Optional<PreparedClaim> claim, Block block) {
    return new RoundChange(
        vote(key, VoteType.ROUND_CHANGE, round, RoundChange.claimValue(claim)),
        claim,
        Optional.ofNullable(block),
        block == null ? List.of() : prepares(claim.get().round(), block.hash(), 1, 2, 3));
  }

  @Test
  void roundZeroProposalPrepareCommit() {
    List<Action> start = engine.start();
    assertThat(start)
        .containsExactly(
            new Action.ScheduleTimeout(new Timeout(Timeout.Kind.ROUND, 1, 0), 500)); // 100 + 400
    // Node 1 proposes height 1 (round robin: (1 + 0) mod 4).
    List<Action> a =
        engine.onMessage(
            new Proposal(
                vote(1, VoteType.PROPOSAL, 0, blockB.hash()), blockB, List.of(), List.of()));
    assertThat(a).containsExactly(new Action.ValidateBlock(blockB));
    a = engine.onBlockValidated(blockB.hash(), true);
    assertThat(broadcasts(a))
        .containsExactly(new Prepare(vote(0, VoteType.PREPARE, 0, blockB.hash())));
    assertThat(
            broadcasts(engine.onMessage(new Prepare(vote(1, VoteType.PREPARE, 0, blockB.hash())))))
        .isEmpty();
    a = engine.onMessage(new Prepare(vote(2, VoteType.PREPARE, 0, blockB.hash())));
    assertThat(broadcasts(a))
        .containsExactly(new Commit(vote(0, VoteType.COMMIT, 0, blockB.hash())));
    engine.onMessage(new Commit(vote(3, VoteType.COMMIT, 0, blockB.hash())));
    a = engine.onMessage(new Commit(vote(1, VoteType.COMMIT, 0, blockB.hash())));
    Action.CommitBlock commit =
        a.stream()
            .filter(x -> x instanceof Action.CommitBlock)
            .map(x -> (Action.CommitBlock) x)
            .findFirst()
            .orElseThrow();
    assertThat(commit.block()).isEqualTo(blockB);
    assertThat(commit.certificate().seals()).hasSize(3);
    assertThat(engine.height()).isEqualTo(2);
    // Height 2: node 2 proposes; node 0 waits for it with a fresh round timer.
    assertThat(a).contains(new Action.ScheduleTimeout(new Timeout(Timeout.Kind.ROUND, 2, 0), 500));
  }

  @Test
  void aSecondProposalInTheSameRoundIsNotPreparedAndIsEvidence() {
    engine.start();
    engine.onMessage(
        new Proposal(vote(1, VoteType.PROPOSAL, 0, blockB.hash()), blockB, List.of(), List.of()));
    engine.onBlockValidated(blockB.hash(), true);
    List<Action> a =
        engine.onMessage(
            new Proposal(
                vote(1, VoteType.PROPOSAL, 0, blockC.hash()), blockC, List.of(), List.of()));
    assertThat(broadcasts(a)).isEmpty();
    assertThat(a).hasSize(1).first().isInstanceOf(Action.ReportEvidence.class);
  }

  /**
   * The fault suite's equivocation stall: this node prepared the equivocating proposer's twin block
   * and heard the proposer's twin COMMIT first; the quorum the others reached for the original
   * block counts the proposer's original COMMIT, which reaches this node later by relay.
   */
  @Test
  void anEquivocatorsSecondVoteStillCountsForTheBlockTheOthersCommitted() {
    engine.start();
    engine.onMessage(
        new Proposal(vote(1, VoteType.PROPOSAL, 0, blockC.hash()), blockC, List.of(), List.of()));
    engine.onBlockValidated(blockC.hash(), true);
    engine.onMessage(
        new Proposal(vote(1, VoteType.PROPOSAL, 0, blockB.hash()), blockB, List.of(), List.of()));
    Hash junk = Hash.wrap(new byte[32]);
    assertThat(engine.onMessage(new Commit(vote(1, VoteType.COMMIT, 0, junk))))
        .noneMatch(a -> a instanceof Action.CommitBlock);
    engine.onMessage(new Commit(vote(2, VoteType.COMMIT, 0, blockB.hash())));
    assertThat(engine.onMessage(new Commit(vote(3, VoteType.COMMIT, 0, blockB.hash()))))
        .noneMatch(a -> a instanceof Action.CommitBlock);
    List<Action> a = engine.onMessage(new Commit(vote(1, VoteType.COMMIT, 0, blockB.hash())));
    assertThat(a)
        .filteredOn(x -> x instanceof Action.CommitBlock)
        .singleElement()
        .satisfies(x -> assertThat(((Action.CommitBlock) x).block()).isEqualTo(blockB));
    assertThat(engine.height()).isEqualTo(2);
  }

  @Test
  void aSignerKeepsAtMostAFewValuesPerRound() {
    engine.start();
    for (int i = 0; i < VoteTally.VALUES_PER_SIGNER + 3; i++) {
      byte[] b = new byte[32];
      b[0] = (byte) (i + 1);
      engine.onMessage(new Commit(vote(1, VoteType.COMMIT, 0, Hash.wrap(b))));
    }
    engine.onMessage(
        new Proposal(vote(1, VoteType.PROPOSAL, 0, blockB.hash()), blockB, List.of(), List.of()));
    engine.onMessage(new Commit(vote(2, VoteType.COMMIT, 0, blockB.hash())));
    engine.onMessage(new Commit(vote(3, VoteType.COMMIT, 0, blockB.hash())));
    assertThat(engine.onMessage(new Commit(vote(1, VoteType.COMMIT, 0, blockB.hash()))))
        .as("the flooding signer's vote beyond the limit is dropped")
        .noneMatch(x -> x instanceof Action.CommitBlock);
    assertThat(engine.height()).isEqualTo(1);
  }

  @Test
  void aPeerThatConnectsGetsThisRoundsRoundChangeAndVotesAgain() {
    engine.start();
    assertThat(engine.onPeerConnected()).as("round 0, nothing said yet").isEmpty();
    engine.onTimeout(new Timeout(Timeout.Kind.ROUND, 1, 0));
    List<Action> timedOut = engine.onTimeout(new Timeout(Timeout.Kind.ROUND, 1, 1));
    assertThat(engine.round()).isEqualTo(2);
    RoundChange mine = (RoundChange) broadcasts(timedOut).getFirst();
    assertThat(broadcasts(engine.onPeerConnected())).containsExactly(mine);

    // Round 2's proposer (node 3) proposes B; this node prepares it: the PREPARE is re-sent too.
    List<RoundChange> rcs =
        List.of(
            roundChange(1, 2, Optional.empty(), null),
            roundChange(2, 2, Optional.empty(), null),
            roundChange(3, 2, Optional.empty(), null));
    engine.onMessage(
        new Proposal(vote(3, VoteType.PROPOSAL, 2, blockB.hash()), blockB, rcs, List.of()));
    engine.onBlockValidated(blockB.hash(), true);
    assertThat(broadcasts(engine.onPeerConnected()))
        .containsExactly(mine, new Prepare(vote(0, VoteType.PREPARE, 2, blockB.hash())));
  }

  @Test
  void proposalsFromTheWrongProposerAreIgnored() {
    engine.start();
    assertThat(
            engine.onMessage(
                new Proposal(
                    vote(2, VoteType.PROPOSAL, 0, blockB.hash()), blockB, List.of(), List.of())))
        .isEmpty();
  }

  @Test
  void aTimeoutMovesToTheNextRoundWithARoundChangeAndDoublesTheTimer() {
    engine.start();
    List<Action> a = engine.onTimeout(new Timeout(Timeout.Kind.ROUND, 1, 0));
    assertThat(engine.round()).isEqualTo(1);
    assertThat(a).contains(new Action.ScheduleTimeout(new Timeout(Timeout.Kind.ROUND, 1, 1), 800));
    assertThat(broadcasts(a)).hasSize(1).first().isInstanceOf(RoundChange.class);
    a = engine.onTimeout(new Timeout(Timeout.Kind.ROUND, 1, 1));
    assertThat(a).contains(new Action.ScheduleTimeout(new Timeout(Timeout.Kind.ROUND, 1, 2), 1600));
    // A stale timer does nothing.
    assertThat(engine.onTimeout(new Timeout(Timeout.Kind.ROUND, 1, 0))).isEmpty();
  }

  @Test
  void aRoundOneProposalMustCarryTheHighestPreparedBlock() {
    engine.start();
    PreparedClaim claimB = new PreparedClaim(0, blockB.hash());
    List<RoundChange> justification =
        List.of(
            roundChange(1, 1, Optional.of(claimB), blockB).withoutAttachments(),
            roundChange(2, 1, Optional.empty(), null),
            roundChange(3, 1, Optional.empty(), null));
    // Proposer of (1, 1) is node 2. Proposing C despite B being prepared is not justified.
    Proposal wrong =
        new Proposal(
            vote(2, VoteType.PROPOSAL, 1, blockC.hash()),
            blockC,
            justification,
            prepares(0, blockB.hash(), 1, 2, 3));
    assertThat(onlyEvidence(engine.onMessage(wrong))).isTrue();
    assertThat(engine.round()).isZero();
    // B without the prepared certificate is not justified either.
    Proposal noCertificate =
        new Proposal(
            vote(2, VoteType.PROPOSAL, 1, blockB.hash()), blockB, justification, List.of());
    assertThat(onlyEvidence(engine.onMessage(noCertificate))).isTrue();
    // Two round changes are no quorum.
    Proposal tooFew =
        new Proposal(
            vote(2, VoteType.PROPOSAL, 1, blockB.hash()),
            blockB,
            justification.subList(0, 2),
            prepares(0, blockB.hash(), 1, 2, 3));
    assertThat(onlyEvidence(engine.onMessage(tooFew))).isTrue();
    assertThat(engine.round()).isZero();
    // Re-proposing B with the certificate is: the engine moves to round 1 and validates B.
    Proposal right =
        new Proposal(
            vote(2, VoteType.PROPOSAL, 1, blockB.hash()),
            blockB,
            justification,
            prepares(0, blockB.hash(), 1, 2, 3));
    List<Action> a = engine.onMessage(right);
    assertThat(engine.round()).isEqualTo(1);
    assertThat(a).contains(new Action.ValidateBlock(blockB));
    assertThat(broadcasts(engine.onBlockValidated(blockB.hash(), true)))
        .containsExactly(new Prepare(vote(0, VoteType.PREPARE, 1, blockB.hash())));
  }

  @Test
  void theRoundOneProposerReProposesThePreparedBlockItLearnsFromRoundChanges() {
    // Node 0 proposes round 3 at height 1: (1 + 3) mod 4 = 0.
    engine.start();
    for (int r = 0; r < 2; r++) {
      engine.onTimeout(new Timeout(Timeout.Kind.ROUND, 1, r));
    }
    PreparedClaim claimB = new PreparedClaim(1, blockB.hash());
    engine.onTimeout(new Timeout(Timeout.Kind.ROUND, 1, 2));
    engine.onMessage(roundChange(1, 3, Optional.of(claimB), blockB));
    List<Action> a = engine.onMessage(roundChange(2, 3, Optional.empty(), null));
    Proposal p = (Proposal) broadcasts(a).getFirst();
    assertThat(p.block()).isEqualTo(blockB);
    assertThat(p.round()).isEqualTo(3);
    assertThat(p.justification()).hasSize(3);
    assertThat(p.preparedCertificate()).hasSize(3);
    assertThat(BftExtraData.of(p.block().header()).parentCertificate())
        .isEqualTo(CommitCertificate.EMPTY);
  }

  @Test
  void aNodeBehindAsksForSyncAndAcceptsOnlyCertifiedBlocks() {
    engine.start();
    SignedVote ahead =
        SignedVote.sign(new Vote(VoteType.PREPARE, 5, 0, blockB.hash()), CHAIN, keys.get(3));
    List<Action> a = engine.onMessage(new Prepare(ahead));
    assertThat(a).containsExactly(new Action.RequestSync(1, keys.get(3).address()));
    // Two seals are not enough; three are.
    assertThat(
            engine.onCertifiedBlock(
                blockB,
                CommitCertificate.of(
                    0,
                    List.of(
                        new CommitCertificate.SignerVote(
                            keys.get(1).address(), vote(1, VoteType.COMMIT, 0, blockB.hash())),
                        new CommitCertificate.SignerVote(
                            keys.get(2).address(), vote(2, VoteType.COMMIT, 0, blockB.hash()))))))
        .isEmpty();
    List<Action> ok =
        engine.onCertifiedBlock(
            blockB,
            CommitCertificate.of(
                0,
                List.of(1, 2, 3).stream()
                    .map(
                        k ->
                            new CommitCertificate.SignerVote(
                                keys.get(k).address(), vote(k, VoteType.COMMIT, 0, blockB.hash())))
                    .toList()));
    assertThat(ok.getFirst()).isInstanceOf(Action.CommitBlock.class);
    assertThat(engine.height()).isEqualTo(2);
  }

  @Test
  void aRestartedValidatorNeverContradictsAVoteInItsSigningLog() {
    InMemorySigningLog log = new InMemorySigningLog();
    BftEngine before =
        new BftEngine(
            CONFIG,
            keys.get(0),
            new VoteVerifier(CHAIN),
            genesis,
            CommitCertificate.EMPTY,
            set,
            set,
            log);
    before.start();
    before.onMessage(
        new Proposal(vote(1, VoteType.PROPOSAL, 0, blockB.hash()), blockB, List.of(), List.of()));
    assertThat(broadcasts(before.onBlockValidated(blockB.hash(), true))).hasSize(1);

    // After a restart the proposer (Byzantine) shows it block C for the same round first.
    BftEngine after =
        new BftEngine(
            CONFIG,
            keys.get(0),
            new VoteVerifier(CHAIN),
            genesis,
            CommitCertificate.EMPTY,
            set,
            set,
            log);
    after.start();
    after.onMessage(
        new Proposal(vote(1, VoteType.PROPOSAL, 0, blockC.hash()), blockC, List.of(), List.of()));
    assertThat(broadcasts(after.onBlockValidated(blockC.hash(), true))).isEmpty();
    assertThat(log.find(1, 0, VoteType.PREPARE).orElseThrow().vote().value())
        .isEqualTo(blockB.hash());
  }

  @Test
  void aJoiningValidatorsFirstMessagesAreKeptOnceTheEpochEndProposalNamesIt() {
    // Epochs of 2 blocks: height 1 is epoch 0's last block; its proposal names {0,1,2,3,4}.
    BftConfig config = BftSimulation.testConfig(2);
    List<PrivateKey> five = BftSimulation.keys(5);
    ValidatorSet next =
        new ValidatorSet(
            BftSimulation.validators(five, List.of(0, 1, 2, 3, 4), List.of(1L, 1L, 1L, 1L, 1L)));
    Block epochEnd = SimChain.block(genesis, "E", next.validators(), CommitCertificate.EMPTY);
    BftEngine e =
        new BftEngine(
            config,
            keys.get(0),
            new VoteVerifier(CHAIN),
            genesis,
            CommitCertificate.EMPTY,
            set,
            set);
    e.start();
    assertThat(e.nextEpochValidators()).isEmpty();
    // The newcomer (key 4) prepares height 2 before this node has even seen height 1's proposal:
    // not yet known, so dropped.
    Hash someBlock = Hash.fromHex("0x" + "ab".repeat(32));
    SignedVote early =
        SignedVote.sign(new Vote(VoteType.PREPARE, 2, 0, someBlock), CHAIN, five.get(4));
    assertThat(e.onMessage(new Prepare(early))).isEmpty();
    e.onMessage(
        new Proposal(
            vote(1, VoteType.PROPOSAL, 0, epochEnd.hash()), epochEnd, List.of(), List.of()));
    assertThat(e.nextEpochValidators()).isEmpty(); // not validated yet
    e.onBlockValidated(epochEnd.hash(), true);
    assertThat(e.nextEpochValidators()).contains(next);
    // Now the newcomer's message for height 2 is buffered (and shows the node is behind).
    SignedVote later =
        SignedVote.sign(
            new Vote(VoteType.PREPARE, 2, 0, Hash.fromHex("0x" + "cd".repeat(32))),
            CHAIN,
            five.get(4));
    assertThat(e.onMessage(new Prepare(later)))
        .containsExactly(new Action.RequestSync(1, five.get(4).address()));
    // Height 1 commits; from height 2 on the five are the set.
    e.onMessage(new Prepare(vote(1, VoteType.PREPARE, 0, epochEnd.hash())));
    e.onMessage(new Prepare(vote(2, VoteType.PREPARE, 0, epochEnd.hash())));
    e.onMessage(new Commit(vote(1, VoteType.COMMIT, 0, epochEnd.hash())));
    e.onMessage(new Commit(vote(2, VoteType.COMMIT, 0, epochEnd.hash())));
    assertThat(e.height()).isEqualTo(2);
    assertThat(e.validators()).isEqualTo(next);
    assertThat(e.headValidators()).isEqualTo(set);
  }

  /**
   * The lock survives a restart. Without it a crash is amnesia: validator 0 prepared B in round 0
   * and sent COMMIT (another node may have committed B with it), restarts, and in round 1 claims to
   * be prepared on nothing; with a second such validator and one that never prepared, a quorum of
   * round changes without claims lets a different block be committed at the same height (a fork
   * from crashes alone). Restarted, it must claim B with its prepared certificate.
   */
  @Test
  void aRestartedValidatorKeepsItsLockAndClaimsItInItsRoundChange() {
    InMemorySigningLog log = new InMemorySigningLog();
    InMemoryLockStore locks = new InMemoryLockStore();
    BftEngine before =
        new BftEngine(
            CONFIG,
            keys.get(0),
            new VoteVerifier(CHAIN),
            genesis,
            CommitCertificate.EMPTY,
            set,
            set,
            log,
            locks);
    before.start();
    before.onMessage(
        new Proposal(vote(1, VoteType.PROPOSAL, 0, blockB.hash()), blockB, List.of(), List.of()));
    before.onBlockValidated(blockB.hash(), true);
    before.onMessage(new Prepare(vote(1, VoteType.PREPARE, 0, blockB.hash())));
    List<Action> prepared =
        before.onMessage(new Prepare(vote(2, VoteType.PREPARE, 0, blockB.hash())));
    assertThat(broadcasts(prepared))
        .containsExactly(new Commit(vote(0, VoteType.COMMIT, 0, blockB.hash())));

    BftEngine after =
        new BftEngine(
            CONFIG,
            keys.get(0),
            new VoteVerifier(CHAIN),
            genesis,
            CommitCertificate.EMPTY,
            set,
            set,
            log,
            locks);
    after.start();
    List<ConsensusMessage> sent =
        broadcasts(after.onTimeout(new Timeout(Timeout.Kind.ROUND, 1, 0)));
    RoundChange rc = (RoundChange) sent.getFirst();
    assertThat(rc.prepared()).contains(new PreparedClaim(0, blockB.hash()));
    assertThat(rc.preparedBlock()).contains(blockB);
    assertThat(rc.certificate()).hasSize(3);

    // A stored lock of another height, or one whose certificate is no quorum, is ignored.
    InMemoryLockStore weak = new InMemoryLockStore();
    weak.save(
        new Proposal(
            vote(1, VoteType.PROPOSAL, 0, blockB.hash()),
            blockB,
            List.of(),
            prepares(0, blockB.hash(), 1, 2)));
    BftEngine unconvinced =
        new BftEngine(
            CONFIG,
            keys.get(0),
            new VoteVerifier(CHAIN),
            genesis,
            CommitCertificate.EMPTY,
            set,
            set,
            new InMemorySigningLog(),
            weak);
    unconvinced.start();
    RoundChange empty =
        (RoundChange)
            broadcasts(unconvinced.onTimeout(new Timeout(Timeout.Kind.ROUND, 1, 0))).getFirst();
    assertThat(empty.prepared()).isEmpty();
  }

  @Test
  void aValidatorInAnEarlierRoundGetsTheCurrentRoundChangeAgainOncePerRound() {
    engine.start();
    for (int r = 0; r < 3; r++) {
      engine.onTimeout(new Timeout(Timeout.Kind.ROUND, 1, r));
    }
    assertThat(engine.round()).isEqualTo(3);
    RoundChange mine = roundChange(0, 3, Optional.empty(), null);
    // Validator 2 restarted: its round-1 round change gets ours for round 3, once.
    assertThat(broadcasts(engine.onMessage(roundChange(2, 1, Optional.empty(), null))))
        .containsExactly(mine);
    assertThat(
            broadcasts(engine.onMessage(new Prepare(vote(2, VoteType.PREPARE, 1, blockB.hash())))))
        .isEmpty();
    // Its next round, or another laggard, gets it again; a validator in our round does not.
    assertThat(broadcasts(engine.onMessage(roundChange(2, 2, Optional.empty(), null))))
        .containsExactly(mine);
    assertThat(
            broadcasts(engine.onMessage(new Prepare(vote(3, VoteType.PREPARE, 0, blockB.hash())))))
        .containsExactly(mine);
    assertThat(broadcasts(engine.onMessage(roundChange(1, 3, Optional.empty(), null)))).isEmpty();
  }

  /**
   * Validators 1 and 3 sent COMMIT for B and crashed before they saw a quorum; 0 and 2 committed B
   * and wait at height 2 for a quorum that needs one of them. Sync cannot deliver B (it has no
   * child header to carry its certificate), so a validator at height 2 answers a message of height
   * 1 with the proposal of B and the COMMIT votes of its certificate, once per validator; the
   * laggard, already in a later round, commits B from them.
   */
  @Test
  void aValidatorOneHeightBehindGetsTheHeadsProposalAndCommitsAndCommitsItToo() {
    engine.start();
    Proposal proposal =
        new Proposal(vote(1, VoteType.PROPOSAL, 0, blockB.hash()), blockB, List.of(), List.of());
    engine.onMessage(proposal);
    engine.onBlockValidated(blockB.hash(), true);
    engine.onMessage(new Prepare(vote(1, VoteType.PREPARE, 0, blockB.hash())));
    engine.onMessage(new Prepare(vote(2, VoteType.PREPARE, 0, blockB.hash())));
    engine.onMessage(new Commit(vote(1, VoteType.COMMIT, 0, blockB.hash())));
    List<Action> committed =
        engine.onMessage(new Commit(vote(2, VoteType.COMMIT, 0, blockB.hash())));
    assertThat(committed.getFirst()).isInstanceOf(Action.CommitBlock.class);
    assertThat(engine.height()).isEqualTo(2);

    BftEngine laggard =
        new BftEngine(
            CONFIG,
            keys.get(3),
            new VoteVerifier(CHAIN),
            genesis,
            CommitCertificate.EMPTY,
            set,
            set);
    laggard.start();
    laggard.onTimeout(new Timeout(Timeout.Kind.ROUND, 1, 0));
    List<Action> rc = laggard.onTimeout(new Timeout(Timeout.Kind.ROUND, 1, 1));
    assertThat(laggard.round()).isEqualTo(2);

    List<ConsensusMessage> help = broadcasts(engine.onMessage(broadcasts(rc).getFirst()));
    assertThat(help.getFirst()).isEqualTo(proposal);
    assertThat(help.subList(1, help.size()))
        .hasSize(3)
        .allSatisfy(m -> assertThat(m).isInstanceOf(Commit.class));
    assertThat(engine.onMessage(new Prepare(vote(3, VoteType.PREPARE, 1, blockB.hash()))))
        .as("once per validator and height")
        .isEmpty();

    List<Action> out = new java.util.ArrayList<>();
    for (ConsensusMessage m : help) {
      out.addAll(laggard.onMessage(m));
    }
    assertThat(out)
        .filteredOn(a -> a instanceof Action.CommitBlock)
        .singleElement()
        .satisfies(a -> assertThat(((Action.CommitBlock) a).block()).isEqualTo(blockB));
    assertThat(laggard.height()).isEqualTo(2);
  }
}
