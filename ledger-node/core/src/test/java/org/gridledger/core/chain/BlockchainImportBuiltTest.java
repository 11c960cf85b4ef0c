package org.gridledger.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.gridledger.core.block.Block;
import org.gridledger.core.devnet.HeaderSeal;
import org.gridledger.core.storage.Column;
import org.gridledger.core.storage.InMemoryKeyValueStore;
import org.gridledger.core.storage.KeyValueStore;
import org.gridledger.core.tx.DynamicFeeTransaction;
import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.UInt256;
import org.junit.jupiter.api.Test;

/**
 * {@link Blockchain#importBuilt} commits the state the build computed instead of executing the
 * block again: these tests hold it to storing, byte for byte, what a full {@link
 * Blockchain#importBlock} of the same block stores on a second chain.
 */
class BlockchainImportBuiltTest {
  static final PrivateKey VALIDATOR = PrivateKey.fromHex("0x" + "77".repeat(32));

  /** Every write of every committed batch, as "column key → value" (or a delete marker). */
  static final class RecordingStore implements KeyValueStore {
    final InMemoryKeyValueStore inner = new InMemoryKeyValueStore();
    final List<Map<String, String>> commits = new ArrayList<>();

    /** Reads of the state's columns: executing a block reads accounts, a commit alone does not. */
    int stateReads;

    @Override
    public Optional<byte[]> get(Column column, byte[] key) {
      switch (column) {
        case ACCOUNTS, STORAGE, CODE, TRIE_NODES -> stateReads++;
        default -> {}
      }
      return inner.get(column, key);
    }

    @Override
    public Batch newBatch() {
      Batch batch = inner.newBatch();
      Map<String, String> writes = new TreeMap<>();
      return new Batch() {
        @Override
        public Batch put(Column column, byte[] key, byte[] value) {
          writes.put(column + " " + Hex.encode(key), Hex.encode(value));
          batch.put(column, key, value);
          return this;
        }

        @Override
        public Batch delete(Column column, byte[] key) {
          writes.put(column + " " + Hex.encode(key), "delete");
          batch.delete(column, key);
          return this;
        }

        @Override
        public Batch deletePrefix(Column column, byte[] prefix) {
          writes.put(column + " " + Hex.encode(prefix) + "*", "delete prefix");
          batch.deletePrefix(column, prefix);
          return this;
        }

        @Override
        public int size() {
          return batch.size();
        }

        @Override
        public void commit() {
          batch.commit();
          commits.add(writes);
        }

        @Override
        public void close() {
          batch.close();
        }
      };
    }

    Map<String, String> lastCommit() {
      return commits.getLast();
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  final RecordingStore builtStore = new RecordingStore();
  final RecordingStore replayStore = new RecordingStore();

  /** The devnet's rule: room for the validator's seal in the extra data. */
  static final ChainConfig CONFIG = TestChains.CONFIG.withSeals();

  final Blockchain built = Blockchain.initialize(builtStore, CONFIG, TestChains.genesis());
  final Blockchain replayed = Blockchain.initialize(replayStore, CONFIG, TestChains.genesis());
  final BlockBuilder builder = new BlockBuilder(built);

  static BlockBuilder.Attributes sealable(long number, int variant) {
    BlockBuilder.Attributes a = TestChains.attributes(number, variant);
    return new BlockBuilder.Attributes(
        a.coinbase(),
        a.timestamp(),
        a.gasLimit(),
        Hash.fromHex("0x" + "ab".repeat(32)),
        a.parentBeaconBlockRoot(),
        HeaderSeal.vanity("test " + variant));
  }

  /** A call of the log-emitting contract, so receipts carry logs and the bloom is set. */
  static Transaction emit(long nonce, long value) {
    return new DynamicFeeTransaction(
            UInt256.of(TestChains.CONFIG.chainId()),
            nonce,
            UInt256.of(1),
            UInt256.of(100_000_000_000L),
            60_000,
            Optional.of(TestChains.EMITTER),
            UInt256.of(value),
            new byte[0],
            List.of(),
            0,
            UInt256.ZERO,
            UInt256.ZERO)
        .sign(TestChains.KEY);
  }

  List<BlockBuilder.Candidate> candidates(long firstNonce, int count) {
    List<BlockBuilder.Candidate> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long nonce = firstNonce + i;
      Transaction tx =
          i % 3 == 2
              ? emit(nonce, 7 + i)
              : TestChains.transfer(nonce, TestChains.recipient(nonce), 1 + i);
      out.add(new BlockBuilder.Candidate(tx, TestChains.SENDER));
    }
    // A nonce far ahead: left out by the build, so the block holds fewer than the candidates.
    out.add(
        new BlockBuilder.Candidate(
            TestChains.transfer(firstNonce + 1000, Address.ofLow(1), 1), TestChains.SENDER));
    return out;
  }

