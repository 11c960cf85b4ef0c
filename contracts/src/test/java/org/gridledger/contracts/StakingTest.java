package org.gridledger.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Arrays;
import org.gridledger.contracts.bindings.Staking;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/** Candidates, delegation, rewards, unbonding, double-sign slashing and validator election. */
@ExtendWith(GridExtension.class)
class StakingTest {
  private static final BigInteger ZERO = BigInteger.ZERO;
  private static final BigInteger ONE = BigInteger.ONE;
  private static final BigInteger CURVE_ORDER =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

  @Test
  void registrationRules(Grid grid) {
    Actor op = grid.newActor();
    String signer = grid.newActor().address;
    BigInteger min = Grid.MIN_SELF_STAKE;
    BigInteger less = min.subtract(ONE);
    op.revert(op.staking, op.staking.registerCandidate(signer, ZERO, less), less)
        .assertIs("InsufficientSelfStake", min, less);
    op.revert(
            op.staking, op.staking.registerCandidate(signer, BigInteger.valueOf(10_001), min), min)
        .assertIs("BpsTooHigh", 10_001, 10_000);
    String zero = "0x0000000000000000000000000000000000000000";
    op.revert(op.staking, op.staking.registerCandidate(zero, ZERO, min), min)
        .assertIs("SignerInUse", zero, 0);
    TransactionReceipt r =
        op.send(op.staking.registerCandidate(signer, BigInteger.valueOf(500), min));
    var event = Staking.getCandidateRegisteredEvents(r).get(0);
    BigInteger id = event.candidateId;
    assertThat(event.stake).isEqualTo(min);
    op.revert(op.staking, op.staking.registerCandidate(grid.newActor().address, ZERO, min), min)
        .assertIs("CandidateExists", op.address, id);
    Actor op2 = grid.newActor();
    op2.revert(op2.staking, op2.staking.registerCandidate(signer, ZERO, min), min)
        .assertIs("SignerInUse", signer, id);
    for (int i = 1; i < Grid.MAX_CANDIDATES; i++) {
      Actor more = grid.newActor();
      more.send(more.staking.registerCandidate(grid.newActor().address, ZERO, min));
    }
    op2.revert(op2.staking, op2.staking.registerCandidate(grid.newActor().address, ZERO, min), min)
        .assertIs("CandidateLimitReached", Grid.MAX_CANDIDATES);
    assertThat(Actor.items(op.staking.listedCandidates())).hasSize(Grid.MAX_CANDIDATES);
    assertThat(Actor.view(op.staking.candidateOf(op.address))).isEqualTo(id);
    Staking.Candidate c = Actor.view(op.staking.getCandidate(id));
    assertThat(c.signer).isEqualTo(signer);
    assertThat(c.bondedStake).isEqualTo(min);
    assertThat(c.commissionBps).isEqualTo(BigInteger.valueOf(500));
    op.revert(op.staking, op.staking.getCandidate(BigInteger.valueOf(99)))
        .assertIs("CandidateNotFound", 99);
    Staking.Params params = Actor.view(op.staking.getParams());
    assertThat(params.validatorCount).isEqualTo(BigInteger.valueOf(Grid.VALIDATOR_COUNT));
  }

