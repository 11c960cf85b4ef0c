package org.gridledger.app.bft;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.gridledger.evm.types.Hash;

/**
 * For each connected peer, the transactions it has told this node about (sent in full, handed over
 * on request, or announced by hash), so that gossip does not offer a peer what it already holds: a
 * relayed transaction is not announced back to the peer it came from, nor to a peer that announced
 * it first, and {@link PoolReannouncer} skips the peers that told us. go-ethereum keeps such a set
 * per peer too (its {@code knownTxs}).
 *
 * <p>Only what a peer <em>told</em> us counts, not what we sent it: a peer whose pool refused our
 * copy (full, or not yet at that nonce) must still be offered it again later, which is what the
 * re-announcement is for. Each peer's set keeps the latest {@link #capacity} hashes; an older one
 * forgotten only costs a redundant announcement. A session's set goes with the session (weak keys:
 * no disconnect hook needed). Thread-safe.
 *
 * @param <P> how a peer is identified: its session ({@code PeerSession}, compared by identity)
 */
final class KnownTransactions<P> {
  /** Hashes remembered per peer: several seconds of gossip at a thousand transactions a second. */
  static final int DEFAULT_CAPACITY = 16_384;

  private final int capacity;
  private final Map<P, Map<Hash, Boolean>> byPeer =
      Collections.synchronizedMap(new WeakHashMap<>());

  KnownTransactions(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
  }

  /** Records that {@code peer} holds the transaction {@code hash}. */
  void add(P peer, Hash hash) {
    Map<Hash, Boolean> known = byPeer.computeIfAbsent(peer, p -> newSet());
    synchronized (known) {
      known.put(hash, Boolean.TRUE);
    }
  }

  /** Whether {@code peer} has told this node about {@code hash} (among its latest hashes). */
  boolean has(P peer, Hash hash) {
    Map<Hash, Boolean> known = byPeer.get(peer);
    if (known == null) {
      return false;
    }
    synchronized (known) {
      return known.containsKey(hash);
    }
  }

  private Map<Hash, Boolean> newSet() {
    return new LinkedHashMap<>(64, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Hash, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }
}
