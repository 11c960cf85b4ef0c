package org.gridledger.core.txpool;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;

/**
 * Signed transactions waiting for a block. Thread-safe: RPC threads add, the block producer takes,
 * chain import removes what was included.
 */
public interface TransactionPool {
  /** Validates (statically and against the head state) and admits {@code tx}. */
  AddResult add(Transaction tx);

  /** A pooled transaction by hash. */
  Optional<PooledTransaction> get(Hash hash);

  /**
   * Executable transactions for the next block, best first: per sender in nonce order without gaps
   * from the account's nonce, senders interleaved by effective tip at {@code baseFee}.
   */
  List<PooledTransaction> pending(java.math.BigInteger baseFee);

  /**
   * The next nonce for {@code sender} counting its pending transactions (eth_getTransactionCount
   * "pending").
   */
  long nextNonce(Address sender);

  /** Counts for {@code txpool_status}. */
  Status status();

  /** Every pooled transaction by sender and nonce, split as {@code txpool_content} reports them. */
  Content content();

  /** Called after a block is imported: drops included and now-invalid transactions. */
  void onNewHead();

  /**
   * Registers a listener for each newly admitted transaction (eth_subscribe
   * newPendingTransactions).
   */
  void onAdded(Consumer<PooledTransaction> listener);

  /** Pending (executable) and queued (nonce gap) counts. */
  record Status(int pending, int queued) {}

  /** Pending and queued transactions per sender, by nonce. */
  record Content(
      Map<Address, Map<Long, PooledTransaction>> pending,
      Map<Address, Map<Long, PooledTransaction>> queued) {}
}
