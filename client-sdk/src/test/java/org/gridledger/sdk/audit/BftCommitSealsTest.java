package org.gridledger.sdk.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.gridledger.consensus.header.BftExtraData;
import org.gridledger.consensus.header.CommitCertificate;
import org.gridledger.consensus.message.SignedVote;
import org.gridledger.consensus.message.Vote;
import org.gridledger.consensus.message.VoteType;
import org.gridledger.consensus.validator.Validator;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.crypto.Signature;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.junit.jupiter.api.Test;

/**
 * The SDK's BFT finality check against headers and certificates made by the consensus module's own
 * classes ({@code BftExtraData}, {@code CommitCertificate}, {@code SignedVote}).
 */
class BftCommitSealsTest {
  private static final long CHAIN = 4242;
  private static final long EPOCH = 4;
  private final List<PrivateKey> keys = new ArrayList<>();
  private final List<org.gridledger.core.block.BlockHeader> chain = new ArrayList<>();

  BftCommitSealsTest() {
    for (int i = 1; i <= 6; i++) {
      keys.add(
          PrivateKey.fromBytes(
              Keccak.of(("bft sdk key " + i).getBytes(StandardCharsets.UTF_8)).toArray()));
    }
  }

  private Validator validator(int key, long weight) {
    return new Validator(keys.get(key).address(), BigInteger.valueOf(weight));
  }

  private static byte[] vanity(String text) {
    return Arrays.copyOf(text.getBytes(StandardCharsets.UTF_8), 32);
  }

  private static org.gridledger.core.block.BlockHeader header(
      Hash parent, long number, BftExtraData extra) {
    return new org.gridledger.core.block.BlockHeader(
        parent,
        Keccak.EMPTY_LIST,
        Address.ZERO,
        Keccak.of(("state " + number).getBytes(StandardCharsets.UTF_8)),
        Keccak.EMPTY_TRIE,
        Keccak.EMPTY_TRIE,
        new byte[256],
        BigInteger.ZERO,
        number,
        30_000_000L,
        0L,
        1_000 + number,
        extra.encode(),
        Hash.ZERO,
        new byte[8],
        BigInteger.valueOf(7),
        Keccak.EMPTY_TRIE,
        0L,
        0L,
        Hash.ZERO);
  }

  /** The SDK's view of a core header (what eth_getBlockByNumber would return). */
  static BlockHeader sdk(org.gridledger.core.block.BlockHeader h) {
    return new BlockHeader(
        h.parentHash().toArray(),
        h.ommersHash().toArray(),
        h.coinbase().toArray(),
        h.stateRoot().toArray(),
        h.transactionsRoot().toArray(),
        h.receiptsRoot().toArray(),
        h.logsBloom(),
        h.difficulty(),
        BigInteger.valueOf(h.number()),
        BigInteger.valueOf(h.gasLimit()),
        BigInteger.valueOf(h.gasUsed()),
        BigInteger.valueOf(h.timestamp()),
        h.extraData(),
        h.mixHash().toArray(),
        h.nonce(),
        h.baseFeePerGas(),
        h.withdrawalsRoot().toArray(),
        BigInteger.valueOf(h.blobGasUsed()),
        BigInteger.valueOf(h.excessBlobGas()),
        h.parentBeaconBlockRoot().toArray());
  }

  private CommitCertificate certificate(
      org.gridledger.core.block.BlockHeader block, int round, long chainId, int... signers) {
    List<CommitCertificate.SignerVote> votes = new ArrayList<>();
    for (int k : signers) {
      SignedVote v =
          SignedVote.sign(
              new Vote(VoteType.COMMIT, block.number(), round, block.hash()), chainId, keys.get(k));
      votes.add(new CommitCertificate.SignerVote(keys.get(k).address(), v));
    }
    return CommitCertificate.of(round, votes);
  }

