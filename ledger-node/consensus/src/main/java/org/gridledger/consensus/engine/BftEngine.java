package org.gridledger.consensus.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gridledger.consensus.BftConfig;
import org.gridledger.consensus.evidence.EquivocationDetector;
import org.gridledger.consensus.header.BftExtraData;
import org.gridledger.consensus.header.BftExtraDataException;
import org.gridledger.consensus.header.CommitCertificate;
import org.gridledger.consensus.header.FinalityVerifier;
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
import org.gridledger.consensus.validator.ValidatorSet;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;

/**
 * The consensus state machine of one validator (docs/consensus.md, "Rules for one height"). Every
 * input method returns the actions to perform, in order; the engine has no threads, no clock and no
 * I/O, so the same inputs always give the same outputs. Not thread-safe: one thread feeds it.
 *
 * <p>A node whose key is not in the set in force follows the protocol without signing anything: it
 * commits blocks when it sees their commit quorums.
 */
public final class BftEngine {
  /** Votes of this many heights back stay in the equivocation detector. */
  static final int EVIDENCE_WINDOW = 64;

  /**
   * Messages at most this many heights ahead are kept for replay; a node further behind catches up
   * by sync, and a faulty validator cannot fill the buffer with far-future messages.
   */
  static final int FUTURE_HEIGHTS = 8;

  private final BftConfig config;
  private final PrivateKey key;
  private final Address self;
  private final VoteVerifier verifier;
  private final FinalityVerifier finality;
  private final EquivocationDetector detector = new EquivocationDetector();
  private final SigningLog signingLog;
  private final LockStore lockStore;

  // The committed head and the sets in force at its height and at the next.
  private BlockHeader head;
  private CommitCertificate headCertificate;
  private ValidatorSet headSet;
  private ValidatorSet set;

  // State of the current height; reset by startHeight.
  private long height;
  private int round;
  private boolean started;
  private final Map<Integer, Proposal> accepted = new HashMap<>();
  private final Map<Hash, Block> knownBlocks = new HashMap<>();
  private final Set<Hash> valid = new HashSet<>();
  private final Set<Hash> invalid = new HashSet<>();
  private final Set<Hash> validating = new HashSet<>();
  private final VoteTally prepares = new VoteTally();
  private final VoteTally commits = new VoteTally();
  private final Map<Integer, Map<Address, RoundChange>> roundChanges = new HashMap<>();
  private final Set<Integer> proposedRounds = new HashSet<>();
  private final Set<Integer> buildRequested = new HashSet<>();
  private Prepared prepared;
  private boolean syncRequested;
  private final Set<Laggard> helped = new HashSet<>();

  // The proposal the head was committed from (null if it came by sync), and the validators of the
  // head's height that were sent it with the head's COMMIT votes.
  private Proposal headProposal;
  private final Set<Address> helpedBehind = new HashSet<>();

  // A validator seen at a higher height, and that height: where to sync from.
  private Address aheadPeer;
  private long aheadHeight;

  // Messages of heights above the current one, replayed when their height starts.
  private final java.util.LinkedHashSet<ConsensusMessage> future = new java.util.LinkedHashSet<>();

  private record Prepared(int round, Block block, List<SignedVote> certificate) {}

  private record Laggard(Address signer, int round) {}

  /**
   * An engine that continues the chain after {@code head}, remembering its signatures in memory
   * only.
   *
   * @param headCertificate the commit certificate of {@code head} ({@link CommitCertificate#EMPTY}
   *     for genesis)
   * @param headSet the validator set in force at {@code head}'s height (its certificate's signers)
   * @param nextSet the validator set in force at {@code head.number() + 1}
   */
  public BftEngine(
      BftConfig config,
      PrivateKey key,
      VoteVerifier verifier,
      BlockHeader head,
      CommitCertificate headCertificate,
      ValidatorSet headSet,
      ValidatorSet nextSet) {
    this(config, key, verifier, head, headCertificate, headSet, nextSet, new InMemorySigningLog());
  }