  @Test
  void rewardsAreSharedByStakeAfterCommission(Grid grid) {
    Actor a = grid.newActor();
    Actor b = grid.newActor();
    Actor d = grid.newActor();
    Actor payer = grid.newActor();
    // Rewards before anyone stakes wait for the first stake.
    payer.send(payer.staking.depositRewards(Scenario.ether(1)));
    assertThat(Actor.view(payer.staking.undistributedRewards())).isEqualTo(Scenario.ether(1));

    a.send(
        a.staking.registerCandidate(
            grid.newActor().address, BigInteger.valueOf(1000), Scenario.ether(30)));
    b.send(b.staking.registerCandidate(grid.newActor().address, ZERO, Scenario.ether(10)));
    d.send(d.staking.delegate(BigInteger.TWO, Scenario.ether(10)));
    d.revert(d.staking, d.staking.delegate(BigInteger.TWO, ZERO)).assertIs("ZeroAmount");
    d.revert(d.staking, d.staking.delegate(BigInteger.valueOf(9), ONE), ONE)
        .assertIs("CandidateNotFound", 9);
    assertThat(Actor.view(a.staking.totalActiveStake())).isEqualTo(Scenario.ether(50));

    // 4 ether now + 1 waiting = 5 ether over 50 staked: A's pool 3, B's pool 2.
    payer.send(payer.staking.depositRewards(Scenario.ether(4)));
    assertThat(Actor.view(a.staking.undistributedRewards())).isZero();
    BigInteger aPool = Scenario.ether(3);
    BigInteger aCommission = aPool.divide(BigInteger.TEN);
    assertThat(Actor.view(a.staking.pendingRewards(ONE, a.address)))
        .isEqualTo(aPool.subtract(aCommission));
    assertThat(Actor.view(a.staking.pendingRewards(BigInteger.TWO, b.address)))
        .isEqualTo(Scenario.ether(1));
    assertThat(Actor.view(a.staking.pendingRewards(BigInteger.TWO, d.address)))
        .isEqualTo(Scenario.ether(1));

    a.send(a.staking.claimRewards(ONE));
    assertThat(Actor.view(a.staking.withdrawable(a.address))).isEqualTo(aPool);
    d.send(d.staking.claimRewards(BigInteger.TWO));
    assertThat(Actor.view(d.staking.withdrawable(d.address))).isEqualTo(Scenario.ether(1));
    assertThat(Actor.view(d.staking.pendingRewards(BigInteger.TWO, d.address))).isZero();
    BigInteger before = d.balance();
    d.send(d.staking.withdraw());
    assertThat(d.balance()).isEqualTo(before.add(Scenario.ether(1)));
    d.revert(d.staking, d.staking.withdraw()).assertIs("NothingToWithdraw", d.address);
  }

  @Test
  void unbondingWaitsForThePeriodAndLeavingUnlists(Grid grid) {
    Actor op = grid.newActor();
    Actor d = grid.newActor();
    op.send(op.staking.registerCandidate(grid.newActor().address, ZERO, Scenario.ether(10)));
    d.send(d.staking.delegate(ONE, Scenario.ether(6)));
    d.revert(d.staking, d.staking.undelegate(ONE, ZERO)).assertIs("ZeroAmount");
    d.revert(d.staking, d.staking.undelegate(ONE, Scenario.ether(7)))
        .assertIs("InsufficientStake", Scenario.ether(6), Scenario.ether(7));
    d.revert(d.staking, d.staking.completeUnbonding(ONE))
        .assertIs("NothingUnbonding", 1, d.address);
    TransactionReceipt r = d.send(d.staking.undelegate(ONE, Scenario.ether(4)));
    var unbond = Staking.getUndelegatedEvents(r).get(0);
    assertThat(unbond.releaseAt.longValueExact())
        .isEqualTo(grid.chain.timestampOf(r.getBlockNumber()) + Grid.UNBONDING_PERIOD);
    d.revert(d.staking, d.staking.completeUnbonding(ONE))
        .assertIs("StillUnbonding", unbond.releaseAt);
    var delegation = Actor.view(d.staking.getDelegation(ONE, d.address));
    assertThat(delegation.component2()).isEqualTo(Scenario.ether(2));
    assertThat(delegation.component3()).isEqualTo(Scenario.ether(4));
    assertThat(Actor.view(d.staking.totalActiveStake())).isEqualTo(Scenario.ether(12));
    grid.chain.advance(Grid.UNBONDING_PERIOD);
    d.send(d.staking.completeUnbonding(ONE));
    assertThat(Actor.view(d.staking.withdrawable(d.address))).isEqualTo(Scenario.ether(4));

    // The operator and the delegator leave: the candidate leaves the list.
    d.send(d.staking.undelegate(ONE, Scenario.ether(2)));
    TransactionReceipt last = op.send(op.staking.undelegate(ONE, Scenario.ether(10)));
    assertThat(Staking.getCandidateUnlistedEvents(last)).hasSize(1);
    assertThat(Actor.items(op.staking.listedCandidates())).isEmpty();
    d.revert(d.staking, d.staking.delegate(ONE, ONE), ONE).assertIs("CandidateNotFound", 1);
    assertThat(Actor.items(op.staking.topValidators())).isEmpty();
  }

