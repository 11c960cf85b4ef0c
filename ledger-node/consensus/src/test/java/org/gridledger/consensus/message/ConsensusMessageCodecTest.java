package org.gridledger.consensus.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.gridledger.consensus.header.CommitCertificate;
import org.gridledger.consensus.sim.BftSimulation;
import org.gridledger.consensus.sim.IndependentStaking;
import org.gridledger.consensus.sim.SimChain;
import org.gridledger.core.block.Block;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Hex;
import org.junit.jupiter.api.Test;

class ConsensusMessageCodecTest {
  static final long CHAIN = 4242;
  static final List<PrivateKey> KEYS = BftSimulation.keys(4);
  static final Block BLOCK =
      SimChain.block(
          SimChain.genesis(
              BftSimulation.validators(KEYS, List.of(0, 1, 2, 3), List.of(1L, 1L, 1L, 1L))),
          "b",
          List.of(),
          CommitCertificate.EMPTY);

  static SignedVote vote(VoteType type, int round, Hash value, int key) {
    return SignedVote.sign(new Vote(type, 1, round, value), CHAIN, KEYS.get(key));
  }

  /** One message of each kind, with attachments. */
  static List<ConsensusMessage> samples() {
    Hash h = BLOCK.hash();
    List<SignedVote> cert =
        List.of(
            vote(VoteType.PREPARE, 0, h, 0),
            vote(VoteType.PREPARE, 0, h, 1),
            vote(VoteType.PREPARE, 0, h, 2));
    Optional<PreparedClaim> claim = Optional.of(new PreparedClaim(0, h));
    RoundChange prepared =
        new RoundChange(
            vote(VoteType.ROUND_CHANGE, 1, RoundChange.claimValue(claim), 1),
            claim,
            Optional.of(BLOCK),
            cert);
    RoundChange empty =
        new RoundChange(
            vote(VoteType.ROUND_CHANGE, 1, Hash.ZERO, 2),
            Optional.empty(),
            Optional.empty(),
            List.of());
    return List.of(
        new Prepare(vote(VoteType.PREPARE, 3, h, 0)),
        new Commit(vote(VoteType.COMMIT, 0, h, 3)),
        prepared,
        empty,
        new Proposal(vote(VoteType.PROPOSAL, 0, h, 1), BLOCK, List.of(), List.of()),
        new Proposal(
            vote(VoteType.PROPOSAL, 1, h, 2),
            BLOCK,
            List.of(prepared.withoutAttachments(), empty),
            cert));
  }

  @Test
  void everyMessageRoundTrips() {
    VoteVerifier verifier = new VoteVerifier(CHAIN);
    for (ConsensusMessage m : samples()) {
      byte[] encoded = ConsensusMessageCodec.encode(m);
      ConsensusMessage decoded = ConsensusMessageCodec.decode(encoded);
      assertThat(decoded).isEqualTo(m);
      assertThat(ConsensusMessageCodec.encode(decoded)).isEqualTo(encoded);
      assertThat(verifier.signer(decoded.vote())).isPresent();
    }
  }

  @Test
  void votesAreSignedOverStakingsVoteDigest() {
    Hash h = BLOCK.hash();
    for (VoteType t : VoteType.values()) {
      SignedVote v = vote(t, 7, h, 2);
      byte[] independent = IndependentStaking.voteDigest(CHAIN, 1, 7, t.code(), h.toArray());
      assertThat(v.vote().digest(CHAIN).toArray()).isEqualTo(independent);
      assertThat(IndependentStaking.recover(v, CHAIN)).isEqualTo(KEYS.get(2).address());
    }
    // The vote type numbers are part of the signed digest and documented in docs/consensus.md.
    assertThat(List.of(VoteType.values()).stream().map(VoteType::code).toList())
        .containsExactly(0, 1, 2, 3);
  }

  @Test
  void badInputIsRejectedWithAnOffset() {
    byte[] good = ConsensusMessageCodec.encode(samples().get(0));
    for (int cut = 0; cut < good.length; cut++) {
      byte[] truncated = java.util.Arrays.copyOf(good, cut);
      assertThatThrownBy(() -> ConsensusMessageCodec.decode(truncated))
          .isInstanceOf(ConsensusMessageException.class);
    }
    // Unknown message code 9.
    assertThatThrownBy(() -> ConsensusMessageCodec.decode(Hex.decode("0xc209c0")))
        .isInstanceOf(ConsensusMessageException.class)
        .hasMessageContaining("unknown vote type");
    // A PREPARE vote inside a COMMIT message.
    byte[] prepare = ConsensusMessageCodec.encode(samples().get(0));
    prepare[prepare.length > 55 ? 2 : 1] = 0x02;
    assertThatThrownBy(() -> ConsensusMessageCodec.decode(prepare))
        .isInstanceOf(ConsensusMessageException.class);
  }

  @Test
  void highSSignaturesAreRejected() {
    SignedVote v = vote(VoteType.COMMIT, 0, BLOCK.hash(), 0);
    var sig = v.signature();
    var high =
        new org.gridledger.evm.crypto.Signature(
            sig.r(), org.gridledger.evm.crypto.Secp256k1.N.subtract(sig.s()), sig.recId() ^ 1);
    byte[] encoded = ConsensusMessageCodec.encode(new Commit(new SignedVote(v.vote(), high)));
    assertThatThrownBy(() -> ConsensusMessageCodec.decode(encoded))
        .isInstanceOf(ConsensusMessageException.class)
        .hasMessageContaining("canonical");
  }
}
