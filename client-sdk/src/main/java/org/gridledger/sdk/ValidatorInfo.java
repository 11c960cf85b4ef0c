package org.gridledger.sdk;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A validator candidate in {@code Staking} as its operator sees it (docs/operator-guide.md, "Run a
 * validator").
 *
 * @param candidateId the candidate id
 * @param operator the account that registered it and holds its self-stake
 * @param signer the consensus key's address (what the node signs votes with)
 * @param commissionBps the operator's share of the candidate's rewards
 * @param jailed slashed for a double sign; never elected again
 * @param listed has bonded stake (only listed candidates can be elected)
 * @param bondedStake stake of all delegators that counts for the election (the voting weight)
 * @param unbondingStake stake on its way out, still slashable until released
 * @param operatorStake the operator's own bonded stake
 * @param operatorUnbonding the operator's unbonding stake
 * @param releaseAt when the operator's unbonding stake can be completed (unix seconds; 0: none)
 * @param epoch the current epoch
 * @param inCurrentSet whether its signer is in the current epoch's validator set
 * @param electedIfEndedNow whether it is among the candidates the election would choose now
 * @param nextElectionBlock the block whose start elects the next epoch's set (the current epoch's
 *     last block); stake changed before it counts there
 */
public record ValidatorInfo(
    long candidateId,
    String operator,
    String signer,
    int commissionBps,
    boolean jailed,
    boolean listed,
    BigInteger bondedStake,
    BigInteger unbondingStake,
    BigInteger operatorStake,
    BigInteger operatorUnbonding,
    long releaseAt,
    long epoch,
    boolean inCurrentSet,
    boolean electedIfEndedNow,
    long nextElectionBlock) {
  public ValidatorInfo {
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(signer, "signer");
  }
}
