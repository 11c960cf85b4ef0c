package org.gridledger.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridledger.core.chain.TestChains.CONFIG;
import static org.gridledger.core.chain.TestChains.EMITTER;
import static org.gridledger.core.chain.TestChains.SENDER;
import static org.gridledger.core.chain.TestChains.TOPIC;
import static org.gridledger.core.chain.TestChains.attributes;
import static org.gridledger.core.chain.TestChains.recipient;
import static org.gridledger.core.chain.TestChains.transfer;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockBody;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.receipt.Receipt;
import org.gridledger.core.storage.Column;
import org.gridledger.core.storage.ReadRecordingStore;
import org.gridledger.core.storage.RocksDbStorage;
import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.UInt256;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockchainTest {
  private ReadRecordingStore store;
  private Blockchain chain;
  private BlockBuilder builder;
  private long nonce;

  @BeforeEach
  void setUp() {
    store = new ReadRecordingStore();
    chain = Blockchain.initialize(store, CONFIG, TestChains.genesis());
    builder = new BlockBuilder(chain);
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  /** Builds a child of {@code parent} holding {@code txs} (all must fit) and imports it. */
  private Block extend(Hash parent, int variant, List<Transaction> txs) {
    long number = chain.blocks().header(parent).orElseThrow().number() + 1;
    BlockBuilder.Built built = builder.build(parent, attributes(number, variant), txs);
    assertThat(built.skipped()).isEmpty();
    ImportResult result = chain.importBlock(built.block());
    assertThat(result).isInstanceOf(ImportResult.Imported.class);
    return built.block();
  }

  private Transaction nextTransfer(Address to, long value) {
    return transfer(nonce++, to, value);
  }

  @Test
  void importedBlocksAreStoredIndexedAndExecuted() {
    List<Block> blocks = new ArrayList<>();
    List<Transaction> txs = new ArrayList<>();
    Hash parent = chain.headHash();
    for (int n = 1; n <= 5; n++) {
      Transaction a = nextTransfer(recipient(n), 1000L * n);
      Transaction b = nextTransfer(recipient(100 + n), 7);
      txs.add(a);
      txs.add(b);
      Block block = extend(parent, 0, List.of(a, b));
      blocks.add(block);
      parent = block.hash();
    }
    assertThat(chain.head().number()).isEqualTo(5);
    assertThat(chain.headHash()).isEqualTo(blocks.get(4).hash());
    for (int n = 1; n <= 5; n++) {
      Block block = blocks.get(n - 1);
      assertThat(chain.blocks().canonicalHash(n)).contains(block.hash());
      assertThat(chain.blocks().block(block.hash())).contains(block);
      List<Receipt> receipts = chain.blocks().receipts(block.hash()).orElseThrow();
      assertThat(receipts).hasSize(2);
      assertThat(receipts.get(0).cumulativeGasUsed()).isEqualTo(21_000);
      assertThat(receipts.get(1).cumulativeGasUsed()).isEqualTo(42_000);
      assertThat(chain.blocks().transactionLocation(txs.get(2 * (n - 1)).hash()))
          .contains(new TxLocation(block.hash(), n, 0));
      assertThat(chain.blocks().transactionLocation(txs.get(2 * (n - 1) + 1).hash()))
          .contains(new TxLocation(block.hash(), n, 1));
    }
    var state = chain.headState();
    assertThat(state.account(recipient(3)).balance()).isEqualTo(UInt256.of(3000));
    assertThat(state.account(SENDER).nonce()).isEqualTo(10);
    assertThat(chain.importBlock(blocks.get(2))).isInstanceOf(ImportResult.AlreadyKnown.class);
  }

  @Test
  void aBlockOnAnotherBranchBecomesTheHeadAndMovesTheIndexes() {
    Block b1 = extend(chain.headHash(), 0, List.of(nextTransfer(recipient(1), 1)));
    long forkNonce = nonce;
    Transaction a2 = nextTransfer(recipient(2), 2);
    Block b2 = extend(b1.hash(), 0, List.of(a2));
    Transaction a3 = nextTransfer(recipient(3), 3);
    Block b3 = extend(b2.hash(), 0, List.of(a3));

    Transaction s2 = transfer(forkNonce, recipient(20), 20);
    BlockBuilder.Built side2 = builder.build(b1.hash(), attributes(2, 1), List.of(s2));
    ImportResult r = chain.importBlock(side2.block());
    assertThat(r).isEqualTo(new ImportResult.Imported(side2.block().hash(), 2, 2));
    assertThat(chain.headHash()).isEqualTo(side2.block().hash());
    assertThat(chain.blocks().canonicalHash(2)).contains(side2.block().hash());
    assertThat(chain.blocks().canonicalHash(3)).isEmpty();
    assertThat(chain.blocks().transactionLocation(a2.hash())).isEmpty();
    assertThat(chain.blocks().transactionLocation(a3.hash())).isEmpty();
    assertThat(chain.blocks().transactionLocation(s2.hash()))
        .contains(new TxLocation(side2.block().hash(), 2, 0));
    assertThat(chain.headState().account(recipient(2))).isNull();

    // Back to the first branch, one block longer: blocks 2 and 3 are canonical again.
    Block b4 = extend(b3.hash(), 0, List.of(nextTransfer(recipient(4), 4)));
    assertThat(chain.headHash()).isEqualTo(b4.hash());
    assertThat(chain.blocks().canonicalHash(2)).contains(b2.hash());
    assertThat(chain.blocks().canonicalHash(3)).contains(b3.hash());
    assertThat(chain.blocks().transactionLocation(a3.hash()))
        .contains(new TxLocation(b3.hash(), 3, 0));
    assertThat(chain.blocks().transactionLocation(s2.hash())).isEmpty();
    var state = chain.headState();
    assertThat(state.account(recipient(2)).balance()).isEqualTo(UInt256.of(2));
    assertThat(state.account(recipient(20))).isNull();
  }

  /** Reads of the canonical index ({@code 'c' ‖ number(8)} → hash, BlockStore). */
  private int canonicalReads() {
    return store
        .reads(r -> r.column() == Column.INDEXES && r.key().length == 9 && r.key()[0] == 'c')
        .size();
  }

  @Test
  void aStateLooksUpItsBlocksCanonicalityOnlyWhenBlockhashAsks() {
    Block b1 = extend(chain.headHash(), 0, List.of(nextTransfer(recipient(1), 1)));
    long forkNonce = nonce;
    // A side block first (the last imported block becomes the head), then the longer branch.
    Block side2 = extend(b1.hash(), 1, List.of(transfer(forkNonce, recipient(20), 20)));
    Block b2 = extend(b1.hash(), 0, List.of(nextTransfer(recipient(2), 2)));
    Block b3 = extend(b2.hash(), 0, List.of(nextTransfer(recipient(3), 3)));
    assertThat(chain.headHash()).isEqualTo(b3.hash());

    // The pool reads a sender's account from a fresh head state for every new sender: no
    // canonical-index read for BLOCKHASH's sake unless BLOCKHASH runs.
    store.clearReads();
    var head = chain.headState();
    assertThat(head.account(SENDER).nonce()).isEqualTo(3);
    assertThat(canonicalReads()).isZero();

    assertThat(head.blockHash(3)).isEqualTo(b3.hash());
    assertThat(head.blockHash(2)).isEqualTo(b2.hash());
    assertThat(head.blockHash(1)).isEqualTo(b1.hash());
    assertThat(head.blockHash(4)).isEqualTo(Hash.ZERO);
    assertThat(canonicalReads()).isPositive();

    // Off the canonical chain the parent links answer: block 2 there is the side block.
    var side = chain.stateAfter(side2.header(), side2.hash());
    assertThat(side.blockHash(2)).isEqualTo(side2.hash());
    assertThat(side.blockHash(1)).isEqualTo(b1.hash());
    assertThat(side.blockHash(0)).isEqualTo(chain.blocks().canonicalHash(0).orElseThrow());
  }

  @Test
  void setHeadRewindsToAnAncestorAndForwardAgain() {
    Block b1 = extend(chain.headHash(), 0, List.of(nextTransfer(recipient(1), 1)));
    Transaction a2 = nextTransfer(recipient(2), 2);
    Block b2 = extend(b1.hash(), 0, List.of(a2));
    Block b3 = extend(b2.hash(), 0, List.of(nextTransfer(recipient(3), 3)));

    assertThat(chain.setHead(b1.hash())).isEqualTo(2);
    assertThat(chain.headHash()).isEqualTo(b1.hash());
    assertThat(chain.blocks().headHash()).contains(b1.hash());
    assertThat(chain.blocks().canonicalHash(2)).isEmpty();
    assertThat(chain.blocks().canonicalHash(3)).isEmpty();
    assertThat(chain.blocks().transactionLocation(a2.hash())).isEmpty();
    // State at the new head is block 1's, although the flat tables still describe block 3.
    var state = chain.headState();
    assertThat(state.account(recipient(1)).balance()).isEqualTo(UInt256.ONE);
    assertThat(state.account(recipient(2))).isNull();
    assertThat(state.account(SENDER).nonce()).isEqualTo(1);

    // A new block on the rewound head, then forward to the old branch's tip again.
    Block side = extend(b1.hash(), 1, List.of(transfer(1, recipient(20), 20)));
    assertThat(chain.blocks().canonicalHash(2)).contains(side.hash());
    assertThat(chain.setHead(b3.hash())).isEqualTo(1);
    assertThat(chain.blocks().canonicalHash(2)).contains(b2.hash());
    assertThat(chain.blocks().transactionLocation(a2.hash()))
        .contains(new TxLocation(b2.hash(), 2, 0));
    assertThat(chain.headState().account(recipient(3)).balance()).isEqualTo(UInt256.of(3));
  }

  @Test
  void setHeadOfAnUnknownBlockFails() {
    assertThatThrownBy(() -> chain.setHead(Hash.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown block");
  }

  @Test
  void invalidBlocksAreRejectedAndNotStored() {
    Hash genesis = chain.headHash();
    BlockBuilder.Built built =
        builder.build(genesis, attributes(1, 0), List.of(nextTransfer(recipient(1), 5)));
    Block good = built.block();

    BlockHeader h = good.header();
    Block wrongRoot = withHeader(good, h.withStateRoot(Hash.ZERO));
    assertThat(chain.importBlock(wrongRoot))
        .isInstanceOfSatisfying(
            ImportResult.Invalid.class,
            i -> assertThat(i.reason()).isEqualTo(InvalidReason.STATE_ROOT));
    assertThat(chain.blocks().contains(wrongRoot.hash())).isFalse();
    assertThat(chain.headHash()).isEqualTo(genesis);

    // A body whose transaction has the wrong nonce: rejected for the transaction.
    Block wrongNonce =
        new Block(h, new BlockBody(List.of(transfer(7, recipient(1), 5)), List.of(), List.of()));
    assertThat(chain.importBlock(wrongNonce))
        .isInstanceOfSatisfying(
            ImportResult.Invalid.class,
            i -> assertThat(i.reason()).isEqualTo(InvalidReason.TX_NONCE_TOO_HIGH));

    Block orphan = withHeader(good, withParent(h, Hash.fromHex("0x" + "ab".repeat(32))));
    assertThat(chain.importBlock(orphan)).isInstanceOf(ImportResult.UnknownParent.class);
    assertThat(chain.importBlock(new byte[] {(byte) 0xc1, 0x00}))
        .isInstanceOfSatisfying(
            ImportResult.Invalid.class,
            i -> assertThat(i.reason()).isEqualTo(InvalidReason.MALFORMED));
    assertThat(chain.headHash()).isEqualTo(genesis);
    assertThat(chain.importBlock(good)).isInstanceOf(ImportResult.Imported.class);
  }

  @Test
  void logsAreFoundOverRangesThroughTheBloomIndex() {
    Hash parent = chain.headHash();
    List<Hash> hashes = new ArrayList<>();
    hashes.add(parent);
    Transaction emit3 = null;
    Transaction emit70 = null;
    for (int n = 1; n <= 72; n++) {
      List<Transaction> txs = new ArrayList<>();
      txs.add(nextTransfer(recipient(n), 1));
      if (n == 3) {
        emit3 = nextTransfer(EMITTER, 33);
        txs.add(emit3);
      } else if (n == 70) {
        emit70 = nextTransfer(EMITTER, 70);
        txs.add(emit70);
      }
      Block b = extend(parent, 0, txs);
      parent = b.hash();
      hashes.add(parent);
    }
    LogFilter byAddress = new LogFilter(List.of(EMITTER), List.of());
    List<LocatedLog> logs = chain.blocks().logs(byAddress, 0, 72, 100);
    assertThat(logs).hasSize(2);
    LocatedLog first = logs.get(0);
    assertThat(first.blockNumber()).isEqualTo(3);
    assertThat(first.blockHash()).isEqualTo(hashes.get(3));
    assertThat(first.transactionHash()).isEqualTo(emit3.hash());
    assertThat(first.transactionIndex()).isEqualTo(1);
    assertThat(first.logIndex()).isZero();
    assertThat(first.log().topics()).containsExactly(TOPIC);
    assertThat(UInt256.fromBytes(first.log().data())).isEqualTo(UInt256.of(33));
    assertThat(logs.get(1).blockNumber()).isEqualTo(70);
    assertThat(logs.get(1).transactionHash()).isEqualTo(emit70.hash());

    assertThat(chain.blocks().logs(byAddress, 4, 69, 100)).isEmpty();
    assertThat(chain.blocks().logs(byAddress, 70, 70, 100)).hasSize(1);
    assertThat(chain.blocks().logs(LogFilter.ALL, 0, 72, 100)).hasSize(2);
    assertThat(chain.blocks().logs(byAddress, 0, 72, 1)).hasSize(2); // limit + 1: exceeded
    LogFilter otherTopic = new LogFilter(List.of(), List.of(List.of(Hash.ZERO)));
    assertThat(chain.blocks().logs(otherTopic, 0, 72, 100)).isEmpty();
    LogFilter topicOrOther = new LogFilter(List.of(), List.of(List.of(Hash.ZERO, TOPIC)));
    assertThat(chain.blocks().logs(topicOrOther, 0, 72, 100)).hasSize(2);
    LogFilter secondTopic = new LogFilter(List.of(), List.of(List.of(), List.of(TOPIC)));
    assertThat(chain.blocks().logs(secondTopic, 0, 72, 100)).isEmpty();
  }

  @Test
  void aReopenedRocksDbStoreResumesAtItsHead(@TempDir Path dir) {
    Hash head;
    try (RocksDbStorage rocks = new RocksDbStorage(dir)) {
      Blockchain c = Blockchain.initialize(rocks, CONFIG, TestChains.genesis());
      BlockBuilder b = new BlockBuilder(c);
      Hash parent = c.headHash();
      for (int n = 1; n <= 3; n++) {
        Block block =
            b.build(parent, attributes(n, 0), List.of(nextTransfer(recipient(n), n))).block();
        assertThat(c.importBlock(block)).isInstanceOf(ImportResult.Imported.class);
        parent = block.hash();
      }
      head = parent;
    }
    try (RocksDbStorage rocks = new RocksDbStorage(dir)) {
      Blockchain c = Blockchain.initialize(rocks, CONFIG, TestChains.genesis());
      assertThat(c.headHash()).isEqualTo(head);
      assertThat(c.head().number()).isEqualTo(3);
      assertThat(c.stateAfter(c.head(), head).account(recipient(2)).balance())
          .isEqualTo(UInt256.of(2));
      Genesis other =
          Genesis.build(
              Map.of(SENDER, GenesisAccount.funded(UInt256.ONE)),
              TestChains.GAS_LIMIT,
              BigInteger.ONE,
              0);
      assertThatThrownBy(() -> Blockchain.initialize(rocks, CONFIG, other))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  private static Block withHeader(Block block, BlockHeader header) {
    return new Block(header, block.body());
  }

  private static BlockHeader withParent(BlockHeader h, Hash parent) {
    return new BlockHeader(
        parent,
        h.ommersHash(),
        h.coinbase(),
        h.stateRoot(),
        h.transactionsRoot(),
        h.receiptsRoot(),
        h.logsBloom(),
        h.difficulty(),
        h.number(),
        h.gasLimit(),
        h.gasUsed(),
        h.timestamp(),
        h.extraData(),
        h.mixHash(),
        h.nonce(),
        h.baseFeePerGas(),
        h.withdrawalsRoot(),
        h.blobGasUsed(),
        h.excessBlobGas(),
        h.parentBeaconBlockRoot());
  }
}
