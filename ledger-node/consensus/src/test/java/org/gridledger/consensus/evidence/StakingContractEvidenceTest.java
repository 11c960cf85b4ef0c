package org.gridledger.consensus.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.gridledger.consensus.message.SignedVote;
import org.gridledger.consensus.message.Vote;
import org.gridledger.consensus.message.VoteType;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.env.BlockEnv;
import org.gridledger.evm.env.TxEnv;
import org.gridledger.evm.state.InMemoryState;
import org.gridledger.evm.state.JournaledState;
import org.gridledger.evm.tx.TransactionExecutor;
import org.gridledger.evm.tx.TransactionResult;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;
import org.gridledger.genesis.ContractArtifact;
import org.gridledger.genesis.GridContract;
import org.gridledger.genesis.abi.ContractAbi;
import org.junit.jupiter.api.Test;

/**
 * Our votes and evidence against the compiled Staking contract itself, run in our EVM: its {@code
 * voteDigest} equals {@link Vote#digest}, and {@link Evidence#stakingCallData()} slashes and jails
 * the double signer.
 */
class StakingContractEvidenceTest {
  private static final long CHAIN = 31337;
  private static final Address STAKING = GridContract.STAKING.address();
  private static final Address OPERATOR = Address.ofLow(0xabc001);
  private static final Address REPORTER = Address.ofLow(0xabc002);
  private static final BigInteger STAKE = BigInteger.TEN.pow(21);

  private final ContractArtifact artifact = ContractArtifact.load(GridContract.STAKING);
  private final ContractAbi abi = artifact.abi();
  private final InMemoryState state = new InMemoryState();
  private final BlockEnv block =
      BlockEnv.cancun(Address.ZERO, 100, 1_000, 30_000_000, UInt256.ZERO, Hash.ZERO, 0, CHAIN);
  private final PrivateKey signerKey =
      PrivateKey.fromBytes(Keccak.hash("double signer".getBytes(StandardCharsets.UTF_8)));

  private TransactionResult.Executed send(Address from, byte[] data, BigInteger value) {
    JournaledState working = new JournaledState(state);
    TxEnv tx =
        TxEnv.legacy(
            from, STAKING, working.nonce(from), UInt256.of(value), data, 10_000_000, UInt256.ZERO);
    TransactionResult result = TransactionExecutor.cancun().execute(working, block, tx);
    assertThat(result).isInstanceOf(TransactionResult.Executed.class);
    TransactionResult.Executed executed = (TransactionResult.Executed) result;
    state.apply(executed.changes());
    return executed;
  }

  private List<Object> call(String function, Object... args) {
    ContractAbi.Function f = abi.function(function);
    TransactionResult.Executed r = send(Address.ZERO, f.encodeCall(args), BigInteger.ZERO);
    assertThat(r.isSuccess()).as(function).isTrue();
    return f.decodeOutput(r.result().output());
  }

  private void setUp() {
    state.put(STAKING, 1, UInt256.ZERO, artifact.deployedBytecode());
    state.put(OPERATOR, 0, UInt256.of(STAKE.multiply(BigInteger.TEN)), new byte[0]);
    state.put(REPORTER, 0, UInt256.ZERO, new byte[0]);
    state.put(Address.ZERO, 0, UInt256.ZERO, new byte[0]);
    // Params: minSelfStake, maxCandidates, validatorCount, epochLength, unbondingPeriod, slashBps,
    // reporterRewardBps.
    List<Object> params =
        List.of(
            STAKE,
            BigInteger.valueOf(10),
            BigInteger.valueOf(4),
            BigInteger.valueOf(100),
            BigInteger.valueOf(3600),
            BigInteger.valueOf(1000),
            BigInteger.valueOf(500));
    assertThat(
            send(OPERATOR, abi.function("initialize").encodeCall(params), BigInteger.ZERO)
                .isSuccess())
        .isTrue();
    byte[] register =
        abi.function("registerCandidate").encodeCall(signerKey.address(), BigInteger.ZERO);
    assertThat(send(OPERATOR, register, STAKE).isSuccess()).isTrue();
  }

  private SignedVote vote(Hash value) {
    return SignedVote.sign(new Vote(VoteType.COMMIT, 77, 3, value), CHAIN, signerKey);
  }

  @Test
  void theContractsVoteDigestIsOurs() {
    setUp();
    Hash value = Keccak.of("a block".getBytes(StandardCharsets.UTF_8));
    for (VoteType t : VoteType.values()) {
      Vote v = new Vote(t, 123_456, 7, value);
      List<Object> out =
          call(
              "voteDigest",
              BigInteger.valueOf(v.height()),
              BigInteger.valueOf(v.round()),
              BigInteger.valueOf(t.code()),
              value.toArray());
      assertThat((byte[]) out.get(0)).isEqualTo(v.digest(CHAIN).toArray());
    }
  }

  @Test
  void evidenceFromTwoConflictingVotesSlashesAndJailsTheSigner() {
    setUp();
    EquivocationDetector detector = new EquivocationDetector();
    Hash a = Keccak.of("block a".getBytes(StandardCharsets.UTF_8));
    Hash b = Keccak.of("block b".getBytes(StandardCharsets.UTF_8));
    assertThat(detector.observe(signerKey.address(), vote(a))).isEmpty();
    Evidence evidence = detector.observe(signerKey.address(), vote(b)).orElseThrow();

    TransactionResult.Executed r = send(REPORTER, evidence.stakingCallData(), BigInteger.ZERO);
    assertThat(r.isSuccess()).isTrue();
    // Candidate 1: (operator, signer, commissionBps, jailed, listed, registeredAt, bondedStake,
    // ...)
    List<?> candidate = (List<?>) call("getCandidate", BigInteger.ONE).get(0);
    assertThat(candidate.get(1)).isEqualTo(signerKey.address());
    assertThat(candidate.get(3)).isEqualTo(Boolean.TRUE);
    // slashBps 1000: a tenth of the bonded stake is gone.
    assertThat(candidate.get(6)).isEqualTo(STAKE.subtract(STAKE.divide(BigInteger.TEN)));

    // The same evidence again is refused (EvidenceAlreadyUsed).
    assertThat(send(REPORTER, evidence.stakingCallData(), BigInteger.ZERO).isSuccess()).isFalse();
  }
}
