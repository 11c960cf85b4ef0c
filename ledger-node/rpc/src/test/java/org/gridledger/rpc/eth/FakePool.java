package org.gridledger.rpc.eth;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.gridledger.core.tx.Transaction;
import org.gridledger.core.txpool.AddResult;
import org.gridledger.core.txpool.PooledTransaction;
import org.gridledger.core.txpool.TransactionPool;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;

/** A minimal pool for the RPC tests: everything with a sender is pending; no eviction. */
final class FakePool implements TransactionPool {
  private final Map<Hash, PooledTransaction> txs = new LinkedHashMap<>();
  private final List<Consumer<PooledTransaction>> listeners = new CopyOnWriteArrayList<>();
  private final ToLongFunction<Address> stateNonce;

  FakePool(ToLongFunction<Address> stateNonce) {
    this.stateNonce = stateNonce;
  }

  @Override
  public synchronized AddResult add(Transaction tx) {
    Hash hash = tx.hash();
    if (txs.containsKey(hash)) {
      return new AddResult.Rejected("already known");
    }
    Optional<Address> sender = tx.sender();
    if (sender.isEmpty()) {
      return new AddResult.Rejected("invalid sender");
    }
    if (tx.nonce() < stateNonce.applyAsLong(sender.get())) {
      return new AddResult.Rejected("nonce too low");
    }
    PooledTransaction pt = new PooledTransaction(tx, sender.get(), hash);
    txs.put(hash, pt);
    listeners.forEach(l -> l.accept(pt));
    return new AddResult.Added(hash);
  }

  @Override
  public synchronized Optional<PooledTransaction> get(Hash hash) {
    return Optional.ofNullable(txs.get(hash));
  }

  @Override
  public synchronized List<PooledTransaction> pending(BigInteger baseFee) {
    return new ArrayList<>(txs.values());
  }

  @Override
  public synchronized long nextNonce(Address sender) {
    long next = stateNonce.applyAsLong(sender);
    for (PooledTransaction pt : txs.values()) {
      if (pt.sender().equals(sender) && pt.transaction().nonce() >= next) {
        next = pt.transaction().nonce() + 1;
      }
    }
    return next;
  }

  @Override
  public synchronized Status status() {
    return new Status(txs.size(), 0);
  }

  @Override
  public synchronized Content content() {
    Map<Address, Map<Long, PooledTransaction>> pending = new TreeMap<>();
    for (PooledTransaction pt : txs.values()) {
      pending.computeIfAbsent(pt.sender(), a -> new TreeMap<>()).put(pt.transaction().nonce(), pt);
    }
    return new Content(pending, Map.of());
  }

  @Override
  public synchronized void onNewHead() {
    txs.clear();
  }

  @Override
  public void onAdded(Consumer<PooledTransaction> listener) {
    listeners.add(listener);
  }
}
