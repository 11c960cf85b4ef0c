package org.gridledger.core.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.chain.ChainConfig;
import org.gridledger.core.chain.GenesisJson;
import org.gridledger.core.chain.ImportResult;
import org.gridledger.core.chain.InvalidReason;
import org.gridledger.core.receipt.Receipt;
import org.gridledger.core.storage.InMemoryKeyValueStore;
import org.gridledger.core.tx.DynamicFeeTransaction;
import org.gridledger.core.tx.Transaction;
import org.gridledger.core.txpool.AddResult;
import org.gridledger.core.txpool.InMemoryTransactionPool;
import org.gridledger.core.txpool.TxPoolLimits;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.UInt256;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BlockProducerTest {
  static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC);
  static final Address TO = Address.ofLow(0xbeef);

  InMemoryKeyValueStore store;
  Blockchain chain;
  InMemoryTransactionPool pool;
  List<PrivateKey> keys;
  PrivateKey validator;

  @BeforeEach
  void setUp() {
    GenesisJson.Loaded devnet = DevnetGenesis.load();
    store = new InMemoryKeyValueStore();
    chain = Blockchain.initialize(store, devnet.config(), devnet.genesis());
    pool = new InMemoryTransactionPool(chain, TxPoolLimits.defaults());
    keys = DevnetGenesis.accountKeys();
    validator = PrivateKey.fromHex("0x" + "77".repeat(32));
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  BlockProducer producer(Duration blockTime, Clock clock) {
    return new BlockProducer(
        chain,
        pool,
        validator,
        new BlockProducer.Config(
            blockTime, Address.ofLow(0xc0ffee), 30_000_000L, HeaderSeal.vanity("gridledger test")),
        clock);
  }

  Transaction transfer(PrivateKey key, long nonce, long value) {
    return new DynamicFeeTransaction(
            UInt256.of(DevnetGenesis.CHAIN_ID),
            nonce,
            UInt256.of(1_000_000_000L),
            UInt256.of(10_000_000_000L),
            21_000,
            Optional.of(TO),
            UInt256.of(value),
            new byte[0],
            List.of(),
            0,
            UInt256.ZERO,
            UInt256.ZERO)
        .sign(key);
  }

  @Test
  void producesSealedBlocksWithThePendingTransactions() {
    List<Block> seen = new CopyOnWriteArrayList<>();
    BlockProducer producer = producer(Duration.ofSeconds(1), CLOCK);
    producer.onBlock(seen::add);
    for (int i = 0; i < 3; i++) {
      assertThat(pool.add(transfer(keys.get(0), i, 100 + i))).isInstanceOf(AddResult.Added.class);
    }
    assertThat(pool.add(transfer(keys.get(1), 0, 7))).isInstanceOf(AddResult.Added.class);
    Block block = producer.produceBlock().orElseThrow();

    assertThat(block.body().transactions()).hasSize(4);
    assertThat(chain.head().number()).isEqualTo(1);
    assertThat(chain.headHash()).isEqualTo(block.header().hash());
    assertThat(seen).containsExactly(block);
    assertThat(pool.status().pending()).isZero();
    BlockHeader header = block.header();
    assertThat(header.timestamp()).isEqualTo(1_800_000_000L);
    assertThat(header.extraData()).hasSize(97);
    assertThat(HeaderSeal.signer(header)).contains(validator.address());
    List<Receipt> receipts = chain.blocks().receipts(chain.headHash()).orElseThrow();
    assertThat(receipts).hasSize(4);
    BigInteger balance =
        chain.stateAfter(header, chain.headHash()).account(TO).balance().toBigInteger();
    assertThat(balance).isEqualTo(BigInteger.valueOf(100 + 101 + 102 + 7));

    // A second block on the same (fixed) clock second still gets a later timestamp.
    Block empty = producer.produceBlock().orElseThrow();
    assertThat(empty.body().transactions()).isEmpty();
    assertThat(empty.header().timestamp()).isEqualTo(1_800_000_001L);
  }

  @Test
  void sealedBlocksNeedASealedChainConfig() {
    BlockProducer producer = producer(Duration.ofSeconds(1), CLOCK);
    Block block = producer.produceBlock().orElseThrow();
    try (InMemoryKeyValueStore other = new InMemoryKeyValueStore()) {
      GenesisJson.Loaded devnet = DevnetGenesis.load();
      Blockchain plain =
          Blockchain.initialize(
              other, new ChainConfig(devnet.config().chainId()), devnet.genesis());
      ImportResult result = plain.importBlock(block);
      assertThat(result).isInstanceOf(ImportResult.Invalid.class);
      assertThat(((ImportResult.Invalid) result).reason())
          .isEqualTo(InvalidReason.EXTRA_DATA_TOO_LONG);
    }
  }

  @Test
  void instantModeSealsWhenATransactionArrives() throws InterruptedException {
    BlockProducer producer = producer(Duration.ZERO, Clock.systemUTC());
    producer.start();
    try {
      Transaction tx = transfer(keys.get(2), 0, 1);
      pool.add(tx);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (chain.blocks().transactionLocation(tx.hash()).isEmpty()
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(chain.blocks().transactionLocation(tx.hash())).isPresent();
      long height = chain.head().number();
      Thread.sleep(300);
      // No transactions, no blocks.
      assertThat(chain.head().number()).isEqualTo(height);
    } finally {
      producer.stop();
    }
  }

  @Test
  void instantModeAddReturnsOnlyOnceTheTransactionIsSealed() {
    BlockProducer producer = producer(Duration.ZERO, Clock.systemUTC());
    producer.start();
    try {
      for (int nonce = 0; nonce < 5; nonce++) {
        Transaction tx = transfer(keys.get(2), nonce, 1);
        assertThat(pool.add(tx)).isInstanceOf(AddResult.Added.class);
        // No waiting here: a client's first receipt lookup after eth_sendRawTransaction finds it.
        assertThat(chain.blocks().transactionLocation(tx.hash())).isPresent();
        assertThat(chain.head().number()).isEqualTo(nonce + 1);
      }
    } finally {
      producer.stop();
    }
  }

  @Test
  void instantModeIncludesAStreamOfTransactionsFromConcurrentSenders() throws Exception {
    BlockProducer producer = producer(Duration.ZERO, Clock.systemUTC());
    producer.start();
    int perSender = 100;
    List<Transaction> last = new CopyOnWriteArrayList<>();
    try (var executor = java.util.concurrent.Executors.newFixedThreadPool(3)) {
      List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
      for (int s = 3; s < 6; s++) {
        PrivateKey key = keys.get(s);
        futures.add(
            executor.submit(
                () -> {
                  Transaction tx = null;
                  for (int n = 0; n < perSender; n++) {
                    tx = transfer(key, n, 1);
                    assertThat(pool.add(tx)).isInstanceOf(AddResult.Added.class);
                  }
                  last.add(tx);
                }));
      }
      for (var f : futures) {
        f.get();
      }
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!last.stream().allMatch(t -> chain.blocks().transactionLocation(t.hash()).isPresent())
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    producer.stop();
    assertThat(last).allMatch(t -> chain.blocks().transactionLocation(t.hash()).isPresent());
    assertThat(pool.status())
        .isEqualTo(new org.gridledger.core.txpool.TransactionPool.Status(0, 0));
    BlockHeader head = chain.head();
    for (int s = 3; s < 6; s++) {
      assertThat(chain.stateAfter(head, chain.headHash()).account(keys.get(s).address()).nonce())
          .isEqualTo(perSender);
    }
  }

  @Test
  void intervalModeSealsEmptyBlocksOnSchedule() throws InterruptedException {
    BlockProducer producer = producer(Duration.ofMillis(100), Clock.systemUTC());
    producer.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (chain.head().number() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    producer.stop();
    long height = chain.head().number();
    assertThat(height).isGreaterThanOrEqualTo(3);
    Thread.sleep(300);
    assertThat(chain.head().number()).isEqualTo(height);
    for (long n = 1; n <= height; n++) {
      BlockHeader h = chain.blocks().canonicalHeader(n).orElseThrow();
      BlockHeader p = chain.blocks().canonicalHeader(n - 1).orElseThrow();
      assertThat(h.timestamp()).isGreaterThan(p.timestamp());
      assertThat(HeaderSeal.signer(h)).contains(validator.address());
    }
  }

  @Test
  void tamperedSealRecoversAnotherSignerOrNone() {
    BlockHeader header =
        producer(Duration.ofSeconds(1), CLOCK).produceBlock().orElseThrow().header();
    byte[] extra = header.extraData();
    extra[0] ^= 1; // the vanity is covered by the seal hash
    assertThat(HeaderSeal.signer(header.withExtraData(extra)))
        .isNotEqualTo(Optional.of(validator.address()));
    assertThat(HeaderSeal.signer(header.withExtraData(new byte[32]))).isEmpty();
  }

  @Test
  void gasLimitMovesTowardTheTargetWithinTheBound() {
    assertThat(BlockProducer.nextGasLimit(30_000_000, 30_000_000)).isEqualTo(30_000_000);
    assertThat(BlockProducer.nextGasLimit(30_000_000, 60_000_000))
        .isEqualTo(30_000_000 + 30_000_000 / 1024 - 1);
    assertThat(BlockProducer.nextGasLimit(30_000_000, 10_000_000))
        .isEqualTo(30_000_000 - 30_000_000 / 1024 + 1);
  }
}