  @Test
  void doubleSignIsSlashedFromBondedAndUnbondingStake(Grid grid) throws Exception {
    long chainId = grid.chain.chainId();
    Actor op = grid.newActor();
    Actor d = grid.newActor();
    Actor reporter = grid.newActor();
    ECKeyPair voteKey = ECKeyPair.create(BigInteger.valueOf(4242));
    String signer = "0x" + Keys.getAddress(voteKey);
    op.send(op.staking.registerCandidate(signer, ZERO, Scenario.ether(20)));
    d.send(d.staking.delegate(ONE, Scenario.ether(10)));
    d.send(d.staking.undelegate(ONE, Scenario.ether(5)));

    byte[] blockA = Scenario.key("block A");
    byte[] blockB = Scenario.key("block B");
    // The digest the contract documents, computed here independently.
    byte[] digest = digest(chainId, 7, 0, 2, blockA);
    assertThat(
            Actor.view(op.staking.voteDigest(BigInteger.valueOf(7), ZERO, BigInteger.TWO, blockA)))
        .isEqualTo(digest);

    Staking.Vote a = vote(chainId, voteKey, 7, 0, 2, blockA);
    Staking.Vote b = vote(chainId, voteKey, 7, 0, 2, blockB);
    Actor r = reporter;
    r.revert(r.staking, r.staking.submitDoubleSignEvidence(a, a))
        .assertIs("EvidenceNotConflicting");
    r.revert(
            r.staking,
            r.staking.submitDoubleSignEvidence(a, vote(chainId, voteKey, 8, 0, 2, blockB)))
        .assertIs("EvidenceNotConflicting");
    r.revert(
            r.staking,
            r.staking.submitDoubleSignEvidence(a, vote(chainId, voteKey, 7, 1, 2, blockB)))
        .assertIs("EvidenceNotConflicting");
    r.revert(
            r.staking,
            r.staking.submitDoubleSignEvidence(a, vote(chainId, voteKey, 7, 0, 1, blockB)))
        .assertIs("EvidenceNotConflicting");
    Staking.Vote shortSig =
        new Staking.Vote(b.height, b.round, b.voteType, b.blockHash, new byte[64]);
    r.revert(r.staking, r.staking.submitDoubleSignEvidence(a, shortSig))
        .assertIs("InvalidSignature", 1);
    r.revert(r.staking, r.staking.submitDoubleSignEvidence(highS(a), b))
        .assertIs("InvalidSignature", 0);
    ECKeyPair stranger = ECKeyPair.create(BigInteger.valueOf(777));
    String strangerAddress = "0x" + Keys.getAddress(stranger);
    r.revert(
            r.staking,
            r.staking.submitDoubleSignEvidence(a, vote(chainId, stranger, 7, 0, 2, blockB)))
        .assertIs("SignersDiffer", signer, strangerAddress);
    r.revert(
            r.staking,
            r.staking.submitDoubleSignEvidence(
                vote(chainId, stranger, 7, 0, 2, blockA), vote(chainId, stranger, 7, 0, 2, blockB)))
        .assertIs("UnknownSigner", strangerAddress);

    TransactionReceipt slashed = r.send(r.staking.submitDoubleSignEvidence(a, b));
    var event = Staking.getSlashedEvents(slashed).get(0);
    // Bonded 25 and unbonding 5 ether, 10% of each; the reporter earns 10% of that.
    BigInteger expected = Scenario.ether(3);
    assertThat(event.amount).isEqualTo(expected);
    assertThat(event.reporterReward).isEqualTo(expected.divide(BigInteger.TEN));
    assertThat(Actor.view(r.staking.withdrawable(r.address)))
        .isEqualTo(expected.divide(BigInteger.TEN));
    Staking.Candidate c = Actor.view(r.staking.getCandidate(ONE));
    assertThat(c.jailed).isTrue();
    assertThat(c.bondedStake)
        .isEqualTo(Scenario.ether(25).multiply(BigInteger.valueOf(9)).divide(BigInteger.TEN));
    assertThat(Actor.view(r.staking.totalActiveStake())).isZero();
    var delegation = Actor.view(d.staking.getDelegation(ONE, d.address));
    assertThat(delegation.component2()).isEqualTo(new BigInteger("4500000000000000000"));
    assertThat(delegation.component3()).isEqualTo(new BigInteger("4500000000000000000"));
    r.revert(r.staking, r.staking.submitDoubleSignEvidence(b, a))
        .assertIs("EvidenceAlreadyUsed", 1, 7, 0);
    d.revert(d.staking, d.staking.delegate(ONE, ONE), ONE).assertIs("CandidateJailed", 1);
    assertThat(Actor.items(r.staking.topValidators())).isEmpty();

    grid.chain.advance(Grid.UNBONDING_PERIOD);
    d.send(d.staking.completeUnbonding(ONE));
    assertThat(Actor.view(d.staking.withdrawable(d.address)))
        .isEqualTo(new BigInteger("4500000000000000000"));
  }

