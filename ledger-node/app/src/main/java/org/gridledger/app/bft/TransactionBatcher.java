package org.gridledger.app.bft;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.gridledger.core.tx.Transaction;
import org.gridledger.core.txpool.PooledTransaction;
import org.gridledger.evm.types.Hash;
import org.gridledger.network.eth.EthMessage;

/**
 * Collects the transactions the pool admits and hands them on in batches: the first one waits
 * {@link #BATCH_MILLIS}, then everything queued by then (up to {@link #MAX_BATCH}) goes out as at
 * most two messages per peer instead of one per transaction. Under load of a thousand transactions
 * per second, one message per transaction and peer cost each node thousands of RLPx frames (Snappy,
 * AES, MAC) per second; batching keeps the message count at about 50 per second and peer, for at
 * most {@link #BATCH_MILLIS} more latency.
 *
 * <p>A transaction this node received first (from a local client) goes out in full ({@code eth}
 * Transactions); one it received from a peer is only announced by hash (NewPooledTransactionHashes)
 * and fetched by the peers that lack it ({@link ChainSync}). With every node relaying in full, each
 * transaction crossed every connection in both directions: in the five-node devnet 20 full copies
 * per transaction, each encoded, compressed, encrypted, decrypted, decoded and hashed, where 4
 * reach every node (docs/performance.md). Announcing keeps the relay (a node that only some peers
 * reach still gets the transaction, one request later) at 40 bytes per transaction and connection.
 * Nothing goes to a peer that already told this node about the transaction ({@link
 * KnownTransactions}): a relayed one is not announced back to where it came from.
 */
final class TransactionBatcher implements AutoCloseable {
  static final long BATCH_MILLIS = 20;

  /** 512 transactions of at most a few hundred bytes each stay far below devp2p's 16 MiB. */
  static final int MAX_BATCH = 512;

  /** A transaction to gossip; {@code relayed}: received from a peer, so announced by hash. */
  record Outgoing(PooledTransaction pooled, boolean relayed) {}

  private final LinkedBlockingQueue<Outgoing> queue = new LinkedBlockingQueue<>();
  private final Consumer<List<Outgoing>> send;
  private final Thread thread;
  private volatile boolean closed;

  /**
   * @param send hands one batch to the peers, each getting its {@link #messages(List, Predicate)}
   *     (called on this batcher's own thread)
   */
  TransactionBatcher(Consumer<List<Outgoing>> send) {
    this.send = send;
    this.thread = Thread.ofVirtual().name("tx-gossip").start(this::run);
  }

  /**
   * Queues {@code pooled} for the next batch: in full, or by hash if {@code relayed} (received from
   * a peer).
   */
  void add(PooledTransaction pooled, boolean relayed) {
    if (!closed) {
      queue.add(new Outgoing(pooled, relayed));
    }
  }

  private void run() {
    try {
      while (!closed) {
        Outgoing first = queue.take();
        Thread.sleep(BATCH_MILLIS);
        List<Outgoing> batch = new ArrayList<>();
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        send.accept(List.copyOf(batch));
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  /** The Transactions message of the batch's own transactions and the announcement of the rest. */
  static List<EthMessage> messages(List<Outgoing> batch) {
    return messages(batch, hash -> false);
  }

  /**
   * As {@link #messages(List)} for one peer, leaving out the transactions for which {@code peerHas}
   * is true (the peer told us about them); no message if nothing is left.
   */
  static List<EthMessage> messages(List<Outgoing> batch, Predicate<Hash> peerHas) {
    List<Transaction> full = new ArrayList<>();
    List<PooledTransaction> announced = new ArrayList<>();
    for (Outgoing o : batch) {
      if (peerHas.test(o.pooled().hash())) {
        continue;
      }
      if (o.relayed()) {
        announced.add(o.pooled());
      } else {
        full.add(o.pooled().transaction());
      }
    }
    List<EthMessage> out = new ArrayList<>(2);
    if (!full.isEmpty()) {
      out.add(new EthMessage.Transactions(full));
    }
    if (!announced.isEmpty()) {
      out.add(announcement(announced));
    }
    return out;
  }

  /** eth/68's announcement of {@code txs}: type, encoded size and hash of each. */
  static EthMessage.NewPooledTransactionHashes announcement(List<PooledTransaction> txs) {
    byte[] types = new byte[txs.size()];
    List<Long> sizes = new ArrayList<>(txs.size());
    List<Hash> hashes = new ArrayList<>(txs.size());
    for (int i = 0; i < txs.size(); i++) {
      Transaction tx = txs.get(i).transaction();
      types[i] = (byte) tx.type().code();
      sizes.add((long) tx.encodedSize());
      hashes.add(txs.get(i).hash());
    }
    return new EthMessage.NewPooledTransactionHashes(types, sizes, hashes);
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    queue.clear();
  }
}
