package org.gridledger.consensus.message;

/**
 * COMMIT: the sender saw a quorum of PREPAREs for the block hash it signs; the signature is the
 * block's commit seal.
 */
public record Commit(SignedVote vote) implements ConsensusMessage {
  public Commit {
    if (vote.vote().type() != VoteType.COMMIT) {
      throw new IllegalArgumentException("a COMMIT carries a COMMIT vote");
    }
  }
}
