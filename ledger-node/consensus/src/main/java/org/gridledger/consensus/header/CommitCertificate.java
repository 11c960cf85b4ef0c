package org.gridledger.consensus.header;

import java.util.Comparator;
import java.util.List;
import org.gridledger.consensus.message.SignedVote;
import org.gridledger.consensus.message.Vote;
import org.gridledger.consensus.message.VoteType;
import org.gridledger.evm.crypto.Signature;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;

/**
 * The commit seals of one block: the round it was committed in and COMMIT vote signatures. Bound to
 * a block by {@link #votes}: the seals are votes {@code (COMMIT, height, round, blockHash)}.
 *
 * @param seals signatures, sorted by signer address when built by {@link #of}
 */
public record CommitCertificate(int round, List<Signature> seals) {
  public CommitCertificate {
    seals = List.copyOf(seals);
    if (round < 0) {
      throw new IllegalArgumentException("round must be non-negative");
    }
  }

  /** The certificate of genesis, which nobody votes on. */
  public static final CommitCertificate EMPTY = new CommitCertificate(0, List.of());

  /**
   * A certificate from COMMIT votes of one round, one per signer, sorted by signer address as
   * decision 0015 requires.
   *
   * @param votes pairs of signer and vote, all for the same round
   */
  public static CommitCertificate of(int round, List<SignerVote> votes) {
    return new CommitCertificate(
        round,
        votes.stream()
            .sorted(Comparator.comparing(SignerVote::signer))
            .map(sv -> sv.vote().signature())
            .toList());
  }

  /** A vote with its recovered signer. */
  public record SignerVote(Address signer, SignedVote vote) {}

  /** The seals as the COMMIT votes they are for block {@code blockHash} at {@code height}. */
  public List<SignedVote> votes(long height, Hash blockHash) {
    Vote vote = new Vote(VoteType.COMMIT, height, round, blockHash);
    return seals.stream().map(s -> new SignedVote(vote, s)).toList();
  }
}
