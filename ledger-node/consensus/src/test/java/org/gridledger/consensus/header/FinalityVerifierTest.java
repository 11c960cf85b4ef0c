package org.gridledger.consensus.header;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.gridledger.consensus.header.CommitCertificate.SignerVote;
import org.gridledger.consensus.message.SignedVote;
import org.gridledger.consensus.message.Vote;
import org.gridledger.consensus.message.VoteType;
import org.gridledger.consensus.message.VoteVerifier;
import org.gridledger.consensus.sim.BftSimulation;
import org.gridledger.consensus.sim.SimChain;
import org.gridledger.consensus.validator.Validator;
import org.gridledger.consensus.validator.ValidatorSet;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.crypto.Signature;
import org.junit.jupiter.api.Test;

class FinalityVerifierTest {
  private static final long CHAIN = 4242;
  private final List<PrivateKey> keys = BftSimulation.keys(5);
  private final ValidatorSet set =
      new ValidatorSet(
          BftSimulation.validators(keys, List.of(0, 1, 2, 3), List.of(1L, 1L, 1L, 1L)));
  private final BlockHeader genesis = SimChain.genesis(set.validators());
  private final BlockHeader header =
      SimChain.block(genesis, "block one", List.of(), CommitCertificate.EMPTY).header();
  private final FinalityVerifier verifier = new FinalityVerifier(new VoteVerifier(CHAIN));

  private SignerVote seal(int key, int round, BlockHeader h) {
    SignedVote v =
        SignedVote.sign(
            new Vote(VoteType.COMMIT, h.number(), round, h.hash()), CHAIN, keys.get(key));
    return new SignerVote(keys.get(key).address(), v);
  }

  private CommitCertificate certificate(int round, BlockHeader h, int... signers) {
    List<SignerVote> votes = new ArrayList<>();
    for (int s : signers) {
      votes.add(seal(s, round, h));
    }
    return CommitCertificate.of(round, votes);
  }

  private FinalityResult verify(CommitCertificate c) {
    return verifier.verify(header.number(), header.hash(), c, set);
  }

  @Test
  void sealsOfMoreThanTwoThirdsProveFinality() {
    FinalityResult r = verify(certificate(2, header, 0, 1, 2));
    assertThat(r.isFinal()).isTrue();
    assertThat(r.weight()).isEqualTo(BigInteger.valueOf(3));
    assertThat(verify(certificate(0, header, 3, 1, 2, 0)).isFinal()).isTrue();
  }

  @Test
  void tooFewSealsAreRejected() {
    FinalityResult r = verify(certificate(0, header, 0, 1));
    assertThat(r.isFinal()).isFalse();
    assertThat(r.reason()).contains("not more than 2/3");
    assertThat(verify(CommitCertificate.EMPTY).isFinal()).isFalse();
  }

  @Test
  void exactlyTwoThirdsIsNotEnough() {
    ValidatorSet three =
        new ValidatorSet(BftSimulation.validators(keys, List.of(0, 1, 2), List.of(1L, 1L, 1L)));
    assertThat(
            verifier
                .verify(header.number(), header.hash(), certificate(0, header, 0, 1), three)
                .isFinal())
        .isFalse();
    ValidatorSet weighted =
        new ValidatorSet(BftSimulation.validators(keys, List.of(0, 1, 2), List.of(4L, 1L, 1L)));
    // 4 of 6 is exactly 2/3: not final; 5 of 6 is.
    assertThat(
            verifier
                .verify(header.number(), header.hash(), certificate(0, header, 0), weighted)
                .isFinal())
        .isFalse();
    assertThat(
            verifier
                .verify(header.number(), header.hash(), certificate(0, header, 0, 1), weighted)
                .isFinal())
        .isTrue();
  }

  @Test
  void duplicateSealsAreRejected() {
    CommitCertificate c = certificate(0, header, 0, 1);
    List<Signature> seals = new ArrayList<>(c.seals());
    seals.add(1, seals.get(0));
    FinalityResult r = verify(new CommitCertificate(0, seals));
    assertThat(r.isFinal()).isFalse();
    assertThat(r.reason()).contains("duplicate");
  }

  @Test
  void sealsOfNonValidatorsAreRejected() {
    FinalityResult r = verify(certificate(0, header, 0, 1, 2, 4));
    assertThat(r.isFinal()).isFalse();
    assertThat(r.reason()).contains("non-validator");
  }

  @Test
  void sealsOutOfSignerOrderAreRejected() {
    List<Signature> seals = new ArrayList<>(certificate(0, header, 0, 1, 2).seals());
    java.util.Collections.reverse(seals);
    assertThat(verify(new CommitCertificate(0, seals)).reason()).contains("ascending");
  }

  @Test
  void sealsForAnotherRoundOrHeaderAreRejected() {
    CommitCertificate c = certificate(1, header, 0, 1, 2);
    assertThat(verify(new CommitCertificate(2, c.seals())).isFinal()).isFalse();
    BlockHeader tampered =
        SimChain.block(genesis, "block one, tampered", List.of(), CommitCertificate.EMPTY).header();
    assertThat(verifier.verify(tampered.number(), tampered.hash(), c, set).isFinal()).isFalse();
  }

  @Test
  void theChildHeaderCarriesTheCertificate() {
    CommitCertificate c = certificate(0, header, 0, 1, 2);
    Block child = SimChain.block(header, "block two", List.of(), c);
    assertThat(verifier.verify(header, child.header(), set).isFinal()).isTrue();

    // A tampered header no longer matches its child's parent hash.
    Block otherChild =
        SimChain.block(
            SimChain.block(genesis, "other", List.of(), CommitCertificate.EMPTY).header(),
            "block two",
            List.of(),
            c);
    assertThat(verifier.verify(header, otherChild.header(), set).reason())
        .contains("does not extend");

    // Tampering with the child's seals breaks them.
    List<Signature> seals = new ArrayList<>(c.seals());
    Signature s = seals.get(2);
    seals.set(2, new Signature(s.r(), s.s().subtract(BigInteger.ONE), s.recId()));
    Block forged = SimChain.block(header, "block two", List.of(), new CommitCertificate(0, seals));
    assertThat(verifier.verify(header, forged.header(), set).isFinal()).isFalse();
  }

  @Test
  void validatorSetTrackerRejectsAnUnprovenTransition() {
    BftExtraData extra = BftExtraData.of(genesis);
    assertThat(extra.validators()).isEqualTo(set.validators());
    var config = BftSimulation.testConfig(2);
    ValidatorSetTracker tracker = new ValidatorSetTracker(genesis, config, verifier);
    List<Validator> next =
        BftSimulation.validators(keys, List.of(4, 1, 2, 3), List.of(1L, 1L, 1L, 1L));
    Block one = SimChain.block(genesis, "one", next, CommitCertificate.EMPTY);
    Block two = SimChain.block(one.header(), "two", List.of(), certificate(0, one.header(), 0, 1));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> tracker.advance(one.header(), two.header()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not final");
    Block twoOk =
        SimChain.block(one.header(), "two", List.of(), certificate(0, one.header(), 0, 1, 3));
    assertThat(tracker.advance(one.header(), twoOk.header())).isEqualTo(new ValidatorSet(next));
    assertThat(tracker.validatorsAt(2)).isEqualTo(new ValidatorSet(next));
    assertThat(tracker.validatorsAt(1)).isEqualTo(set);
  }
}
