package org.gridledger.app.bft;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.gridledger.core.txpool.PooledTransaction;
import org.gridledger.core.txpool.TransactionPool;
import org.gridledger.evm.types.Hash;
import org.gridledger.network.eth.EthMessage;

/**
 * Announces again, by hash ({@code eth/68} NewPooledTransactionHashes), the pool's executable
 * transactions that are still waiting a while after they came in; a peer that lacks one asks for it
 * ({@link ChainSync}). Gossip sends each transaction in full once, when the pool admits it, so
 * without this a transaction was lost to the network whenever that one send missed: no peer was
 * connected yet (a node just started or reconnecting), or every peer's pool was full and refused
 * it. A transaction sent to a full node then never reached a proposer, and its sender's later
 * transactions waited behind it for ever (seen under overload in {@code make bench-devnet}).
 *
 * <p>A peer is not offered what it has told this node about ({@link KnownTransactions}, {@link
 * #announcements}): in a well-connected network most waiting transactions then go to no one, while
 * the peers that never confirmed one (its pool may have refused it) still hear of it.
 *
 * <p>Not thread-safe: {@link #tick} runs on one thread, every {@link #PERIOD_MILLIS}.
 */
final class PoolReannouncer {
  /** How often {@link #tick} runs, and how long a transaction waits before it is announced. */
  static final long PERIOD_MILLIS = 2_000;

  /** At most this many hashes per announcement and tick (eth/68's recommended limit). */
  static final int MAX_HASHES = 4_096;

  private final TransactionPool pool;
  private final Consumer<List<PooledTransaction>> announce;
  private final LongSupplier clockMillis;

  /** When each pending transaction was first seen, in milliseconds. */
  private final Map<Hash, Long> seen = new HashMap<>();

  /**
   * @param announce offers the due transactions to every connected peer (each gets its {@link
   *     #announcements})
   * @param clockMillis the time now, in milliseconds
   */
  PoolReannouncer(
      TransactionPool pool, Consumer<List<PooledTransaction>> announce, LongSupplier clockMillis) {
    this.pool = pool;
    this.announce = announce;
    this.clockMillis = clockMillis;
  }

  /**
   * Announces the executable transactions first seen at least {@link #PERIOD_MILLIS} ago, in the
   * pool's pending order, and forgets the ones no longer pending. Returns how many it announced.
   */
  int tick() {
    long now = clockMillis.getAsLong();
    List<PooledTransaction> pending = pool.pending(BigInteger.ZERO);
    Set<Hash> current = new HashSet<>();
    List<PooledTransaction> due = new ArrayList<>();
    for (PooledTransaction p : pending) {
      current.add(p.hash());
      long firstSeen = seen.computeIfAbsent(p.hash(), h -> now);
      if (now - firstSeen >= PERIOD_MILLIS && due.size() < MAX_HASHES) {
        due.add(p);
      }
    }
    seen.keySet().retainAll(current);
    if (!due.isEmpty()) {
      announce.accept(List.copyOf(due));
    }
    return due.size();
  }

  /**
   * The announcement of {@code due} for one peer, without the transactions for which {@code
   * peerHas} is true; none if nothing is left.
   */
  static List<EthMessage> announcements(List<PooledTransaction> due, Predicate<Hash> peerHas) {
    List<PooledTransaction> left = new ArrayList<>(due.size());
    for (PooledTransaction p : due) {
      if (!peerHas.test(p.hash())) {
        left.add(p);
      }
    }
    return left.isEmpty() ? List.of() : List.of(TransactionBatcher.announcement(left));
  }
}
