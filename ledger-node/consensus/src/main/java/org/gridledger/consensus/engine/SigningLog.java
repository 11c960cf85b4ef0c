package org.gridledger.consensus.engine;

import java.util.Optional;
import org.gridledger.consensus.message.SignedVote;
import org.gridledger.consensus.message.VoteType;

/**
 * What this validator has signed, so that it never signs two different votes for one (height,
 * round, type), not even across a restart (docs/consensus.md, "Done and remaining"). The engine
 * records a vote before it broadcasts it. A node persists the log durably (written before {@link
 * #record} returns: {@link FileSigningLog}); {@link InMemorySigningLog} protects only within one
 * process.
 */
public interface SigningLog {
  /** The vote signed for this slot, if any. */
  Optional<SignedVote> find(long height, int round, VoteType type);

  /** Records a vote just signed; its slot was empty. */
  void record(SignedVote vote);

  /** Forgets the slots below {@code height} (they can no longer be signed). */
  void pruneBelow(long height);
}