  /**
   * An engine as above whose signatures are checked against and recorded in {@code signingLog}, so
   * that a restarted validator never contradicts a vote it sent before the restart.
   */
  public BftEngine(
      BftConfig config,
      PrivateKey key,
      VoteVerifier verifier,
      BlockHeader head,
      CommitCertificate headCertificate,
      ValidatorSet headSet,
      ValidatorSet nextSet,
      SigningLog signingLog) {
    this(
        config,
        key,
        verifier,
        head,
        headCertificate,
        headSet,
        nextSet,
        signingLog,
        new InMemoryLockStore());
  }

  /**
   * An engine as above whose lock (the proposal it prepared, with its certificate) is also kept in
   * {@code lockStore}, so that a restarted validator still claims it in its round changes
   * (docs/consensus.md, "Durable lock").
   */
  public BftEngine(
      BftConfig config,
      PrivateKey key,
      VoteVerifier verifier,
      BlockHeader head,
      CommitCertificate headCertificate,
      ValidatorSet headSet,
      ValidatorSet nextSet,
      SigningLog signingLog,
      LockStore lockStore) {
    if (verifier.chainId() != config.chainId()) {
      throw new IllegalArgumentException("verifier and config disagree on the chain id");
    }
    this.config = config;
    this.key = key;
    this.self = key.address();
    this.verifier = verifier;
    this.finality = new FinalityVerifier(verifier);
    this.head = head;
    this.headCertificate = headCertificate;
    this.headSet = headSet;
    this.set = nextSet;
    this.signingLog = signingLog;
    this.lockStore = lockStore;
  }

  public Address self() {
    return self;
  }

  /** The height being decided. */
  public long height() {
    return height;
  }

  public int round() {
    return round;
  }

  /** The validator set in force at {@link #height()}. */
  public ValidatorSet validators() {
    return set;
  }

  /** The validator set in force at {@code height() - 1} (the signers of the head's certificate). */
  public ValidatorSet headValidators() {
    return headSet;
  }

  /**
   * The set of the next epoch while deciding an epoch's last block, as named by a proposal for it
   * that passed validation (every such proposal names the same set: the election read from the
   * state); empty at other heights or before such a proposal arrived.
   */
  public Optional<ValidatorSet> nextEpochValidators() {
    if (!config.isEpochEnd(height)) {
      return Optional.empty();
    }
    for (Proposal p : accepted.values()) {
      if (!valid.contains(p.block().hash())) {
        continue;
      }
      try {
        BftExtraData extra = BftExtraData.of(p.block().header());
        if (!extra.validators().isEmpty()) {
          return Optional.of(new ValidatorSet(extra.validators()));
        }
      } catch (BftExtraDataException | IllegalArgumentException e) {
        // not a usable list: no answer from this proposal
      }
    }
    return Optional.empty();
  }

  /** Starts deciding the block after the head. */
  public List<Action> start() {
    if (started) {
      throw new IllegalStateException("the engine was started already");
    }
    started = true;
    List<Action> out = new ArrayList<>();
    startHeight(head.number() + 1, out);
    return out;
  }

  /** A message from a peer (or relayed by one). */
  public List<Action> onMessage(ConsensusMessage message) {
    List<Action> out = new ArrayList<>();
    if (started) {
      handle(message, out);
    }
    return out;
  }

  /** A timer set by {@link Action.ScheduleTimeout} fired. */
  public List<Action> onTimeout(Timeout timeout) {
    List<Action> out = new ArrayList<>();
    if (!started || timeout.height() != height || timeout.round() != round) {
      return out;
    }
    switch (timeout.kind()) {
      case PROPOSE -> requestBuild(round, out);
      case ROUND -> {
        if (aheadPeer != null && aheadHeight > height) {
          out.add(new Action.RequestSync(height, aheadPeer));
        }
        moveToRound(round + 1, true, out);
      }
    }
    return out;
  }

