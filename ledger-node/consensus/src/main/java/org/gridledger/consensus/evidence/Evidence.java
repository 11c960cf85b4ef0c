package org.gridledger.consensus.evidence;

import java.math.BigInteger;
import java.util.List;
import org.gridledger.consensus.message.SignedVote;
import org.gridledger.consensus.message.Vote;
import org.gridledger.evm.types.Address;
import org.gridledger.genesis.ContractArtifact;
import org.gridledger.genesis.GridContract;
import org.gridledger.genesis.abi.ContractAbi;

/**
 * Two votes of {@code signer} for the same height, round and type but different values: proof that
 * it double-signed, as {@code Staking.submitDoubleSignEvidence(first, second)} accepts it.
 */
public record Evidence(Address signer, SignedVote first, SignedVote second) {
  private static final ContractAbi.Function SUBMIT =
      ContractArtifact.load(GridContract.STAKING).abi().function("submitDoubleSignEvidence");

  public Evidence {
    Vote a = first.vote();
    Vote b = second.vote();
    if (a.height() != b.height()
        || a.round() != b.round()
        || a.type() != b.type()
        || a.value().equals(b.value())) {
      throw new IllegalArgumentException("votes do not conflict: " + a + ", " + b);
    }
  }

  /** The address evidence is sent to: Staking's fixed address. */
  public static Address stakingAddress() {
    return GridContract.STAKING.address();
  }

  /**
   * Call data of {@code submitDoubleSignEvidence(Vote first, Vote second)}, each vote the tuple
   * {@code (uint64 height, uint32 round, uint8 voteType, bytes32 blockHash, bytes signature)},
   * encoded with the committed Staking ABI.
   */
  public byte[] stakingCallData() {
    return SUBMIT.encodeCall(tuple(first), tuple(second));
  }

  private static List<Object> tuple(SignedVote v) {
    return List.of(
        BigInteger.valueOf(v.vote().height()),
        BigInteger.valueOf(v.vote().round()),
        BigInteger.valueOf(v.vote().type().code()),
        v.vote().value().toArray(),
        v.signatureBytes());
  }
}
