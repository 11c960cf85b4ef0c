package org.gridledger.consensus.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.gridledger.consensus.message.SignedVote;
import org.gridledger.consensus.message.VoteType;

/** A {@link SigningLog} in memory: protection within one process only. Not thread-safe. */
public final class InMemorySigningLog implements SigningLog {
  private record Slot(long height, int round, VoteType type) {}

  private final Map<Slot, SignedVote> votes = new HashMap<>();

  @Override
  public Optional<SignedVote> find(long height, int round, VoteType type) {
    return Optional.ofNullable(votes.get(new Slot(height, round, type)));
  }

  @Override
  public void record(SignedVote vote) {
    votes.put(new Slot(vote.vote().height(), vote.vote().round(), vote.vote().type()), vote);
  }

  @Override
  public void pruneBelow(long height) {
    votes.keySet().removeIf(s -> s.height() < height);
  }
}