  /**
   * A peer connected (or reconnected after a partition healed): send again what this validator said
   * in the current round — its ROUND-CHANGE, its proposal, its PREPARE and COMMIT. Otherwise
   * nothing flows between the two sides until a round timer fires, which after a long partition is
   * up to {@code base · 2^r} away; with these the two sides reach a round-change quorum, or a weak
   * quorum that moves the later side along (rule 6), at once. Peers that have them drop them as
   * duplicates.
   */
  public List<Action> onPeerConnected() {
    List<Action> out = new ArrayList<>();
    if (!started || !isValidator()) {
      return out;
    }
    RoundChange mine = roundChanges.getOrDefault(round, Map.of()).get(self);
    if (mine != null) {
      out.add(new Action.Broadcast(mine));
    }
    Proposal p = accepted.get(round);
    if (p != null && proposedRounds.contains(round)) {
      out.add(new Action.Broadcast(p));
    }
    signingLog
        .find(height, round, VoteType.PREPARE)
        .ifPresent(v -> out.add(new Action.Broadcast(new Prepare(v))));
    signingLog
        .find(height, round, VoteType.COMMIT)
        .ifPresent(v -> out.add(new Action.Broadcast(new Commit(v))));
    return out;
  }

  /** The answer to {@link Action.BuildBlock}: the block, or empty if none could be built. */
  public List<Action> onBlockBuilt(long forHeight, int forRound, Optional<Block> block) {
    List<Action> out = new ArrayList<>();
    if (forHeight != height
        || forRound != round
        || block.isEmpty()
        || proposedRounds.contains(forRound)
        || !isValidator()) {
      return out;
    }
    Block b = block.get();
    if (b.number() != height || !b.header().parentHash().equals(head.hash())) {
      return out;
    }
    List<RoundChange> justification = List.of();
    List<SignedVote> certificate = List.of();
    if (forRound > 0) {
      Map<Address, RoundChange> rcs = roundChanges.getOrDefault(forRound, Map.of());
      if (!set.isQuorum(rcs.keySet())) {
        return out;
      }
      Optional<RoundChange> highest = highestPrepared(rcs.values());
      if (highest.isPresent()) {
        return out; // a prepared block must be re-proposed instead (proposeIfReady does that)
      }
      justification = rcs.values().stream().map(RoundChange::withoutAttachments).toList();
    }
    valid.add(b.hash());
    propose(b, justification, certificate, out);
    return out;
  }

  /** The answer to {@link Action.ValidateBlock}. */
  public List<Action> onBlockValidated(Hash blockHash, boolean isValid) {
    List<Action> out = new ArrayList<>();
    validating.remove(blockHash);
    if (isValid) {
      valid.add(blockHash);
    } else {
      invalid.add(blockHash);
    }
    Proposal p = accepted.get(round);
    if (isValid && p != null && p.block().hash().equals(blockHash)) {
      sendPrepare(round, blockHash, out);
      checkPrepared(round, out);
    }
    for (int r : commits.rounds()) {
      checkCommitted(r, out);
    }
    return out;
  }

  /**
   * A committed block fetched by sync, with its certificate. Accepted if it is the block of the
   * current height (extends the head) and the certificate proves it final under the set in force.
   */
  public List<Action> onCertifiedBlock(Block block, CommitCertificate certificate) {
    List<Action> out = new ArrayList<>();
    if (!started
        || block.number() != height
        || !block.header().parentHash().equals(head.hash())
        || !finality.verify(height, block.hash(), certificate, set).isFinal()) {
      return out;
    }
    commit(block, certificate, out);
    return out;
  }

  // ---------------------------------------------------------------- heights and rounds

  private boolean isValidator() {
    return set.contains(self);
  }

