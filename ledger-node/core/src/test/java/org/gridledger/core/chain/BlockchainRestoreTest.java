package org.gridledger.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridledger.core.chain.TestChains.CONFIG;
import static org.gridledger.core.chain.TestChains.attributes;
import static org.gridledger.core.chain.TestChains.recipient;
import static org.gridledger.core.chain.TestChains.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gridledger.core.block.Block;
import org.gridledger.core.state.WorldState;
import org.gridledger.core.storage.Column;
import org.gridledger.core.storage.InMemoryKeyValueStore;
import org.gridledger.core.storage.KeyValueStore;
import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.UInt256;
import org.junit.jupiter.api.Test;

/**
 * A block is written before its post-state, which may be committed behind and lost in a crash
 * (decision 0022): opening the chain executes those blocks again.
 */
class BlockchainRestoreTest {
  /**
   * A store that keeps two copies: {@link #live}, which a running node reads (every commit), and
   * {@link #durable}, what a crash leaves on disk, which misses the batches committed behind while
   * {@link #loseBehind} is set (the writer never got to them).
   */
  private static final class CrashingStore implements KeyValueStore {
    final InMemoryKeyValueStore live = new InMemoryKeyValueStore();
    final InMemoryKeyValueStore durable = new InMemoryKeyValueStore();
    boolean loseBehind;

    @Override
    public Optional<byte[]> get(Column column, byte[] key) {
      return live.get(column, key);
    }

    @Override
    public Batch newBatch() {
      Batch toLive = live.newBatch();
      Batch toDisk = durable.newBatch();
      return new Batch() {
        @Override
        public Batch put(Column column, byte[] key, byte[] value) {
          toLive.put(column, key, value);
          toDisk.put(column, key, value);
          return this;
        }

        @Override
        public Batch delete(Column column, byte[] key) {
          toLive.delete(column, key);
          toDisk.delete(column, key);
          return this;
        }

        @Override
        public Batch deletePrefix(Column column, byte[] prefix) {
          toLive.deletePrefix(column, prefix);
          toDisk.deletePrefix(column, prefix);
          return this;
        }

        @Override
        public int size() {
          return toLive.size();
        }

        @Override
        public void commit() {
          toLive.commit();
          toDisk.commit();
        }

        @Override
        public void commitBehind() {
          toLive.commit();
          if (!loseBehind) {
            toDisk.commit();
          }
        }

        @Override
        public void close() {
          toLive.close();
          toDisk.close();
        }
      };
    }

    @Override
    public void close() {}
  }

  private static Block nextBlock(Blockchain chain, BlockBuilder builder) {
    long n = chain.head().number() + 1;
    long nonce = chain.headState().account(TestChains.SENDER).nonce();
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      txs.add(transfer(nonce + i, recipient(n * 5 + i), n));
    }
    return builder.build(chain.headHash(), attributes(n, 0), txs).block();
  }

  @Test
  void openingExecutesAgainTheBlocksWhoseStateWasLost() {
    CrashingStore crashing = new CrashingStore();
    Blockchain chain = Blockchain.initialize(crashing, CONFIG, TestChains.genesis());
    BlockBuilder builder = new BlockBuilder(chain);
    for (int i = 0; i < 3; i++) {
      assertThat(chain.importBlock(nextBlock(chain, builder)))
          .isInstanceOf(ImportResult.Imported.class);
    }
    crashing.loseBehind = true; // the states of blocks 4 and 5 never reach the disk
    for (int i = 0; i < 2; i++) {
      assertThat(chain.importBlock(nextBlock(chain, builder)))
          .isInstanceOf(ImportResult.Imported.class);
    }
    Hash headRoot = chain.head().stateRoot();
    InMemoryKeyValueStore store = crashing.durable; // what the restarted node finds
    assertThat(store.get(Column.TRIE_NODES, headRoot.unsafeBytes())).isEmpty();
    assertThat(WorldState.flatRoot(store)).isNotEqualTo(headRoot);

    Blockchain reopened = Blockchain.open(store, CONFIG);
    assertThat(reopened.head().number()).isEqualTo(5);
    assertThat(store.get(Column.TRIE_NODES, headRoot.unsafeBytes())).isPresent();
    assertThat(WorldState.flatRoot(store)).isEqualTo(headRoot);
    assertThat(reopened.headState().rootHash()).isEqualTo(headRoot);
    assertThat(reopened.headState().account(recipient(5 * 5 + 4)).balance())
        .isEqualTo(UInt256.of(5));
    // The restored chain goes on.
    assertThat(reopened.importBlock(nextBlock(reopened, new BlockBuilder(reopened))))
        .isInstanceOf(ImportResult.Imported.class);
  }

  @Test
  void aStoreWithoutTheStateOfAnyRecentBlockIsRefused() {
    InMemoryKeyValueStore store = new InMemoryKeyValueStore();
    Blockchain chain = Blockchain.initialize(store, CONFIG, TestChains.genesis());
    Hash genesisRoot = chain.head().stateRoot();
    BlockBuilder builder = new BlockBuilder(chain);
    assertThat(chain.importBlock(nextBlock(chain, builder)))
        .isInstanceOf(ImportResult.Imported.class);
    try (KeyValueStore.Batch batch = store.newBatch()) {
      batch.delete(Column.TRIE_NODES, genesisRoot.unsafeBytes());
      batch.delete(Column.TRIE_NODES, chain.head().stateRoot().unsafeBytes());
      batch.commit();
    }
    assertThatThrownBy(() -> Blockchain.open(store, CONFIG))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("state of block 0");
  }
}
