package org.gridledger.consensus.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridledger.consensus.header.CommitCertificate;
import org.gridledger.consensus.message.SignedVote;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;

/**
 * The PREPARE or COMMIT votes of one height, by round, signer and value. A validator that signs two
 * values for one round is kept with both: which of its votes a node hears first depends on the
 * network, and counting only that one could leave an honest node short of a quorum the others
 * reached with the equivocator's other vote (docs/consensus.md, "Equivocation"). Counting a signer
 * once per value is what quorum intersection assumes; the detector reports the double sign.
 *
 * <p>At most {@link #VALUES_PER_SIGNER} values are kept per signer and round, so a faulty validator
 * cannot grow the tally without bound. Not thread-safe.
 */
final class VoteTally {
  /** Values kept per (round, signer); more than one is already evidence. */
  static final int VALUES_PER_SIGNER = 4;

  private final Map<Integer, Map<Address, Map<Hash, SignedVote>>> byRound = new HashMap<>();

  /** Records {@code vote} by {@code signer}; false if it was known or over the per-signer limit. */
  boolean add(Address signer, SignedVote vote) {
    Map<Hash, SignedVote> values =
        byRound
            .computeIfAbsent(vote.vote().round(), r -> new LinkedHashMap<>())
            .computeIfAbsent(signer, s -> new LinkedHashMap<>());
    Hash value = vote.vote().value();
    if (values.containsKey(value) || values.size() >= VALUES_PER_SIGNER) {
      return false;
    }
    values.put(value, vote);
    return true;
  }

  /** The votes for {@code value} in {@code round}, one per signer, in arrival order. */
  List<CommitCertificate.SignerVote> votesFor(int round, Hash value) {
    List<CommitCertificate.SignerVote> out = new ArrayList<>();
    byRound
        .getOrDefault(round, Map.of())
        .forEach(
            (signer, values) -> {
              SignedVote v = values.get(value);
              if (v != null) {
                out.add(new CommitCertificate.SignerVote(signer, v));
              }
            });
    return out;
  }

  /** The values voted for in {@code round}, in first-arrival order. */
  List<Hash> values(int round) {
    Set<Hash> seen = new java.util.LinkedHashSet<>();
    byRound.getOrDefault(round, Map.of()).values().forEach(v -> seen.addAll(v.keySet()));
    return List.copyOf(seen);
  }

  /** The rounds with at least one vote. */
  List<Integer> rounds() {
    return List.copyOf(byRound.keySet());
  }

  void clear() {
    byRound.clear();
  }
}