  private void startHeight(long newHeight, List<Action> out) {
    height = newHeight;
    round = 0;
    accepted.clear();
    knownBlocks.clear();
    valid.clear();
    invalid.clear();
    validating.clear();
    prepares.clear();
    commits.clear();
    roundChanges.clear();
    signingLog.pruneBelow(newHeight);
    proposedRounds.clear();
    buildRequested.clear();
    helped.clear();
    prepared = null;
    restoreLock();
    syncRequested = false;
    detector.pruneBelow(newHeight - EVIDENCE_WINDOW);
    out.add(
        new Action.ScheduleTimeout(
            new Timeout(Timeout.Kind.ROUND, height, 0), config.roundTimeoutMillis(0)));
    if (isValidator() && set.proposer(height, 0).equals(self)) {
      out.add(
          new Action.ScheduleTimeout(
              new Timeout(Timeout.Kind.PROPOSE, height, 0), config.blockPeriodMillis()));
    }
    List<ConsensusMessage> replay = new ArrayList<>();
    future.removeIf(
        m -> {
          if (m.height() == height) {
            replay.add(m);
          }
          return m.height() <= height;
        });
    for (ConsensusMessage m : replay) {
      if (m.height() == height) {
        handle(m, out);
      }
    }
  }

  /**
   * After a restart: the stored lock, if it is for this height, extends the head and its
   * certificate is a quorum of PREPARE votes for its round and block by the set in force.
   */
  private void restoreLock() {
    Optional<Proposal> stored = lockStore.load();
    if (stored.isEmpty()) {
      return;
    }
    Proposal p = stored.get();
    Block block = p.block();
    Hash hash = block.hash();
    if (p.height() != height
        || block.number() != height
        || !block.header().parentHash().equals(head.hash())
        || !hash.equals(p.vote().vote().value())) {
      return;
    }
    Set<Address> signers = new HashSet<>();
    for (SignedVote v : p.preparedCertificate()) {
      Vote vote = v.vote();
      if (vote.type() == VoteType.PREPARE
          && vote.height() == height
          && vote.round() == p.round()
          && vote.value().equals(hash)) {
        verifier.signer(v).filter(set::contains).ifPresent(signers::add);
      }
    }
    if (!set.isQuorum(signers)) {
      return;
    }
    prepared = new Prepared(p.round(), block, p.preparedCertificate());
    knownBlocks.put(hash, block);
    valid.add(hash);
  }

  private void moveToRound(int newRound, boolean sendRoundChange, List<Action> out) {
    if (newRound <= round) {
      return;
    }
    round = newRound;
    out.add(
        new Action.ScheduleTimeout(
            new Timeout(Timeout.Kind.ROUND, height, round), config.roundTimeoutMillis(round)));
    if (sendRoundChange && isValidator()) {
      Optional<PreparedClaim> claim =
          prepared == null
              ? Optional.empty()
              : Optional.of(new PreparedClaim(prepared.round(), prepared.block().hash()));
      Optional<SignedVote> signedVote =
          sign(VoteType.ROUND_CHANGE, round, RoundChange.claimValue(claim));
      if (signedVote.isEmpty()) {
        return;
      }
      SignedVote vote = signedVote.get();
      RoundChange rc =
          new RoundChange(
              vote,
              claim,
              prepared == null ? Optional.empty() : Optional.of(prepared.block()),
              prepared == null ? List.of() : prepared.certificate());
      out.add(new Action.Broadcast(rc));
      roundChanges.computeIfAbsent(round, r -> new LinkedHashMap<>()).putIfAbsent(self, rc);
    }
    proposeIfReady(out);
  }

  // ---------------------------------------------------------------- proposing

  private void requestBuild(int forRound, List<Action> out) {
    if (!isValidator()
        || !set.proposer(height, forRound).equals(self)
        || proposedRounds.contains(forRound)
        || !buildRequested.add(forRound)) {
      return;
    }
    out.add(new Action.BuildBlock(height, forRound, head, headCertificate));
  }

