package org.gridledger.consensus.message;

/** PREPARE: the sender accepted the proposal whose block hash it signs. */
public record Prepare(SignedVote vote) implements ConsensusMessage {
  public Prepare {
    if (vote.vote().type() != VoteType.PREPARE) {
      throw new IllegalArgumentException("a PREPARE carries a PREPARE vote");
    }
  }
}