  /**
   * Genesis with validators 0-3 (weights 1 each); epoch 0's last block (3) elects 1-4 (weights 1,
   * 1, 1, 3). Every block's certificate is by {@code sealers(n)}.
   */
  private void buildChain(int length) {
    List<Validator> set0 =
        List.of(validator(0, 1), validator(1, 1), validator(2, 1), validator(3, 1));
    List<Validator> set1 =
        List.of(validator(1, 1), validator(2, 1), validator(3, 1), validator(4, 3));
    chain.add(
        header(Hash.ZERO, 0, new BftExtraData(vanity("genesis"), set0, CommitCertificate.EMPTY)));
    for (long n = 1; n <= length; n++) {
      org.gridledger.core.block.BlockHeader parent = chain.get((int) n - 1);
      long parentNumber = n - 1;
      CommitCertificate cert =
          parentNumber == 0
              ? CommitCertificate.EMPTY
              : parentNumber < EPOCH
                  ? certificate(parent, (int) (parentNumber % 2), CHAIN, 0, 1, 2)
                  : certificate(parent, 0, CHAIN, 4, 1, 2);
      List<Validator> next = n == EPOCH - 1 ? set1 : List.of();
      chain.add(header(parent.hash(), n, new BftExtraData(vanity("b" + n), next, cert)));
    }
  }

  private BftCommitSeals.HeaderSource source() {
    return n ->
        n.intValueExact() < chain.size()
            ? Optional.of(sdk(chain.get(n.intValueExact())))
            : Optional.empty();
  }

  private BftCommitSeals verifier() {
    return new BftCommitSeals(CHAIN, EPOCH, source());
  }

  @Test
  void aValidCertificateIsAcceptedAcrossAnEpochChange() throws ProofException {
    buildChain(8);
    BftCommitSeals v = verifier();
    assertThat(v.verify(sdk(chain.get(2))))
        .contains("commit seals in block 3 from 3 of 4 validators of epoch 0")
        .contains("weight 3 of 4");
    // Block 5 is in epoch 1: the set of block 3's header (followed after verifying block 3).
    assertThat(v.verify(sdk(chain.get(5))))
        .contains("from 3 of 4 validators of epoch 1")
        .contains("weight 5 of 6");
    assertThat(v.setOfEpoch(1).stream().map(BftCommitSeals.Validator::signer).toList())
        .containsExactly(
            keys.get(1).address().toHex(),
            keys.get(2).address().toHex(),
            keys.get(3).address().toHex(),
            keys.get(4).address().toHex());
    assertThat(v.verify(sdk(chain.get(0)))).contains("genesis");
  }

  @Test
  void theNewestBlockIsNotProvablyFinalYet() {
    buildChain(3);
    assertThatThrownBy(() -> verifier().verify(sdk(chain.get(3))))
        .isInstanceOf(ProofException.class)
        .hasMessageContaining("block 4, which does not exist yet");
  }

  /** Replaces block 2's child (block 3) with one whose certificate is {@code cert}. */
  private BlockHeader childWith(CommitCertificate cert) {
    org.gridledger.core.block.BlockHeader parent = chain.get(2);
    return sdk(header(parent.hash(), 3, new BftExtraData(vanity("b3"), List.of(), cert)));
  }

  private List<BftCommitSeals.Validator> set0() throws ProofException {
    return verifier().setOfEpoch(0);
  }

  @Test
  void tooFewSealsAreRejected() throws ProofException {
    buildChain(3);
    // 2 of 4 equal weights is exactly 1/2; even 2/3 exactly would not be "more than 2/3".
    assertThatThrownBy(
            () ->
                BftCommitSeals.checkCertificate(
                    sdk(chain.get(2)),
                    childWith(certificate(chain.get(2), 0, CHAIN, 0, 1)),
                    set0(),
                    CHAIN))
        .isInstanceOf(ProofException.class)
        .hasMessageContaining("weight 2 of 4: not more than 2/3");
    // Exactly 2/3 (2 of 3 equal weights) is not a quorum either.
    assertThatThrownBy(
            () ->
                BftCommitSeals.checkCertificate(
                    sdk(chain.get(2)),
                    childWith(certificate(chain.get(2), 0, CHAIN, 0, 1)),
                    set0().subList(0, 3),
                    CHAIN))
        .hasMessageContaining("weight 2 of 3: not more than 2/3");
  }