  /** Round r &gt; 0: with a quorum of round changes, re-propose the highest prepared or build. */
  private void proposeIfReady(List<Action> out) {
    if (round == 0
        || !isValidator()
        || !set.proposer(height, round).equals(self)
        || proposedRounds.contains(round)) {
      return;
    }
    Map<Address, RoundChange> rcs = roundChanges.getOrDefault(round, Map.of());
    if (!set.isQuorum(rcs.keySet())) {
      return;
    }
    Optional<RoundChange> highest = highestPrepared(rcs.values());
    if (highest.isEmpty()) {
      requestBuild(round, out);
      return;
    }
    RoundChange h = highest.get();
    Block block = knownBlocks.get(h.prepared().get().blockHash());
    if (block == null) {
      return; // cannot happen: a prepared round change is stored only with its block
    }
    propose(
        block,
        rcs.values().stream().map(RoundChange::withoutAttachments).toList(),
        h.certificate(),
        out);
  }

  private void propose(
      Block block,
      List<RoundChange> justification,
      List<SignedVote> certificate,
      List<Action> out) {
    proposedRounds.add(round);
    Optional<SignedVote> signedVote = sign(VoteType.PROPOSAL, round, block.hash());
    if (signedVote.isEmpty()) {
      return;
    }
    SignedVote vote = signedVote.get();
    Proposal proposal = new Proposal(vote, block, justification, certificate);
    out.add(new Action.Broadcast(proposal));
    valid.add(block.hash());
    onProposal(self, proposal, out);
  }

  private static Optional<RoundChange> highestPrepared(java.util.Collection<RoundChange> rcs) {
    return rcs.stream()
        .filter(rc -> rc.prepared().isPresent())
        .max(Comparator.comparingInt(rc -> rc.prepared().get().round()));
  }

  // ---------------------------------------------------------------- receiving

  private void handle(ConsensusMessage m, List<Action> out) {
    if (m.height() < height) {
      if (m.height() == head.number()) {
        helpOneHeightBehind(m, out);
      }
      return;
    }
    if (m.height() > height) {
      bufferFuture(m, out);
      return;
    }
    Optional<Address> signer = verifier.signer(m.vote());
    if (signer.isEmpty() || !set.contains(signer.get())) {
      return;
    }
    observe(signer.get(), m.vote(), out);
    if (m.round() < round) {
      helpLaggard(signer.get(), m.round(), out);
    }
    switch (m) {
      case Proposal p -> onProposal(signer.get(), p, out);
      case Prepare p -> onPrepare(signer.get(), p.vote(), out);
      case Commit c -> onCommit(signer.get(), c.vote(), out);
      case RoundChange rc -> onRoundChange(signer.get(), rc, out);
    }
  }

  private void bufferFuture(ConsensusMessage m, List<Action> out) {
    if (future.contains(m)) {
      return;
    }
    Optional<Address> signer = verifier.signer(m.vote());
    if (signer.isEmpty()
        || !(set.contains(signer.get())
            || (config.epochOf(m.height()) == config.epochOf(height) + 1
                && nextEpochValidators().map(s -> s.contains(signer.get())).orElse(false)))) {
      // A validator of a later epoch is not known yet; members of this set suffice to catch up.
      // Those of the next epoch are known once its last block's proposal was validated: their
      // first messages may arrive before this node commits that block (a joining validator).
      return;
    }
    if (m.height() >= aheadHeight) {
      aheadHeight = m.height();
      aheadPeer = signer.get();
    }
    if (m.height() <= height + FUTURE_HEIGHTS && future.size() < config.futureMessageLimit()) {
      future.add(m);
    }
    if (!syncRequested) {
      syncRequested = true;
      out.add(new Action.RequestSync(height, signer.get()));
    }
  }

