package org.gridledger.consensus.evidence;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gridledger.consensus.message.SignedVote;
import org.gridledger.consensus.message.VoteType;
import org.gridledger.evm.types.Address;

/**
 * Remembers the first verified vote per {@code (signer, height, round, type)} and turns a second
 * one with a different value into {@link Evidence}, once per key. Heights below the pruning point
 * are forgotten. Not thread-safe.
 */
public final class EquivocationDetector {
  private record Key(Address signer, long height, int round, VoteType type) {}

  private final Map<Key, SignedVote> first = new HashMap<>();
  private final Set<Key> reported = new HashSet<>();

  /**
   * Records {@code vote}, already verified to be signed by {@code signer}; returns evidence if it
   * conflicts with an earlier vote of that signer and the pair was not reported yet.
   */
  public Optional<Evidence> observe(Address signer, SignedVote vote) {
    Key key = new Key(signer, vote.vote().height(), vote.vote().round(), vote.vote().type());
    SignedVote earlier = first.putIfAbsent(key, vote);
    if (earlier == null
        || earlier.vote().value().equals(vote.vote().value())
        || !reported.add(key)) {
      return Optional.empty();
    }
    return Optional.of(new Evidence(signer, earlier, vote));
  }

  /** Forgets every vote below {@code height}. */
  public void pruneBelow(long height) {
    first.keySet().removeIf(k -> k.height() < height);
    reported.removeIf(k -> k.height() < height);
  }
}