  @Test
  void topValidatorsAreElectedInTheLastBlockOfAnEpoch(Grid grid) {
    Actor[] ops = new Actor[5];
    String[] signers = new String[5];
    long[] stakes = {10, 40, 20, 40, 30};
    for (int i = 0; i < 5; i++) {
      ops[i] = grid.newActor();
      signers[i] = grid.newActor().address;
      ops[i].send(ops[i].staking.registerCandidate(signers[i], ZERO, Scenario.ether(stakes[i])));
    }
    // Candidate 1 falls below the minimum self-stake after a delegator props it up: not eligible.
    Actor d = grid.newActor();
    d.send(d.staking.delegate(ONE, Scenario.ether(100)));
    ops[0].send(ops[0].staking.undelegate(ONE, Scenario.ether(5)));
    // Stakes: 2 -> 40, 4 -> 40, 5 -> 30, 3 -> 20; ties go to the lower id.
    assertThat(Actor.items(d.staking.topValidators()))
        .containsExactly(BigInteger.TWO, BigInteger.valueOf(4), BigInteger.valueOf(5));

    // eth_call runs in the context of the latest block (block.number is its number on anvil and
    // geth alike); the election transaction goes into the next block.
    long latest = grid.chain.blockNumber();
    long latestEpochEnd = (latest / Grid.EPOCH_LENGTH + 1) * Grid.EPOCH_LENGTH - 1;
    if (latest != latestEpochEnd) {
      d.revert(d.staking, d.staking.electValidators())
          .assertIs("NotEpochEnd", latest, latestEpochEnd);
    }
    long next = latest + 1;
    long epochEnd = (next / Grid.EPOCH_LENGTH + 1) * Grid.EPOCH_LENGTH - 1;
    if (next != epochEnd) {
      grid.chain.mine(epochEnd - next);
    }
    TransactionReceipt elected = d.send(d.staking.electValidators());
    assertThat(elected.getBlockNumber().longValueExact()).isEqualTo(epochEnd);
    var event = Staking.getValidatorSetElectedEvents(elected).get(0);
    BigInteger epoch = BigInteger.valueOf(epochEnd / Grid.EPOCH_LENGTH + 1);
    assertThat(event.epoch).isEqualTo(epoch);
    assertThat(event.signers).containsExactly(signers[1], signers[3], signers[4]);
    var set = Actor.view(d.staking.validatorSetOf(epoch));
    assertThat(set.component1())
        .containsExactly(BigInteger.TWO, BigInteger.valueOf(4), BigInteger.valueOf(5));
    assertThat(set.component2()).containsExactly(signers[1], signers[3], signers[4]);
    assertThat(Actor.view(d.staking.currentEpoch())).isEqualTo(epoch.subtract(ONE));
    assertThat(Actor.view(d.staking.validatorSetOf(epoch.add(ONE))).component1()).isEmpty();
    // A second election in the same block (replayed on that block) is refused.
    d.revertAt(d.staking, d.staking.electValidators(), elected.getBlockNumber())
        .assertIs("AlreadyElected", epoch);
  }

  private static byte[] digest(long chainId, long height, long round, int type, byte[] block) {
    String encoded =
        TypeEncoder.encode(
                new Bytes32(
                    Hash.sha3(
                        "Gridledger consensus vote v1"
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8))))
            + TypeEncoder.encode(new Uint256(chainId))
            + TypeEncoder.encode(new Uint64(height))
            + TypeEncoder.encode(new Uint32(round))
            + TypeEncoder.encode(new Uint8(type))
            + TypeEncoder.encode(new Bytes32(block));
    return Hash.sha3(Numeric.hexStringToByteArray(encoded));
  }

  private static Staking.Vote vote(
      long chainId, ECKeyPair key, long height, long round, int type, byte[] block) {
    Sign.SignatureData sig =
        Sign.signMessage(digest(chainId, height, round, type, block), key, false);
    byte[] packed = new byte[65];
    System.arraycopy(sig.getR(), 0, packed, 0, 32);
    System.arraycopy(sig.getS(), 0, packed, 32, 32);
    packed[64] = sig.getV()[0];
    return new Staking.Vote(
        BigInteger.valueOf(height),
        BigInteger.valueOf(round),
        BigInteger.valueOf(type),
        block,
        packed);
  }

  /** The same signature in its high-s form (valid for ecrecover, rejected by EIP-2 rules). */
  private static Staking.Vote highS(Staking.Vote v) {
    byte[] sig = v.signature.clone();
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
    byte[] flipped = Numeric.toBytesPadded(CURVE_ORDER.subtract(s), 32);
    System.arraycopy(flipped, 0, sig, 32, 32);
    sig[64] = (byte) (sig[64] == 27 ? 28 : 27);
    return new Staking.Vote(v.height, v.round, v.voteType, v.blockHash, sig);
  }
}