  /**
   * A validator of this height shows it is in an earlier round (it restarted, or was cut off while
   * the others changed rounds): send it this validator's ROUND-CHANGE for the current round again,
   * once per (validator, its round). Round changes are otherwise sent only when a round timer
   * fires, which after a stall is up to {@code base · 2^r} away; with the ones of the other
   * validators this gives the laggard a weak quorum, so it skips to the current round at once (rule
   * 6). Peers that have the message already drop it as a duplicate.
   */
  private void helpLaggard(Address signer, int theirRound, List<Action> out) {
    RoundChange mine = roundChanges.getOrDefault(round, Map.of()).get(self);
    if (signer.equals(self) || mine == null || !helped.add(new Laggard(signer, theirRound))) {
      return;
    }
    out.add(new Action.Broadcast(mine));
  }

  private void observe(Address signer, SignedVote vote, List<Action> out) {
    detector.observe(signer, vote).ifPresent(e -> out.add(new Action.ReportEvidence(e)));
  }

  private void onProposal(Address signer, Proposal p, List<Action> out) {
    int r = p.round();
    Block block = p.block();
    boolean wellFormed = wellFormed(signer, p);
    if (wellFormed) {
      // Even a proposal too late to vote on may carry the block a quorum committed: a validator
      // one height ahead re-sends it with its COMMIT votes to a node left behind.
      knownBlocks.putIfAbsent(block.hash(), block);
    }
    if (r < round || accepted.containsKey(r) || !wellFormed || (r > 0 && !justified(p, out))) {
      if (wellFormed) {
        for (int cr : commits.rounds()) {
          checkCommitted(cr, out);
        }
      }
      return;
    }
    if (r > round) {
      moveToRound(r, false, out);
    }
    accepted.put(r, p);
    knownBlocks.put(block.hash(), block);
    Hash hash = block.hash();
    if (valid.contains(hash)) {
      sendPrepare(r, hash, out);
      checkPrepared(r, out);
    } else if (!invalid.contains(hash) && validating.add(hash)) {
      out.add(new Action.ValidateBlock(block));
    }
    for (int cr : commits.rounds()) {
      checkCommitted(cr, out);
    }
  }

  /** From the round's proposer, for a block of this height on the head with a valid parent seal. */
  private boolean wellFormed(Address signer, Proposal p) {
    Block block = p.block();
    return signer.equals(set.proposer(height, p.round()))
        && block.hash().equals(p.vote().vote().value())
        && block.number() == height
        && block.header().parentHash().equals(head.hash())
        && parentCertificateValid(block.header());
  }

  /**
   * A validator of the head's set sends messages for the head's height: it has not seen the head
   * committed (it restarted, or was cut off, after sending its COMMIT but before it received a
   * quorum). Sync cannot help it: the head has no child header yet to carry its certificate, and
   * without that validator the next height may never get a quorum (two of four lagging, a 2/2 split
   * healed). So send it, once per validator and height, the proposal the head was committed from
   * and the COMMIT votes of the head's certificate; with them it commits the head itself.
   */
  private void helpOneHeightBehind(ConsensusMessage m, List<Action> out) {
    if (headProposal == null) {
      return;
    }
    Optional<Address> signer = verifier.signer(m.vote());
    if (signer.isEmpty()
        || signer.get().equals(self)
        || !headSet.contains(signer.get())
        || !helpedBehind.add(signer.get())) {
      return;
    }
    out.add(new Action.Broadcast(headProposal));
    for (SignedVote v : headCertificate.votes(head.number(), head.hash())) {
      out.add(new Action.Broadcast(new Commit(v)));
    }
  }

  /** The block's extra data certifies the head and names validators only at an epoch end. */
  private boolean parentCertificateValid(BlockHeader header) {
    BftExtraData extra;
    try {
      extra = BftExtraData.of(header);
    } catch (BftExtraDataException e) {
      return false;
    }
    if (!extra.validators().isEmpty() && !config.isEpochEnd(header.number())) {
      return false;
    }
    if (head.number() == 0) {
      return extra.parentCertificate().seals().isEmpty();
    }
    return finality
        .verify(head.number(), head.hash(), extra.parentCertificate(), headSet)
        .isFinal();
  }

