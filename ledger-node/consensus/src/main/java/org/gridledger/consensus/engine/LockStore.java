package org.gridledger.consensus.engine;

import java.util.Optional;
import org.gridledger.consensus.message.Proposal;

/**
 * A validator's lock, kept across restarts (docs/consensus.md, "Durable lock"): the proposal it
 * prepared in its highest prepared round, with the quorum of PREPARE votes as the proposal's
 * prepared certificate. Without it a restarted validator would claim to be prepared on nothing in
 * its next ROUND-CHANGE, and enough such validators could let a different block be committed at a
 * height where one is already final. The engine saves the lock before it sends the COMMIT vote.
 */
public interface LockStore {
  /** Replaces the stored lock; durable when this returns. */
  void save(Proposal lock);

  /** The stored lock, if any (the engine checks its height, parent and certificate itself). */
  Optional<Proposal> load();
}
