package org.gridledger.consensus.message;

import java.util.List;
import java.util.Objects;
import org.gridledger.core.block.Block;

/**
 * PROPOSAL: the proposer of {@code (height, round)} proposes {@code block}, signing its hash. For
 * round &gt; 0 it carries the justification: a quorum of ROUND-CHANGE messages for the round
 * (without attachments) and the prepared certificate of the highest prepared round among them.
 */
public record Proposal(
    SignedVote vote,
    Block block,
    List<RoundChange> justification,
    List<SignedVote> preparedCertificate)
    implements ConsensusMessage {
  public Proposal {
    Objects.requireNonNull(block, "block");
    justification = List.copyOf(justification);
    preparedCertificate = List.copyOf(preparedCertificate);
    if (vote.vote().type() != VoteType.PROPOSAL) {
      throw new IllegalArgumentException("a PROPOSAL carries a PROPOSAL vote");
    }
  }
}
