package org.gridledger.consensus.message;

/**
 * A consensus message: one signed vote plus, for PROPOSAL and ROUND-CHANGE, attachments that are
 * verifiable on their own (docs/consensus.md, "Messages"). Immutable.
 */
public sealed interface ConsensusMessage permits Proposal, Prepare, Commit, RoundChange {
  /** The signed vote that identifies the sender and the (height, round) of the message. */
  SignedVote vote();

  default long height() {
    return vote().vote().height();
  }

  default int round() {
    return vote().vote().round();
  }

  default VoteType type() {
    return vote().vote().type();
  }
}
