package org.gridledger.consensus.message;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.gridledger.evm.crypto.Secp256k1;
import org.gridledger.evm.types.Address;

/**
 * Recovers the signers of votes of one chain, remembering the most recent results: the same vote
 * arrives many times (in its own message, in justifications, in certificates), and recovery is the
 * costly step. Thread-safe: the cache is locked, the recovery is not, so a node's sync download
 * (which checks certificates before the engine sees the blocks) and its engine thread can share one
 * and the engine finds the synced blocks' seals already recovered.
 */
public final class VoteVerifier {
  private static final int CACHE_SIZE = 1 << 16;

  private final long chainId;
  private final Map<SignedVote, Optional<Address>> cache =
      new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<SignedVote, Optional<Address>> eldest) {
          return size() > CACHE_SIZE;
        }
      };

  public VoteVerifier(long chainId) {
    this.chainId = chainId;
  }

  public long chainId() {
    return chainId;
  }

  /** The address that signed {@code vote}, empty if the signature is not canonical or invalid. */
  public Optional<Address> signer(SignedVote vote) {
    Optional<Address> known;
    synchronized (cache) {
      known = cache.get(vote);
    }
    if (known != null) {
      return known;
    }
    Optional<Address> signer =
        vote.signature().isCanonical()
            ? Optional.ofNullable(
                Secp256k1.recoverAddress(
                    vote.vote().digest(chainId).unsafeBytes(), vote.signature()))
            : Optional.empty();
    synchronized (cache) {
      cache.put(vote, signer);
    }
    return signer;
  }
}
