package org.gridledger.core.txpool;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gridledger.core.block.FeeRules;
import org.gridledger.core.chain.BlockBuilder;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.chain.ChainConfig;
import org.gridledger.core.chain.Genesis;
import org.gridledger.core.chain.GenesisAccount;
import org.gridledger.core.chain.ImportResult;
import org.gridledger.core.storage.InMemoryKeyValueStore;
import org.gridledger.core.tx.BlobTransaction;
import org.gridledger.core.tx.DynamicFeeTransaction;
import org.gridledger.core.tx.LegacyTransaction;
import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.UInt256;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InMemoryTransactionPoolTest {
  static final ChainConfig CONFIG = new ChainConfig(1337);
  static final PrivateKey ALICE = PrivateKey.fromHex("0x" + "11".repeat(32));
  static final PrivateKey BOB = PrivateKey.fromHex("0x" + "22".repeat(32));
  static final PrivateKey POOR = PrivateKey.fromHex("0x" + "33".repeat(32));
  static final long GAS_LIMIT = 30_000_000;
  static final BigInteger BASE_FEE = BigInteger.valueOf(1_000_000_000);
  static final long GWEI = 1_000_000_000L;
  static final Address TO = Address.ofLow(0xbeef);

  InMemoryKeyValueStore store;
  Blockchain chain;
  InMemoryTransactionPool pool;

  @BeforeEach
  void setUp() {
    Map<Address, GenesisAccount> alloc = new LinkedHashMap<>();
    alloc.put(ALICE.address(), GenesisAccount.funded(UInt256.of(BigInteger.TEN.pow(24))));
    alloc.put(BOB.address(), GenesisAccount.funded(UInt256.of(BigInteger.TEN.pow(24))));
    // 21000 gas at 2 gwei plus 1 wei of value is more than this.
    alloc.put(POOR.address(), GenesisAccount.funded(UInt256.of(42_000L * GWEI)));
    store = new InMemoryKeyValueStore();
    chain =
        Blockchain.initialize(
            store, CONFIG, Genesis.build(alloc, GAS_LIMIT, BASE_FEE, 1_700_000_000L));
    pool = new InMemoryTransactionPool(chain, new TxPoolLimits(8, 4, 128 * 1024));
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  static Transaction tx(PrivateKey key, long nonce, long tipGwei, long feeCapGwei) {
    return tx(key, nonce, tipGwei, feeCapGwei, 21_000, 1);
  }

  static Transaction tx(
      PrivateKey key, long nonce, long tipGwei, long feeCapGwei, long gas, long value) {
    return new DynamicFeeTransaction(
            UInt256.of(CONFIG.chainId()),
            nonce,
            UInt256.of(BigInteger.valueOf(tipGwei).multiply(BigInteger.valueOf(GWEI))),
            UInt256.of(BigInteger.valueOf(feeCapGwei).multiply(BigInteger.valueOf(GWEI))),
            gas,
            Optional.of(TO),
            UInt256.of(value),
            new byte[0],
            List.of(),
            0,
            UInt256.ZERO,
            UInt256.ZERO)
        .sign(key);
  }

  private String rejection(Transaction tx) {
    AddResult r = pool.add(tx);
    assertThat(r).isInstanceOf(AddResult.Rejected.class);
    return ((AddResult.Rejected) r).reason();
  }

  private void added(Transaction tx) {
    assertThat(pool.add(tx)).isEqualTo(new AddResult.Added(tx.hash()));
  }

  @Test
  void aSenderWithoutAnAccountIsRefusedForFundsNotCrashing() {
    PrivateKey stranger = PrivateKey.fromHex("0x" + "44".repeat(32));
    assertThat(pool.nextNonce(stranger.address())).isZero();
    AddResult result = pool.add(tx(stranger, 0, 1, 2));
    assertThat(result).isInstanceOf(AddResult.Rejected.class);
    assertThat(((AddResult.Rejected) result).reason())
        .startsWith("insufficient funds for gas * price + value: balance 0");
  }

  @Test
  void admitsAndReportsPendingInNonceOrder() {
    Transaction t0 = tx(ALICE, 0, 1, 10);
    Transaction t1 = tx(ALICE, 1, 1, 10);
    added(t1);
    added(t0);
    assertThat(pool.status()).isEqualTo(new TransactionPool.Status(2, 0));
    assertThat(pool.pending(BASE_FEE))
        .extracting(PooledTransaction::hash)
        .containsExactly(t0.hash(), t1.hash());
    assertThat(pool.nextNonce(ALICE.address())).isEqualTo(2);
    assertThat(pool.nextNonce(BOB.address())).isZero();
    assertThat(pool.get(t0.hash()).orElseThrow().sender()).isEqualTo(ALICE.address());
  }

  @Test
  void gapsAreQueuedUntilFilled() {
    added(tx(ALICE, 2, 1, 10));
    assertThat(pool.status()).isEqualTo(new TransactionPool.Status(0, 1));
    assertThat(pool.pending(BASE_FEE)).isEmpty();
    assertThat(pool.content().queued().get(ALICE.address())).containsOnlyKeys(2L);
    added(tx(ALICE, 0, 1, 10));
    assertThat(pool.status()).isEqualTo(new TransactionPool.Status(1, 1));
    added(tx(ALICE, 1, 1, 10));
    assertThat(pool.status()).isEqualTo(new TransactionPool.Status(3, 0));
    assertThat(pool.content().pending().get(ALICE.address())).containsOnlyKeys(0L, 1L, 2L);
  }

  @Test
  void rejectsWithGoEthereumReasons() {
    Transaction t0 = tx(ALICE, 0, 1, 10);
    added(t0);
    assertThat(rejection(t0)).isEqualTo("already known");
    assertThat(rejection(tx(POOR, 0, 1, 2, 21_000, 1)))
        .startsWith("insufficient funds for gas * price + value: balance 42000000000000");
    assertThat(rejection(tx(ALICE, 1, 1, 10, 20_000, 1)))
        .isEqualTo("intrinsic gas too low: gas 20000, minimum needed 21000");
    assertThat(rejection(tx(ALICE, 1, 1, 10, GAS_LIMIT + 1, 1)))
        .isEqualTo("exceeds block gas limit");
    assertThat(rejection(tx(ALICE, 1, 11, 10))).startsWith("max priority fee per gas higher");
    Transaction otherChain =
        new DynamicFeeTransaction(
                UInt256.of(1),
                0,
                UInt256.ONE,
                UInt256.of(10 * GWEI),
                21_000,
                Optional.of(TO),
                UInt256.ONE,
                new byte[0],
                List.of(),
                0,
                UInt256.ZERO,
                UInt256.ZERO)
            .sign(BOB);
    assertThat(rejection(otherChain)).isEqualTo("invalid chain id for signer");
    assertThat(pool.status()).isEqualTo(new TransactionPool.Status(1, 0));
  }

  @Test
  void nonceTooLowAfterInclusion() {
    Transaction t0 = tx(ALICE, 0, 1, 10);
    added(t0);
    produceBlock(List.of(t0));
    assertThat(pool.status()).isEqualTo(new TransactionPool.Status(0, 0));
    assertThat(pool.get(t0.hash())).isEmpty();
    assertThat(rejection(tx(ALICE, 0, 2, 20))).isEqualTo("nonce too low: next nonce 1, tx nonce 0");
    assertThat(pool.nextNonce(ALICE.address())).isEqualTo(1);
  }

  @Test
  void replacementNeedsTenPercentOnFeeCapAndTip() {
    Transaction original = tx(ALICE, 0, 10, 100);
    added(original);
    assertThat(rejection(tx(ALICE, 0, 10, 200))).isEqualTo("replacement transaction underpriced");
    assertThat(rejection(tx(ALICE, 0, 20, 109))).isEqualTo("replacement transaction underpriced");
    Transaction bumped = tx(ALICE, 0, 11, 110);
    added(bumped);
    assertThat(pool.get(original.hash())).isEmpty();
    assertThat(pool.pending(BASE_FEE))
        .extracting(PooledTransaction::hash)
        .containsExactly(bumped.hash());
  }

  @Test
  void feeCapBelowBaseFeeIsPooledButNotPending() {
    // Base fee is 1 gwei; a fee cap of 1 gwei - 1 wei cannot be included yet.
    Transaction cheap =
        new DynamicFeeTransaction(
                UInt256.of(CONFIG.chainId()),
                0,
                UInt256.ONE,
                UInt256.of(GWEI - 1),
                21_000,
                Optional.of(TO),
                UInt256.ONE,
                new byte[0],
                List.of(),
                0,
                UInt256.ZERO,
                UInt256.ZERO)
            .sign(ALICE);
    added(cheap);
    added(tx(ALICE, 1, 1, 10));
    assertThat(pool.pending(BASE_FEE)).isEmpty();
    assertThat(pool.pending(BigInteger.valueOf(GWEI - 1))).hasSize(2);
  }

  @Test
  void pendingInterleavesSendersByEffectiveTip() {
    Transaction a0 = tx(ALICE, 0, 1, 100);
    Transaction a1 = tx(ALICE, 1, 5, 100);
    Transaction b0 = tx(BOB, 0, 3, 100);
    Transaction b1 = tx(BOB, 1, 2, 100);
    added(a0);
    added(a1);
    added(b0);
    added(b1);
    // Heads: a0 (tip 1), b0 (tip 3) -> b0; then a0 (1), b1 (2) -> b1; then a0, a1.
    assertThat(pool.pending(BASE_FEE))
        .extracting(PooledTransaction::hash)
        .containsExactly(b0.hash(), b1.hash(), a0.hash(), a1.hash());
    // Effective tip is capped by feeCap - baseFee: at a base fee of 99.5 gwei b0 tips 0.5 gwei.
    BigInteger high = BigInteger.valueOf(99_500_000_000L);
    assertThat(InMemoryTransactionPool.effectiveTip(b0, high))
        .isEqualTo(BigInteger.valueOf(GWEI / 2));
  }

  @Test
  void aSenderMayGoBeyondItsShareWhileThePoolHasRoom() {
    // Pool of 8, 4 guaranteed per sender: Alice fills the whole pool.
    List<Transaction> alice = new java.util.ArrayList<>();
    for (int n = 0; n < 8; n++) {
      alice.add(tx(ALICE, n, 1, 10));
      added(alice.get(n));
    }
    assertThat(pool.status().pending()).isEqualTo(8);
    // Full: her own next nonce is the tail of the largest sender beyond its share, so it is
    // refused, however well it pays.
    assertThat(rejection(tx(ALICE, 8, 50, 100))).isEqualTo("account limit exceeded");
    // Bob, within his share, takes her highest nonce's slot even paying less.
    Transaction bob = tx(BOB, 0, 1, 5);
    added(bob);
    assertThat(pool.get(alice.get(7).hash())).isEmpty();
    assertThat(pool.get(alice.get(6).hash())).isPresent();
    assertThat(pool.status()).isEqualTo(new TransactionPool.Status(8, 0));
  }

  @Test
  void aFullPoolTakesBackFromTheSenderHoldingTheMostBeyondItsShare() {
    // Alice 6 (2 beyond her share of 4), Bob 2: full at 8.
    for (int n = 0; n < 6; n++) {
      added(tx(ALICE, n, 1, 10));
    }
    Transaction bob1 = tx(BOB, 1, 1, 10);
    added(tx(BOB, 0, 1, 10));
    added(bob1);
    // Bob's next would make him 3, within his share: Alice's tail goes, not Bob's.
    added(tx(BOB, 2, 1, 10));
    added(tx(BOB, 3, 1, 10));
    assertThat(pool.status()).isEqualTo(new TransactionPool.Status(8, 0));
    assertThat(pool.nextNonce(ALICE.address())).isEqualTo(4);
    // Now both hold their share exactly: a fifth of Bob's is refused, and price decides for others.
    assertThat(rejection(tx(BOB, 4, 1, 10))).isEqualTo("account limit exceeded");
    assertThat(pool.get(bob1.hash())).isPresent();
  }

  @Test
  void aSenderBeyondItsShareMayStillFillAGapInAFullPool() {
    Transaction last = tx(ALICE, 5, 1, 10);
    added(tx(ALICE, 0, 1, 10));
    added(tx(ALICE, 2, 1, 10));
    added(tx(ALICE, 3, 1, 10));
    added(tx(ALICE, 4, 1, 10));
    added(last);
    for (int n = 0; n < 3; n++) {
      added(tx(BOB, n, 1, 10));
    }
    // Full; nonce 1 closes Alice's gap and her highest nonce makes room for it.
    added(tx(ALICE, 1, 1, 10));
    assertThat(pool.get(last.hash())).isEmpty();
    assertThat(pool.status()).isEqualTo(new TransactionPool.Status(8, 0));
  }

  @Test
  void aSenderWhoseOnlyTransactionMakesRoomKeepsTheNewOne() {
    pool = new InMemoryTransactionPool(chain, new TxPoolLimits(2, 1, 128 * 1024));
    added(tx(BOB, 0, 1, 10));
    added(tx(ALICE, 1, 1, 10));
    // Alice's nonce 0 makes her 2, beyond her share of 1: her nonce 1 goes, her queue with it,
    // and nonce 0 must still be stored under her.
    Transaction first = tx(ALICE, 0, 1, 10);
    added(first);
    assertThat(pool.get(first.hash())).isPresent();
    assertThat(pool.nextNonce(ALICE.address())).isEqualTo(1);
    assertThat(pool.status()).isEqualTo(new TransactionPool.Status(2, 0));
  }

  @Test
  void globalLimitEvictsTheCheapest() {
    PrivateKey[] keys = new PrivateKey[8];
    Map<Address, GenesisAccount> alloc = new LinkedHashMap<>();
    for (int i = 0; i < keys.length; i++) {
      keys[i] = PrivateKey.fromHex("0x" + String.format("%064x", 0x1000 + i));
      alloc.put(keys[i].address(), GenesisAccount.funded(UInt256.of(BigInteger.TEN.pow(24))));
    }
    try (InMemoryKeyValueStore s = new InMemoryKeyValueStore()) {
      Blockchain c =
          Blockchain.initialize(s, CONFIG, Genesis.build(alloc, GAS_LIMIT, BASE_FEE, 1L));
      pool = new InMemoryTransactionPool(c, new TxPoolLimits(4, 4, 128 * 1024));
      Transaction cheapest = tx(keys[0], 0, 1, 5);
      added(cheapest);
      for (int i = 1; i < 4; i++) {
        added(tx(keys[i], 0, 1, 10 + i));
      }
      assertThat(rejection(tx(keys[4], 0, 1, 5))).isEqualTo("transaction underpriced");
      Transaction better = tx(keys[5], 0, 1, 20);
      added(better);
      assertThat(pool.get(cheapest.hash())).isEmpty();
      assertThat(pool.get(better.hash())).isPresent();
      assertThat(pool.status().pending()).isEqualTo(4);
    }
  }

  @Test
  void concurrentAddsFromSeveralThreadsKeepEveryTransaction() throws Exception {
    pool = new InMemoryTransactionPool(chain, TxPoolLimits.defaults());
    int perSender = 100;
    List<Transaction> alice = new java.util.ArrayList<>();
    List<Transaction> bob = new java.util.ArrayList<>();
    for (int n = 0; n < perSender; n++) {
      alice.add(tx(ALICE, n, 1, 10));
      bob.add(tx(BOB, n, 2, 10));
    }
    // Each sender's nonces arrive out of order, split over two threads.
    java.util.Collections.shuffle(alice, new java.util.Random(1));
    java.util.Collections.shuffle(bob, new java.util.Random(2));
    List<List<Transaction>> batches =
        List.of(
            alice.subList(0, 50), alice.subList(50, 100), bob.subList(0, 50), bob.subList(50, 100));
    try (var executor = java.util.concurrent.Executors.newFixedThreadPool(4)) {
      List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
      for (List<Transaction> batch : batches) {
        futures.add(
            executor.submit(
                () -> {
                  for (Transaction t : batch) {
                    assertThat(pool.add(t)).isInstanceOf(AddResult.Added.class);
                    pool.pending(BASE_FEE);
                  }
                }));
      }
      for (var f : futures) {
        f.get();
      }
    }
    assertThat(pool.status()).isEqualTo(new TransactionPool.Status(2 * perSender, 0));
    List<PooledTransaction> pending = pool.pending(BASE_FEE);
    assertThat(pending).hasSize(2 * perSender);
    // Per sender in nonce order.
    long nextAlice = 0;
    long nextBob = 0;
    for (PooledTransaction p : pending) {
      if (p.sender().equals(ALICE.address())) {
        assertThat(p.transaction().nonce()).isEqualTo(nextAlice++);
      } else {
        assertThat(p.transaction().nonce()).isEqualTo(nextBob++);
      }
    }
    assertThat(pool.nextNonce(ALICE.address())).isEqualTo(perSender);
  }

  @Test
  void blobTransactionsAreNotSupported() {
    BlobTransaction blob =
        new BlobTransaction(
                UInt256.of(CONFIG.chainId()),
                0,
                UInt256.ONE,
                UInt256.of(10 * GWEI),
                21_000,
                Optional.of(TO),
                UInt256.ZERO,
                new byte[0],
                List.of(),
                UInt256.of(GWEI),
                List.of(Hash.fromHex("0x01" + "00".repeat(31))),
                0,
                UInt256.ZERO,
                UInt256.ZERO)
            .sign(ALICE);
    assertThat(rejection(blob)).isEqualTo("transaction type not supported");
  }

  @Test
  void unprotectedLegacyTransactionsAreAccepted() {
    Transaction legacy =
        LegacyTransaction.unsigned(
                0,
                UInt256.of(10 * GWEI),
                21_000,
                Optional.of(TO),
                UInt256.ONE,
                new byte[0],
                Optional.empty())
            .sign(ALICE);
    assertThat(pool.add(legacy)).isInstanceOf(AddResult.Added.class);
  }

  @Test
  void listenersSeeAdmittedTransactions() {
    List<Hash> seen = new CopyOnWriteArrayList<>();
    pool.onAdded(p -> seen.add(p.hash()));
    Transaction t0 = tx(ALICE, 0, 1, 10);
    added(t0);
    rejection(t0);
    assertThat(seen).containsExactly(t0.hash());
  }

  @Test
  void newHeadDropsTransactionsTheSenderCanNoLongerPay() {
    // Alice spends almost everything in block 1, so her pooled nonce 1 can no longer be paid.
    Transaction drain = drainAlice();
    Transaction next = tx(ALICE, 1, 1, 10);
    added(drain);
    added(next);
    produceBlock(List.of(drain));
    assertThat(pool.get(next.hash())).isEmpty();
    assertThat(pool.status()).isEqualTo(new TransactionPool.Status(0, 0));
  }

  private static Transaction drainAlice() {
    BigInteger funds = BigInteger.TEN.pow(24);
    BigInteger value = funds.subtract(BigInteger.valueOf(21_000L * 10 * GWEI));
    return new DynamicFeeTransaction(
            UInt256.of(CONFIG.chainId()),
            0,
            UInt256.of(GWEI),
            UInt256.of(10 * GWEI),
            21_000,
            Optional.of(TO),
            UInt256.of(value),
            new byte[0],
            List.of(),
            0,
            UInt256.ZERO,
            UInt256.ZERO)
        .sign(ALICE);
  }

  private void produceBlock(List<Transaction> txs) {
    BlockBuilder builder = new BlockBuilder(chain);
    BlockBuilder.Built built =
        builder.build(
            chain.headHash(),
            new BlockBuilder.Attributes(
                Address.ofLow(1),
                chain.head().timestamp() + 1,
                GAS_LIMIT,
                Hash.ZERO,
                Hash.ZERO,
                new byte[0]),
            txs);
    assertThat(built.skipped()).isEmpty();
    assertThat(chain.importBlock(built.block())).isInstanceOf(ImportResult.Imported.class);
    assertThat(FeeRules.nextBaseFee(chain.head())).isPositive();
    pool.onNewHead();
  }
}