  /** The round-change justification of a proposal for round &gt; 0 (docs/consensus.md rule 7). */
  private boolean justified(Proposal p, List<Action> out) {
    int r = p.round();
    Set<Address> signers = new HashSet<>();
    RoundChange highest = null;
    for (RoundChange rc : p.justification()) {
      Optional<Address> s = verifier.signer(rc.vote());
      if (s.isEmpty()
          || !set.contains(s.get())
          || rc.height() != height
          || rc.round() != r
          || !rc.claimMatchesVote()
          || (rc.prepared().isPresent() && rc.prepared().get().round() >= r)
          || !signers.add(s.get())) {
        return false;
      }
      observe(s.get(), rc.vote(), out);
      if (rc.prepared().isPresent()
          && (highest == null || rc.prepared().get().round() > highest.prepared().get().round())) {
        highest = rc;
      }
    }
    if (!set.isQuorum(signers)) {
      return false;
    }
    if (highest == null) {
      return true;
    }
    PreparedClaim claim = highest.prepared().get();
    return p.block().hash().equals(claim.blockHash())
        && certifiesPrepared(p.preparedCertificate(), claim, out);
  }

  /** Whether {@code certificate} is a quorum of PREPARE votes for exactly {@code claim}. */
  private boolean certifiesPrepared(
      List<SignedVote> certificate, PreparedClaim claim, List<Action> out) {
    Vote expected = new Vote(VoteType.PREPARE, height, claim.round(), claim.blockHash());
    Set<Address> signers = new HashSet<>();
    for (SignedVote v : certificate) {
      if (!v.vote().equals(expected)) {
        return false;
      }
      Optional<Address> s = verifier.signer(v);
      if (s.isEmpty() || !set.contains(s.get())) {
        return false;
      }
      observe(s.get(), v, out);
      signers.add(s.get());
    }
    return set.isQuorum(signers);
  }

  private void onPrepare(Address signer, SignedVote vote, List<Action> out) {
    if (prepares.add(signer, vote)) {
      checkPrepared(vote.vote().round(), out);
    }
  }

  private void onCommit(Address signer, SignedVote vote, List<Action> out) {
    if (commits.add(signer, vote)) {
      checkCommitted(vote.vote().round(), out);
    }
  }

  private void onRoundChange(Address signer, RoundChange rc, List<Action> out) {
    int r = rc.round();
    if (r == 0 || !rc.claimMatchesVote()) {
      return;
    }
    if (rc.prepared().isPresent()) {
      PreparedClaim claim = rc.prepared().get();
      if (claim.round() >= r
          || rc.preparedBlock().isEmpty()
          || !rc.preparedBlock().get().hash().equals(claim.blockHash())
          || !certifiesPrepared(rc.certificate(), claim, out)) {
        return;
      }
    }
    Map<Address, RoundChange> forRound =
        roundChanges.computeIfAbsent(r, k -> new LinkedHashMap<>());
    if (forRound.putIfAbsent(signer, rc) != null) {
      return;
    }
    rc.preparedBlock().ifPresent(b -> knownBlocks.put(b.hash(), b));
    if (r > round) {
      skipRoundIfWeakQuorum(out);
    }
    if (r == round) {
      proposeIfReady(out);
    }
  }

  /** Rule 6: round changes for higher rounds from more than 1/3 of the weight. */
  private void skipRoundIfWeakQuorum(List<Action> out) {
    Map<Address, Integer> highestBySigner = new HashMap<>();
    for (Map.Entry<Integer, Map<Address, RoundChange>> e : roundChanges.entrySet()) {
      if (e.getKey() > round) {
        for (Address a : e.getValue().keySet()) {
          highestBySigner.merge(a, e.getKey(), Math::max);
        }
      }
    }
    if (set.isWeakQuorum(highestBySigner.keySet())) {
      int target = highestBySigner.values().stream().min(Integer::compare).orElseThrow();
      moveToRound(target, true, out);
    }
  }

  // ---------------------------------------------------------------- voting

