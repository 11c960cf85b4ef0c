package org.gridledger.core.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.chain.GenesisJson;
import org.gridledger.core.state.WorldState;
import org.gridledger.core.storage.InMemoryKeyValueStore;
import org.gridledger.core.tx.LegacyTransaction;
import org.gridledger.core.tx.Transaction;
import org.gridledger.core.txpool.AddResult;
import org.gridledger.core.txpool.InMemoryTransactionPool;
import org.gridledger.core.txpool.TxPoolLimits;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The producer's development controls: edits, time, mining, snapshot and revert. */
class DevControlsTest {
  static final long NOW = 1_800_000_000L;
  static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
  static final Address TO = Address.ofLow(0xbeef);

  InMemoryKeyValueStore store;
  Blockchain chain;
  InMemoryTransactionPool pool;
  BlockProducer producer;
  PrivateKey key;

  @BeforeEach
  void setUp() {
    GenesisJson.Loaded devnet =
        DevnetGenesis.load(
            new DevnetGenesis.Options(DevnetGenesis.CHAIN_ID, 30_000_000, BigInteger.ZERO));
    store = new InMemoryKeyValueStore();
    chain = Blockchain.initialize(store, devnet.config(), devnet.genesis());
    pool = new InMemoryTransactionPool(chain, TxPoolLimits.defaults());
    key = DevnetGenesis.accountKeys().get(0);
    producer =
        new BlockProducer(
            chain,
            pool,
            key,
            new BlockProducer.Config(
                Duration.ZERO, Address.ZERO, 30_000_000L, HeaderSeal.vanity("test")),
            CLOCK);
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  WorldState head() {
    return chain.headState();
  }

  /** A legacy transfer with gas price zero, which only a zero-base-fee chain includes. */
  Transaction freeTransfer(long nonce, long value) {
    return LegacyTransaction.unsigned(
            nonce,
            UInt256.ZERO,
            21_000,
            Optional.of(TO),
            UInt256.of(value),
            new byte[0],
            Optional.of(UInt256.of(DevnetGenesis.CHAIN_ID)))
        .sign(key);
  }

  @Test
  void editsAreSealedInTheNextBlockAndReadBack() {
    Address a = Address.ofLow(0xaa);
    byte[] code = {0x60, 0x01};
    producer.submitEdits(
        List.of(
            new StateEdit.SetBalance(a, UInt256.of(5)),
            new StateEdit.SetNonce(a, 9),
            new StateEdit.SetCode(a, code),
            new StateEdit.SetStorage(a, UInt256.ONE, UInt256.of(7))));
    // Instant mode: sealed before submitEdits returns.
    assertThat(chain.head().number()).isEqualTo(1);
    WorldState state = head();
    assertThat(state.account(a).balance()).isEqualTo(UInt256.of(5));
    assertThat(state.account(a).nonce()).isEqualTo(9);
    assertThat(state.account(a).codeHash()).isEqualTo(Keccak.of(code));
    assertThat(state.code(Keccak.of(code))).containsExactly(code);
    assertThat(state.storage(a, UInt256.ONE)).isEqualTo(UInt256.of(7));
    // The block carries no transactions; its state root is the edited state's.
    assertThat(chain.head().stateRoot()).isEqualTo(state.rootHash());
  }

  @Test
  void baseFeeStaysZeroAndGasPriceZeroIsIncluded() {
    for (int i = 0; i < 3; i++) {
      assertThat(pool.add(freeTransfer(i, 10))).isInstanceOf(AddResult.Added.class);
      Block block = producer.produceBlock().orElseThrow();
      assertThat(block.body().transactions()).hasSize(1);
      assertThat(block.header().baseFeePerGas()).isZero();
    }
    assertThat(head().account(TO).balance()).isEqualTo(UInt256.of(30));
  }

  @Test
  void increaseTimeAndNextTimestampMoveBlockTimestamps() {
    producer.mine(1, 0);
    assertThat(chain.head().timestamp()).isEqualTo(NOW);
    producer.increaseTime(3600);
    producer.mine(1, 0);
    assertThat(chain.head().timestamp()).isEqualTo(NOW + 3600);
    // Measured from the head, which runs ahead of the fixed clock after many blocks.
    producer.mine(3, 0);
    assertThat(chain.head().timestamp()).isEqualTo(NOW + 3603);
    producer.increaseTime(100);
    producer.mine(1, 0);
    assertThat(chain.head().timestamp()).isEqualTo(NOW + 3703);
    producer.setNextTimestamp(NOW + 10_000);
    producer.mine(2, 0);
    BlockHeader second = chain.head();
    assertThat(chain.blocks().header(second.parentHash()).orElseThrow().timestamp())
        .isEqualTo(NOW + 10_000);
    // The offset now points the (fixed) clock at NOW + 10000; the next block is one second later.
    assertThat(second.timestamp()).isEqualTo(NOW + 10_001);
    assertThatThrownBy(() -> producer.setNextTimestamp(NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not after the latest block's timestamp");
  }

  @Test
  void mineWithIntervalSpacesTimestamps() {
    List<Block> blocks = producer.mine(3, 60);
    assertThat(blocks).hasSize(3);
    assertThat(blocks.get(1).header().timestamp() - blocks.get(0).header().timestamp())
        .isEqualTo(60);
    assertThat(blocks.get(2).header().timestamp() - blocks.get(1).header().timestamp())
        .isEqualTo(60);
  }

  @Test
  void revertRewindsChainStateTimeAndPool() {
    BlockProducer.Snapshot snapshot = producer.snapshot();
    pool.add(freeTransfer(0, 10));
    Block first = producer.produceBlock().orElseThrow();
    Transaction included = first.body().transactions().get(0);
    producer.increaseTime(1000);
    producer.mine(2, 0);
    assertThat(chain.head().number()).isEqualTo(3);

    producer.revert(snapshot);

    assertThat(chain.head().number()).isZero();
    assertThat(chain.blocks().canonicalHash(1)).isEmpty();
    assertThat(chain.blocks().transactionLocation(included.hash())).isEmpty();
    assertThat(head().account(TO)).isNull();
    // The nonce is free again: the same transaction is admitted and included again.
    assertThat(pool.add(freeTransfer(0, 10))).isInstanceOf(AddResult.Added.class);
    Block again = producer.produceBlock().orElseThrow();
    assertThat(again.header().number()).isEqualTo(1);
    // Time offset restored: the block is on the clock again, not 1000 s ahead.
    assertThat(again.header().timestamp()).isEqualTo(NOW);
    assertThat(chain.blocks().transactionLocation(included.hash())).isPresent();
    assertThat(head().account(TO).balance()).isEqualTo(UInt256.of(10));
  }

  @Test
  void rebuildingAnIdenticalBlockAfterARevertMakesItTheHeadAgain() {
    BlockProducer.Snapshot snapshot = producer.snapshot();
    Block first = producer.mine(1, 0).get(0);
    producer.revert(snapshot);
    Block same = producer.mine(1, 0).get(0);
    assertThat(same.hash()).isEqualTo(first.hash());
    assertThat(chain.headHash()).isEqualTo(first.hash());
    assertThat(chain.blocks().canonicalHash(1)).contains(first.hash());
  }

  @Test
  void timestampIntervalFixesTheSpacingAndTimeTravelStillJumps() {
    producer.mine(1, 0);
    producer.setTimestampInterval(1L);
    producer.mine(2, 0);
    assertThat(chain.head().timestamp()).isEqualTo(NOW + 2);
    producer.increaseTime(600);
    producer.mine(2, 0);
    BlockHeader head = chain.head();
    assertThat(chain.blocks().header(head.parentHash()).orElseThrow().timestamp())
        .isEqualTo(NOW + 602);
    assertThat(head.timestamp()).isEqualTo(NOW + 603);
    producer.setTimestampInterval(null);
  }

  @Test
  void automineOffLeavesTransactionsInThePoolUntilMined() {
    producer.start();
    try {
      assertThat(pool.add(freeTransfer(0, 1))).isInstanceOf(AddResult.Added.class);
      // Sealed before add returned, as anvil's automine.
      assertThat(chain.head().number()).isEqualTo(1);
      assertThat(pool.status().pending()).isZero();

      producer.setAutomine(false);
      pool.add(freeTransfer(1, 1));
      pool.add(freeTransfer(2, 1));
      assertThat(chain.head().number()).isEqualTo(1);
      assertThat(pool.status().pending()).isEqualTo(2);
      Block both = producer.mine(1, 0).get(0);
      assertThat(both.body().transactions()).hasSize(2);
      producer.setAutomine(true);
    } finally {
      producer.stop();
    }
  }

  @Test
  void gasPriceZeroFromAnAccountThatDoesNotExistIsIncluded() {
    PrivateKey stranger = PrivateKey.fromHex("0x" + "55".repeat(32));
    Transaction tx =
        LegacyTransaction.unsigned(
                0,
                UInt256.ZERO,
                21_000,
                Optional.of(TO),
                UInt256.ZERO,
                new byte[0],
                Optional.of(UInt256.of(DevnetGenesis.CHAIN_ID)))
            .sign(stranger);
    assertThat(pool.nextNonce(stranger.address())).isZero();
    assertThat(pool.add(tx)).isInstanceOf(AddResult.Added.class);
    assertThat(producer.mine(1, 0).get(0).body().transactions()).containsExactly(tx);
    assertThat(head().account(stranger.address()).nonce()).isEqualTo(1);
  }
}