  @Test
  void aDuplicateSealIsRejected() throws ProofException {
    buildChain(3);
    CommitCertificate three = certificate(chain.get(2), 0, CHAIN, 0, 1, 2);
    List<Signature> seals = new ArrayList<>(three.seals());
    seals.add(1, seals.get(0));
    assertThatThrownBy(
            () ->
                BftCommitSeals.checkCertificate(
                    sdk(chain.get(2)), childWith(new CommitCertificate(0, seals)), set0(), CHAIN))
        .isInstanceOf(ProofException.class)
        .hasMessageContaining("duplicate seal by");
  }

  @Test
  void aSealOfANonValidatorIsRejected() throws ProofException {
    buildChain(3);
    assertThatThrownBy(
            () ->
                BftCommitSeals.checkCertificate(
                    sdk(chain.get(2)),
                    childWith(certificate(chain.get(2), 0, CHAIN, 0, 1, 5)),
                    set0(),
                    CHAIN))
        .isInstanceOf(ProofException.class)
        .hasMessageContaining("is by " + keys.get(5).address().toHex())
        .hasMessageContaining("not a validator");
  }

  @Test
  void aTamperedHeaderIsRejected() throws ProofException {
    buildChain(4);
    BlockHeader real = sdk(chain.get(2));
    byte[] otherRoot = real.stateRoot().clone();
    otherRoot[0] ^= 1;
    assertThatThrownBy(
            () ->
                BftCommitSeals.checkCertificate(
                    real.withStateRoot(otherRoot), sdk(chain.get(3)), set0(), CHAIN))
        .isInstanceOf(ProofException.class)
        .hasMessageContaining("does not extend block 2");
    // A child re-pointed at the tampered header: the seals were signed for the real hash.
    org.gridledger.core.block.BlockHeader realChild = chain.get(3);
    BlockHeader tampered = real.withStateRoot(otherRoot);
    BlockHeader forgedChild =
        sdk(header(Hash.wrap(tampered.hash()), 3, BftExtraData.of(realChild)));
    assertThatThrownBy(() -> BftCommitSeals.checkCertificate(tampered, forgedChild, set0(), CHAIN))
        .isInstanceOf(ProofException.class)
        .hasMessageContaining("not a validator");
  }

  @Test
  void sealsForAnotherChainIdAreRejected() throws ProofException {
    buildChain(3);
    assertThatThrownBy(
            () ->
                BftCommitSeals.checkCertificate(
                    sdk(chain.get(2)),
                    childWith(certificate(chain.get(2), 0, CHAIN + 1, 0, 1, 2)),
                    set0(),
                    CHAIN))
        .isInstanceOf(ProofException.class)
        .hasMessageContaining("not a validator");
    // And a verifier told the wrong chain id rejects the genuine certificate.
    assertThatThrownBy(
            () -> new BftCommitSeals(CHAIN + 1, EPOCH, source()).verify(sdk(chain.get(2))))
        .isInstanceOf(ProofException.class)
        .hasMessageContaining("not a validator");
  }

  @Test
  void theVerifierIsPickedByTheHeaderFormat() throws ProofException {
    buildChain(3);
    SealVerifier auto = SealVerifiers.byHeaderFormat(SingleValidatorSeal.devnet(), verifier());
    assertThat(auto.verify(sdk(chain.get(2)))).contains("commit seals in block 3");
    assertThat(BftCommitSeals.isBftExtraData(new byte[97])).isFalse();
    assertThat(BftCommitSeals.isBftExtraData(chain.get(1).extraData())).isTrue();
  }

  @Test
  void theDigestIsTheConsensusModulesVoteDigest() {
    Hash block = Keccak.of("x".getBytes(StandardCharsets.UTF_8));
    assertThat(BftCommitSeals.voteDigest(CHAIN, 7, 3, 2, block.toArray()))
        .isEqualTo(new Vote(VoteType.COMMIT, 7, 3, block).digest(CHAIN).toArray());
  }
}
