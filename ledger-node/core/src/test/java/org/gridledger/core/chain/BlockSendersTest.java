package org.gridledger.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridledger.core.chain.TestChains.CONFIG;
import static org.gridledger.core.chain.TestChains.attributes;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridledger.core.block.Block;
import org.gridledger.core.storage.Column;
import org.gridledger.core.storage.InMemoryKeyValueStore;
import org.gridledger.core.storage.KeyValueStore;
import org.gridledger.core.storage.RocksDbStorage;
import org.gridledger.core.storage.StorageException;
import org.gridledger.core.tx.BlobTransaction;
import org.gridledger.core.tx.DynamicFeeTransaction;
import org.gridledger.core.tx.LegacyTransaction;
import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The senders {@link Blockchain} stores with each block and {@link BlockStore#senders} reads. */
class BlockSendersTest {
  static final PrivateKey LEGACY_KEY = PrivateKey.fromHex("0x" + "11".repeat(32));
  static final PrivateKey DYNAMIC_KEY = PrivateKey.fromHex("0x" + "22".repeat(32));
  static final PrivateKey BLOB_KEY = PrivateKey.fromHex("0x" + "33".repeat(32));
  static final UInt256 GWEI = UInt256.of(1_000_000_000L);
  static final Address TO = Address.ofLow(0xabc);

  static Genesis genesis() {
    Map<Address, GenesisAccount> alloc = new LinkedHashMap<>();
    for (PrivateKey key : List.of(LEGACY_KEY, DYNAMIC_KEY, BLOB_KEY)) {
      alloc.put(
          Address.fromPublicKey(key.publicKey()),
          GenesisAccount.funded(UInt256.of(BigInteger.TEN.pow(24))));
    }
    return Genesis.build(alloc, TestChains.GAS_LIMIT, TestChains.BASE_FEE, 1_700_000_000L);
  }

  /** An EIP-155 legacy transfer, an EIP-1559 transfer and an EIP-4844 blob transaction. */
  static List<Transaction> mixedTransactions(long nonce) {
    Transaction legacy =
        new LegacyTransaction(
                nonce,
                UInt256.of(10_000_000_000L),
                21_000,
                Optional.of(TO),
                UInt256.ONE,
                new byte[0],
                UInt256.of(2 * CONFIG.chainId() + 35),
                UInt256.ZERO,
                UInt256.ZERO)
            .sign(LEGACY_KEY);
    Transaction dynamic =
        new DynamicFeeTransaction(
                UInt256.of(CONFIG.chainId()),
                nonce,
                UInt256.ONE,
                UInt256.of(10_000_000_000L),
                21_000,
                Optional.of(TO),
                UInt256.of(2),
                new byte[0],
                List.of(),
                0,
                UInt256.ZERO,
                UInt256.ZERO)
            .sign(DYNAMIC_KEY);
    Transaction blob =
        new BlobTransaction(
                UInt256.of(CONFIG.chainId()),
                nonce,
                UInt256.ONE,
                UInt256.of(10_000_000_000L),
                21_000,
                Optional.of(TO),
                UInt256.of(3),
                new byte[0],
                List.of(),
                GWEI,
                List.of(Hash.fromHex("0x01" + "00".repeat(31))),
                0,
                UInt256.ZERO,
                UInt256.ZERO)
            .sign(BLOB_KEY);
    return List.of(legacy, dynamic, blob);
  }

  /** Builds block {@code number} on {@code parent} with {@code txs} and imports it. */
  static Block importNew(Blockchain chain, Hash parent, long number, List<Transaction> txs) {
    BlockBuilder.Built built = new BlockBuilder(chain).build(parent, attributes(number, 0), txs);
    assertThat(built.skipped()).isEmpty();
    assertThat(chain.importBlock(built.block())).isInstanceOf(ImportResult.Imported.class);
    return built.block();
  }

  static List<Address> keysAddresses() {
    return List.of(
        Address.fromPublicKey(LEGACY_KEY.publicKey()),
        Address.fromPublicKey(DYNAMIC_KEY.publicKey()),
        Address.fromPublicKey(BLOB_KEY.publicKey()));
  }

  @Test
  void sendersOfLegacyDynamicFeeAndBlobTransactionsAreStoredInOrder() {
    try (KeyValueStore store = new InMemoryKeyValueStore()) {
      Blockchain chain = Blockchain.initialize(store, CONFIG, genesis());
      Block block = importNew(chain, chain.headHash(), 1, mixedTransactions(0));
      List<Address> stored = chain.blocks().senders(block.hash()).orElseThrow();
      // Expected from the signing keys, not from our recovery...
      assertThat(stored).containsExactlyElementsOf(keysAddresses());
      // ...and equal to what recovery gives.
      assertThat(stored)
          .containsExactlyElementsOf(
              block.body().transactions().stream().map(tx -> tx.sender().orElseThrow()).toList());
    }
  }

  @Test
  void aBlockImportedFromItsBuildStoresTheSameSenders() {
    try (KeyValueStore store = new InMemoryKeyValueStore()) {
      Blockchain chain = Blockchain.initialize(store, CONFIG, genesis());
      BlockBuilder.Built built =
          new BlockBuilder(chain).build(chain.headHash(), attributes(1, 0), mixedTransactions(0));
      assertThat(chain.importBuilt(built.block(), built)).isInstanceOf(ImportResult.Imported.class);
      assertThat(chain.blocks().senders(built.block().hash())).contains(keysAddresses());
    }
  }

  @Test
  void genesisAndEmptyBlocksHaveAnEmptyListAndUnknownBlocksNone() {
    try (KeyValueStore store = new InMemoryKeyValueStore()) {
      Blockchain chain = Blockchain.initialize(store, CONFIG, genesis());
      Hash genesisHash = chain.headHash();
      assertThat(chain.blocks().senders(genesisHash)).contains(List.of());
      Block empty = importNew(chain, genesisHash, 1, List.of());
      assertThat(chain.blocks().senders(empty.hash())).contains(List.of());
      assertThat(chain.blocks().senders(Hash.fromHex("0x" + "ab".repeat(32)))).isEmpty();
    }
  }

  @Test
  void sendersSurviveAReorgAndAReopenOfTheRocksDbStore(@TempDir Path dir) {
    Hash first;
    Hash side;
    try (RocksDbStorage rocks = new RocksDbStorage(dir)) {
      Blockchain chain = Blockchain.initialize(rocks, CONFIG, genesis());
      Hash genesisHash = chain.headHash();
      first = importNew(chain, genesisHash, 1, mixedTransactions(0)).hash();
      // A side block at the same height becomes the head: the first block leaves the canonical
      // chain, and keeps its senders (they are keyed by block hash).
      side = importNew(chain, genesisHash, 1, mixedTransactions(0).subList(1, 2)).hash();
      assertThat(chain.headHash()).isEqualTo(side);
    }
    try (RocksDbStorage rocks = new RocksDbStorage(dir)) {
      Blockchain chain = Blockchain.open(rocks, CONFIG);
      assertThat(chain.blocks().senders(first)).contains(keysAddresses());
      assertThat(chain.blocks().senders(side)).contains(keysAddresses().subList(1, 2));
    }
  }

  @Test
  void aBlockStoredWithoutSendersReadsAsNone() {
    try (KeyValueStore store = new InMemoryKeyValueStore()) {
      Blockchain chain = Blockchain.initialize(store, CONFIG, genesis());
      Block block = importNew(chain, chain.headHash(), 1, mixedTransactions(0));
      // What a store written by an earlier version holds: the block without the entry.
      try (KeyValueStore.Batch batch = store.newBatch()) {
        batch.delete(Column.INDEXES, BlockStore.sendersKey(block.hash()));
        batch.commit();
      }
      assertThat(chain.blocks().block(block.hash())).isPresent();
      assertThat(chain.blocks().senders(block.hash())).isEmpty();
    }
  }

  @Test
  void aTruncatedEntryIsAStorageErrorNamingTheBlock() {
    try (KeyValueStore store = new InMemoryKeyValueStore()) {
      Blockchain chain = Blockchain.initialize(store, CONFIG, genesis());
      Block block = importNew(chain, chain.headHash(), 1, mixedTransactions(0));
      try (KeyValueStore.Batch batch = store.newBatch()) {
        batch.put(Column.INDEXES, BlockStore.sendersKey(block.hash()), new byte[Address.SIZE + 7]);
        batch.commit();
      }
      assertThatThrownBy(() -> chain.blocks().senders(block.hash()))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining(block.hash().toString())
          .hasMessageContaining("27 bytes");
    }
  }
}
