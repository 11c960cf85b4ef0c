package org.gridledger.core.devnet;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.gridledger.core.tx.Transaction;
import org.gridledger.core.txpool.AddResult;
import org.gridledger.core.txpool.PooledTransaction;
import org.gridledger.core.txpool.TransactionPool;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;

/**
 * A pool that seals an admitted transaction before {@link #add} returns, when the producer runs in
 * instant mode with automine on ({@link BlockProducer#sealPending}): anvil's and hardhat's
 * automine, so a client finds the receipt on its first poll. Everything else is the wrapped pool's.
 * Only {@code gridledger dev} wires it.
 */
public final class AutominePool implements TransactionPool {
  private final TransactionPool pool;
  private final BlockProducer producer;

  public AutominePool(TransactionPool pool, BlockProducer producer) {
    this.pool = pool;
    this.producer = producer;
  }

  @Override
  public AddResult add(Transaction tx) {
    AddResult result = pool.add(tx);
    if (result instanceof AddResult.Added) {
      producer.sealPending();
    }
    return result;
  }

  @Override
  public Optional<PooledTransaction> get(Hash hash) {
    return pool.get(hash);
  }

  @Override
  public List<PooledTransaction> pending(BigInteger baseFee) {
    return pool.pending(baseFee);
  }

  @Override
  public long nextNonce(Address sender) {
    return pool.nextNonce(sender);
  }

  @Override
  public Status status() {
    return pool.status();
  }

  @Override
  public Content content() {
    return pool.content();
  }

  @Override
  public void onNewHead() {
    pool.onNewHead();
  }

  @Override
  public void onAdded(Consumer<PooledTransaction> listener) {
    pool.onAdded(listener);
  }
}