  private void sendPrepare(int r, Hash hash, List<Action> out) {
    if (!isValidator() || signingLog.find(height, r, VoteType.PREPARE).isPresent()) {
      return;
    }
    Optional<SignedVote> signedVote = sign(VoteType.PREPARE, r, hash);
    if (signedVote.isEmpty()) {
      return;
    }
    SignedVote vote = signedVote.get();
    out.add(new Action.Broadcast(new Prepare(vote)));
    prepares.add(self, vote);
  }

  private void checkPrepared(int r, List<Action> out) {
    Proposal p = accepted.get(r);
    if (r != round || p == null) {
      return;
    }
    Hash hash = p.block().hash();
    if (!valid.contains(hash)) {
      return;
    }
    List<CommitCertificate.SignerVote> votes = prepares.votesFor(r, hash);
    List<SignedVote> matching = votes.stream().map(CommitCertificate.SignerVote::vote).toList();
    List<Address> signers = votes.stream().map(CommitCertificate.SignerVote::signer).toList();
    if (!set.isQuorum(signers)) {
      return;
    }
    if (prepared == null || prepared.round() < r) {
      prepared = new Prepared(r, p.block(), List.copyOf(matching));
      if (isValidator()) {
        // Durable before the COMMIT below is broadcast: a restart must not forget the lock.
        lockStore.save(new Proposal(p.vote(), p.block(), List.of(), prepared.certificate()));
      }
    }
    if (isValidator() && signingLog.find(height, r, VoteType.COMMIT).isEmpty()) {
      Optional<SignedVote> vote = sign(VoteType.COMMIT, r, hash);
      if (vote.isPresent()) {
        out.add(new Action.Broadcast(new Commit(vote.get())));
        onCommit(self, vote.get(), out);
      }
    }
  }

  private void checkCommitted(int r, List<Action> out) {
    for (Hash value : commits.values(r)) {
      Block block = knownBlocks.get(value);
      List<CommitCertificate.SignerVote> votes = commits.votesFor(r, value);
      if (block != null
          && set.isQuorum(votes.stream().map(CommitCertificate.SignerVote::signer).toList())) {
        commit(block, CommitCertificate.of(r, votes), out);
        return;
      }
    }
  }

  private void commit(Block block, CommitCertificate certificate, List<Action> out) {
    out.add(new Action.CommitBlock(block, certificate));
    ValidatorSet next = set;
    if (config.isEpochEnd(block.number())) {
      try {
        BftExtraData extra = BftExtraData.of(block.header());
        if (!extra.validators().isEmpty()) {
          next = new ValidatorSet(extra.validators());
        }
      } catch (BftExtraDataException | IllegalArgumentException e) {
        // The block is final with a quorum's certificate; its proposer's list was checked by the
        // validators' BlockValidator, so a bad list here means no change.
      }
    }
    Proposal from = accepted.get(certificate.round());
    headProposal = from != null && from.block().hash().equals(block.hash()) ? from : null;
    if (headProposal == null) {
      for (Proposal p : accepted.values()) {
        if (p.block().hash().equals(block.hash())) {
          headProposal = p;
        }
      }
    }
    helpedBehind.clear();
    head = block.header();
    headCertificate = certificate;
    headSet = set;
    set = next;
    startHeight(block.number() + 1, out);
  }

  /**
   * Signs at most one vote per (height, round, type): asking again for the same value gives the
   * recorded vote; a different value gives nothing, since signing it would be a double sign (after
   * a restart this validator may have lost the state that led to its earlier vote).
   */
  private Optional<SignedVote> sign(VoteType type, int r, Hash value) {
    Optional<SignedVote> existing = signingLog.find(height, r, type);
    if (existing.isPresent()) {
      return existing.get().vote().value().equals(value) ? existing : Optional.empty();
    }
    SignedVote vote = SignedVote.sign(new Vote(type, height, r, value), config.chainId(), key);
    signingLog.record(vote);
    return Optional.of(vote);
  }
}
