package org.gridledger.core.txpool;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.state.WorldState;
import org.gridledger.core.tx.BlobTransaction;
import org.gridledger.core.tx.Transaction;
import org.gridledger.core.tx.TransactionValidator;
import org.gridledger.core.tx.ValidationResult;
import org.gridledger.evm.gas.IntrinsicGas;
import org.gridledger.evm.state.AccountInfo;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.UInt256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TransactionPool} in memory, checked against the head state of a {@link Blockchain}.
 *
 * <p><b>Admission</b>, in go-ethereum's order and with its messages (legacypool and
 * txpool/validation.go): already known; type supported (blob transactions are not, see below);
 * size; chain id; init code size; gas limit against the head's block gas limit; tip not above fee
 * cap; the other static rules of {@link TransactionValidator}; a recoverable sender; intrinsic gas;
 * then against the head state: nonce not below the account's, balance covering {@code gasLimit *
 * maxFeePerGas + value}; a replacement (same sender and nonce) must raise both fee cap and tip by
 * at least 10%; finally the limits of {@link TxPoolLimits}: a sender may go beyond its guaranteed
 * share while the pool has room, and a full pool first takes back what senders hold beyond it.
 *
 * <p><b>Pending and queued.</b> A sender's transactions whose nonces run without a gap from its
 * account nonce are pending (executable), the rest queued. A fee cap below the current base fee is
 * admitted (the base fee may fall) but {@link #pending(BigInteger)} stops a sender's run at such a
 * transaction.
 *
 * <p><b>Blob transactions</b> (EIP-4844) are refused with "transaction type not supported": the
 * network form with blobs, commitments and proofs would have to be kept and served with the block,
 * and the single-validator devnet has no consumer for blobs. Blocks containing blob transactions
 * still import (their validity is the chain's business).
 *
 * <p>Thread-safe: one lock guards the pool; listeners run on the adding thread after the lock is
 * released.
 */
public final class InMemoryTransactionPool implements TransactionPool {
  private static final Logger LOG = LoggerFactory.getLogger(InMemoryTransactionPool.class);

  /** go-ethereum's default price bump for a replacement: 10%. */
  static final int PRICE_BUMP_PERCENT = 10;

  private static final Comparator<PooledTransaction> BY_PRICE =
      Comparator.comparing((PooledTransaction p) -> p.transaction().maxFeePerGas())
          .thenComparing(p -> p.transaction().maxPriorityFeePerGas());

  private final Blockchain chain;
  private final TxPoolLimits limits;
  private final TransactionValidator validator;
  private final List<Consumer<PooledTransaction>> listeners = new CopyOnWriteArrayList<>();

  // Guarded by this.
  private final Map<Hash, PooledTransaction> byHash = new HashMap<>();
  private final Map<Address, SenderQueue> bySender = new LinkedHashMap<>();

  /** A sender's transactions by nonce and its account as of the last head. */
  private static final class SenderQueue {
    final TreeMap<Long, PooledTransaction> txs = new TreeMap<>(Long::compareUnsigned);
    long accountNonce;
    UInt256 balance;

    SenderQueue(AccountInfo account) {
      this.accountNonce = account.nonce();
      this.balance = account.balance();
    }

    /** The nonce after the last transaction of the gapless run from the account nonce. */
    long nextNonce() {
      long next = accountNonce;
      while (txs.containsKey(next)) {
        next++;
      }
      return next;
    }

    boolean isPending(long nonce) {
      return Long.compareUnsigned(nonce, nextNonce()) < 0;
    }
  }

  public InMemoryTransactionPool(Blockchain chain, TxPoolLimits limits) {
    this.chain = chain;
    this.limits = limits;
    this.validator = new TransactionValidator(chain.config().chainId());
  }

  @Override
  public AddResult add(Transaction tx) {
    Hash hash = tx.hash();
    if (get(hash).isPresent()) {
      return new AddResult.Rejected("already known");
    }
    // The state-free checks and the EC recovery (~0.1 ms) run outside the lock, so concurrent
    // submissions recover their senders in parallel.
    Optional<String> staticError = checkStatic(tx);
    if (staticError.isPresent()) {
      return new AddResult.Rejected(staticError.get());
    }
    Optional<Address> sender = tx.sender();
    if (sender.isEmpty()) {
      return new AddResult.Rejected("invalid sender");
    }
    PooledTransaction added = new PooledTransaction(tx, sender.get(), hash);
    synchronized (this) {
      if (byHash.containsKey(hash)) {
        return new AddResult.Rejected("already known");
      }
      Optional<String> error = admit(added);
      if (error.isPresent()) {
        return new AddResult.Rejected(error.get());
      }
    }
    for (Consumer<PooledTransaction> listener : listeners) {
      try {
        listener.accept(added);
      } catch (RuntimeException e) {
        LOG.warn("txpool listener failed", e);
      }
    }
    return new AddResult.Added(hash);
  }

  /** The state-free rules, in go-ethereum's order and wording. */
  private Optional<String> checkStatic(Transaction tx) {
    if (tx instanceof BlobTransaction) {
      return Optional.of("transaction type not supported");
    }
    if (tx.encodedSize() > limits.maxTransactionBytes()) {
      return Optional.of("oversized data");
    }
    Optional<UInt256> chainId = tx.signatureChainId();
    if (chainId.isPresent() && !chainId.get().equals(UInt256.of(chain.config().chainId()))) {
      return Optional.of("invalid chain id for signer");
    }
    if (tx.isContractCreation() && tx.data().length > IntrinsicGas.MAX_INIT_CODE_SIZE) {
      return Optional.of(
          "max initcode size exceeded: code size "
              + tx.data().length
              + ", limit "
              + IntrinsicGas.MAX_INIT_CODE_SIZE);
    }
    if (Long.compareUnsigned(tx.gasLimit(), chain.head().gasLimit()) > 0) {
      return Optional.of("exceeds block gas limit");
    }
    if (tx.maxPriorityFeePerGas().compareTo(tx.maxFeePerGas()) > 0) {
      return Optional.of(
          "max priority fee per gas higher than max fee per gas: maxPriorityFeePerGas: "
              + tx.maxPriorityFeePerGas().toBigInteger()
              + ", maxFeePerGas: "
              + tx.maxFeePerGas().toBigInteger());
    }
    if (tx.nonce() == -1L) {
      return Optional.of("nonce has max value");
    }
    long intrinsic = tx.intrinsicGas();
    if (Long.compareUnsigned(tx.gasLimit(), intrinsic) < 0) {
      return Optional.of(
          "intrinsic gas too low: gas "
              + Long.toUnsignedString(tx.gasLimit())
              + ", minimum needed "
              + intrinsic);
    }
    ValidationResult result = validator.validate(tx);
    if (result instanceof ValidationResult.Invalid invalid) {
      // Signature range and EIP-2 failures: go-ethereum reports these as an invalid sender.
      String reason = invalid.reason();
      return Optional.of(
          reason.startsWith("signature") || reason.startsWith("v ") ? "invalid sender" : reason);
    }
    return Optional.empty();
  }

  /** The state rules, replacement and limits; stores {@code p} when it passes. Holds the lock. */
  private Optional<String> admit(PooledTransaction p) {
    Transaction tx = p.transaction();
    SenderQueue queue = bySender.get(p.sender());
    if (queue == null) {
      queue = new SenderQueue(accountAt(chain.headState(), p.sender()));
    }
    if (Long.compareUnsigned(tx.nonce(), queue.accountNonce) < 0) {
      return Optional.of(
          "nonce too low: next nonce "
              + Long.toUnsignedString(queue.accountNonce)
              + ", tx nonce "
              + Long.toUnsignedString(tx.nonce()));
    }
    BigInteger cost = cost(tx);
    BigInteger balance = queue.balance.toBigInteger();
    if (balance.compareTo(cost) < 0) {
      return Optional.of(
          "insufficient funds for gas * price + value: balance "
              + balance
              + ", tx cost "
              + cost
              + ", overshot "
              + cost.subtract(balance));
    }
    PooledTransaction old = queue.txs.get(tx.nonce());
    if (old != null) {
      if (!isBumped(old.transaction(), tx)) {
        return Optional.of("replacement transaction underpriced");
      }
      queue.txs.put(tx.nonce(), p);
      byHash.remove(old.hash());
      byHash.put(p.hash(), p);
      return Optional.empty();
    }
    if (byHash.size() >= limits.maxTransactions()) {
      Optional<String> error = makeRoomFor(p, queue);
      if (error.isPresent()) {
        return error;
      }
    }
    // Also when making room emptied this sender's queue and dropped it from the map.
    bySender.putIfAbsent(p.sender(), queue);
    queue.txs.put(tx.nonce(), p);
    byHash.put(p.hash(), p);
    return Optional.empty();
  }

  /**
   * Frees one slot of a full pool for {@code p}, or says why not. First the sender holding the most
   * beyond its guaranteed share (counting {@code p} for its own sender) gives up its highest nonce:
   * if that is {@code p} itself, {@code p} is refused. Only when every sender is within its share
   * does price decide: the cheapest sender-tail transaction goes if {@code p} pays more.
   */
  private Optional<String> makeRoomFor(PooledTransaction p, SenderQueue own) {
    SenderQueue largest = own;
    int largestCount = own.txs.size() + 1;
    for (SenderQueue q : bySender.values()) {
      if (q != own && q.txs.size() > largestCount) {
        largest = q;
        largestCount = q.txs.size();
      }
    }
    if (largestCount > limits.guaranteedPerSender()) {
      if (largest == own
          && (own.txs.isEmpty()
              || Long.compareUnsigned(p.transaction().nonce(), own.txs.lastKey()) > 0)) {
        return Optional.of("account limit exceeded");
      }
      remove(largest.txs.lastEntry().getValue());
      return Optional.empty();
    }
    Optional<PooledTransaction> cheapest = cheapestEvictable();
    if (cheapest.isEmpty() || BY_PRICE.compare(cheapest.get(), p) >= 0) {
      return Optional.of("transaction underpriced");
    }
    remove(cheapest.get());
    return Optional.empty();
  }

  /**
   * The cheapest transaction among each sender's highest nonce: removing a sender's last
   * transaction never turns its other transactions into queued ones.
   */
  private Optional<PooledTransaction> cheapestEvictable() {
    PooledTransaction cheapest = null;
    for (SenderQueue q : bySender.values()) {
      if (q.txs.isEmpty()) {
        continue;
      }
      PooledTransaction last = q.txs.lastEntry().getValue();
      if (cheapest == null || BY_PRICE.compare(last, cheapest) < 0) {
        cheapest = last;
      }
    }
    return Optional.ofNullable(cheapest);
  }

  private void remove(PooledTransaction p) {
    byHash.remove(p.hash());
    SenderQueue q = bySender.get(p.sender());
    if (q != null) {
      q.txs.remove(p.transaction().nonce());
      if (q.txs.isEmpty()) {
        bySender.remove(p.sender());
      }
    }
  }

  /** go-ethereum: a replacement raises the fee cap and the tip each by at least 10%. */
  private static boolean isBumped(Transaction old, Transaction replacement) {
    return isBumped(old.maxFeePerGas(), replacement.maxFeePerGas())
        && isBumped(old.maxPriorityFeePerGas(), replacement.maxPriorityFeePerGas());
  }

  private static boolean isBumped(UInt256 old, UInt256 replacement) {
    BigInteger threshold =
        old.toBigInteger()
            .multiply(BigInteger.valueOf(100 + PRICE_BUMP_PERCENT))
            .divide(BigInteger.valueOf(100));
    return replacement.toBigInteger().compareTo(threshold) >= 0;
  }

  /** The most {@code tx} can cost its sender: gasLimit * maxFeePerGas + value. */
  static BigInteger cost(Transaction tx) {
    return UInt256.unsignedBigInteger(tx.gasLimit())
        .multiply(tx.maxFeePerGas().toBigInteger())
        .add(tx.value().toBigInteger());
  }

  /**
   * The sender's account, empty if it does not exist: on a zero-base-fee chain a transaction with
   * gas price zero from an account never seen before is valid.
   */
  private static AccountInfo accountAt(WorldState state, Address sender) {
    AccountInfo account = state.account(sender);
    return account == null ? AccountInfo.EMPTY : account;
  }

  @Override
  public synchronized Optional<PooledTransaction> get(Hash hash) {
    return Optional.ofNullable(byHash.get(hash));
  }

  @Override
  public List<PooledTransaction> pending(BigInteger baseFee) {
    List<List<PooledTransaction>> runs = new ArrayList<>();
    synchronized (this) {
      for (SenderQueue q : bySender.values()) {
        List<PooledTransaction> run = new ArrayList<>();
        long next = q.accountNonce;
        PooledTransaction p;
        while ((p = q.txs.get(next)) != null
            && p.transaction().maxFeePerGas().toBigInteger().compareTo(baseFee) >= 0) {
          run.add(p);
          next++;
        }
        if (!run.isEmpty()) {
          runs.add(run);
        }
      }
    }
    // Senders interleaved by the effective tip of their next transaction (ties: arrival order
    // of the senders, as iteration order of the map).
    record Cursor(List<PooledTransaction> run, int index, BigInteger tip, int order) {}
    PriorityQueue<Cursor> heads =
        new PriorityQueue<>(
            Comparator.comparing(Cursor::tip).reversed().thenComparingInt(Cursor::order));
    for (int i = 0; i < runs.size(); i++) {
      List<PooledTransaction> run = runs.get(i);
      heads.add(new Cursor(run, 0, effectiveTip(run.get(0).transaction(), baseFee), i));
    }
    List<PooledTransaction> result = new ArrayList<>();
    while (!heads.isEmpty()) {
      Cursor c = heads.poll();
      result.add(c.run().get(c.index()));
      int next = c.index() + 1;
      if (next < c.run().size()) {
        heads.add(
            new Cursor(
                c.run(), next, effectiveTip(c.run().get(next).transaction(), baseFee), c.order()));
      }
    }
    return result;
  }

  /** min(maxPriorityFeePerGas, maxFeePerGas - baseFee) (EIP-1559). */
  static BigInteger effectiveTip(Transaction tx, BigInteger baseFee) {
    return tx.maxPriorityFeePerGas()
        .toBigInteger()
        .min(tx.maxFeePerGas().toBigInteger().subtract(baseFee));
  }

  @Override
  public long nextNonce(Address sender) {
    synchronized (this) {
      SenderQueue q = bySender.get(sender);
      if (q != null) {
        return q.nextNonce();
      }
    }
    return accountAt(chain.headState(), sender).nonce();
  }

  @Override
  public synchronized Status status() {
    int pending = 0;
    int queued = 0;
    for (SenderQueue q : bySender.values()) {
      long next = q.nextNonce();
      int executable = (int) (next - q.accountNonce);
      pending += executable;
      queued += q.txs.size() - executable;
    }
    return new Status(pending, queued);
  }

  @Override
  public synchronized Content content() {
    Map<Address, Map<Long, PooledTransaction>> pending = new LinkedHashMap<>();
    Map<Address, Map<Long, PooledTransaction>> queued = new LinkedHashMap<>();
    for (Map.Entry<Address, SenderQueue> e : bySender.entrySet()) {
      SenderQueue q = e.getValue();
      for (PooledTransaction p : q.txs.values()) {
        long nonce = p.transaction().nonce();
        (q.isPending(nonce) ? pending : queued)
            .computeIfAbsent(e.getKey(), k -> new TreeMap<>(Long::compareUnsigned))
            .put(nonce, p);
      }
    }
    return new Content(pending, queued);
  }

  /**
   * Re-reads every sender's account at the new head and drops what can no longer be included:
   * nonces below the account nonce (included or replaced on chain), transactions whose cost exceeds
   * the balance, and those above a lowered block gas limit.
   */
  @Override
  public synchronized void onNewHead() {
    if (bySender.isEmpty()) {
      return;
    }
    WorldState state = chain.headState();
    long gasLimit = chain.head().gasLimit();
    Iterator<Map.Entry<Address, SenderQueue>> senders = bySender.entrySet().iterator();
    while (senders.hasNext()) {
      Map.Entry<Address, SenderQueue> e = senders.next();
      SenderQueue q = e.getValue();
      AccountInfo account = accountAt(state, e.getKey());
      q.accountNonce = account.nonce();
      q.balance = account.balance();
      BigInteger balance = account.balance().toBigInteger();
      Iterator<PooledTransaction> txs = q.txs.values().iterator();
      while (txs.hasNext()) {
        PooledTransaction p = txs.next();
        Transaction tx = p.transaction();
        if (Long.compareUnsigned(tx.nonce(), q.accountNonce) < 0
            || cost(tx).compareTo(balance) > 0
            || Long.compareUnsigned(tx.gasLimit(), gasLimit) > 0) {
          txs.remove();
          byHash.remove(p.hash());
        }
      }
      if (q.txs.isEmpty()) {
        senders.remove();
      }
    }
  }

  @Override
  public void onAdded(Consumer<PooledTransaction> listener) {
    listeners.add(listener);
  }
}
