package org.gridledger.rpc.eth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;

/**
 * Senders of recent transactions by transaction hash, so that answering with full transactions
 * (blocks with {@code fullTransactions}, transactions by hash, receipts) does not run one secp256k1
 * recovery per transaction on every request. Recovery costs about 0.3 ms, far more than rendering
 * the rest of a transaction; an indexer reading blocks with full transactions was bound by it.
 *
 * <p>Filled by the transaction pool as it admits transactions (which recovered the sender already)
 * and on every miss. Bounded: the oldest entries go first. A wrong entry cannot happen: the key is
 * the hash of the signed transaction, which fixes its signature and so its sender.
 */
final class SenderCache {
  /** About 5 MiB at most: enough for several full blocks of transfers. */
  static final int DEFAULT_CAPACITY = 32_768;

  /** Misses below which {@link #recoverMissing} leaves recovery to the caller's thread. */
  static final int PARALLEL_FROM = 8;

  private final Map<Hash, Address> senders;
  private final AtomicLong recoveries = new AtomicLong();

  SenderCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.senders =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Hash, Address> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Records a sender the caller already knows (the pool recovered it on admission). */
  void put(Hash txHash, Address sender) {
    synchronized (senders) {
      senders.put(txHash, sender);
    }
  }

  /** The sender of {@code tx}, or the zero address for an unsigned or unrecoverable one. */
  Address of(Transaction tx) {
    Hash hash = tx.hash();
    synchronized (senders) {
      Address known = senders.get(hash);
      if (known != null) {
        return known;
      }
    }
    Address recovered = recover(tx);
    put(hash, recovered);
    return recovered;
  }

  /**
   * Recovers, on several cores, the senders of those of {@code txs} that are not cached yet, so
   * that the {@link #of} calls that follow answer from the map. For a block read with full
   * transactions after a restart (every sender a miss: the pool never saw them) one request then
   * uses every core instead of one; a few transactions are not worth the hand-off.
   */
  void recoverMissing(List<Transaction> txs) {
    if (txs.size() < PARALLEL_FROM) {
      return;
    }
    List<Transaction> missing = new ArrayList<>();
    synchronized (senders) {
      for (Transaction tx : txs) {
        if (!senders.containsKey(tx.hash())) {
          missing.add(tx);
        }
      }
    }
    if (missing.size() < PARALLEL_FROM) {
      return;
    }
    missing.parallelStream().forEach(tx -> put(tx.hash(), recover(tx)));
  }

  private Address recover(Transaction tx) {
    recoveries.incrementAndGet();
    return tx.sender().orElse(Address.ZERO);
  }

  /** How many senders this cache recovered from signatures (a seam for tests). */
  long recoveries() {
    return recoveries.get();
  }

  int size() {
    synchronized (senders) {
      return senders.size();
    }
  }
}