  @Test
  void importBuiltStoresExactlyWhatExecutingTheBlockAgainStores() {
    long nonce = 0;
    for (long number = 1; number <= 3; number++) {
      BlockBuilder.Built b =
          builder.buildFrom(built.headHash(), sealable(number, 0), candidates(nonce, 10));
      assertThat(b.skipped()).hasSize(1);
      assertThat(b.block().body().transactions()).hasSize(10);
      nonce += 10;
      Block sealed = new Block(HeaderSeal.seal(b.block().header(), VALIDATOR), b.block().body());

      builtStore.stateReads = 0;
      replayStore.stateReads = 0;
      ImportResult fast = built.importBuilt(sealed, b);
      ImportResult full = replayed.importBlock(sealed);

      assertThat(builtStore.stateReads).as("importBuilt executed the block again").isZero();
      assertThat(replayStore.stateReads).isPositive();
      assertThat(fast).isInstanceOf(ImportResult.Imported.class).isEqualTo(full);
      assertThat(builtStore.lastCommit()).isNotEmpty().isEqualTo(replayStore.lastCommit());
      assertThat(built.blocks().receipts(sealed.hash()))
          .isEqualTo(replayed.blocks().receipts(sealed.hash()));
      assertThat(built.headHash()).isEqualTo(replayed.headHash()).isEqualTo(sealed.hash());
    }
    assertThat(builtStore.commits).hasSameSizeAs(replayStore.commits);
  }

  @Test
  void aBuildOvertakenByAnotherImportIsExecutedAgain() {
    Hash genesis = built.headHash();
    BlockBuilder.Built first = builder.buildFrom(genesis, sealable(1, 1), candidates(0, 4));
    BlockBuilder.Built second = builder.buildFrom(genesis, sealable(1, 2), candidates(0, 5));
    assertThat(built.importBuilt(second.block(), second)).isInstanceOf(ImportResult.Imported.class);

    // The head moved after `first` read its state: it must go through a full execution, which
    // here makes it the head of a one-block reorg, as importBlock does on a chain that saw both.
    builtStore.stateReads = 0;
    ImportResult late = built.importBuilt(first.block(), first);
    assertThat(builtStore.stateReads).as("executed again").isPositive();
    replayed.importBlock(second.block());
    ImportResult full = replayed.importBlock(first.block());

    assertThat(late).isEqualTo(full);
    assertThat(((ImportResult.Imported) late).reorgDepth()).isEqualTo(1);
    assertThat(builtStore.lastCommit()).isEqualTo(replayStore.lastCommit());
  }

  @Test
  void importBuiltTakesOnlyTheBuiltBlockAndOnlyOnce() {
    BlockBuilder.Built b = builder.buildFrom(built.headHash(), sealable(1, 0), candidates(0, 3));
    // Only the extra data may differ (the seal): another body is another block.
    BlockBuilder.Built other =
        builder.buildFrom(built.headHash(), sealable(1, 0), candidates(0, 2));

    assertThatThrownBy(() -> built.importBuilt(other.block(), b))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(built.importBuilt(b.block(), b)).isInstanceOf(ImportResult.Imported.class);
    assertThatThrownBy(() -> built.importBuilt(b.block(), b))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aBuildOutOfTimeLeavesTheRemainingCandidatesOutAndImportsAsAnyBuild() {
    // A spent budget takes no candidate at all; an ample one takes what an unbounded build takes.
    BlockBuilder.Built none =
        builder.buildFrom(built.headHash(), sealable(1, 0), candidates(0, 6), -1);
    assertThat(none.block().body().transactions()).isEmpty();
    assertThat(none.skipped()).isEmpty();
    BlockBuilder.Built ample =
        builder.buildFrom(built.headHash(), sealable(1, 0), candidates(0, 6), Long.MAX_VALUE / 2);
    BlockBuilder.Built unbounded =
        builder.buildFrom(built.headHash(), sealable(1, 0), candidates(0, 6));
    assertThat(ample.block().hash()).isEqualTo(unbounded.block().hash());
    assertThat(built.importBuilt(ample.block(), ample)).isInstanceOf(ImportResult.Imported.class);
  }
}
