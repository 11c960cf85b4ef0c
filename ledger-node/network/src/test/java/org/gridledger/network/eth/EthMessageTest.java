package org.gridledger.network.eth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockBody;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.receipt.Receipt;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.core.tx.Transaction;
import org.gridledger.core.tx.TransactionType;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Log;
import org.gridledger.network.WireFormatException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * eth/68 messages round-trip with real headers, bodies and transactions (the Cancun blocks of the
 * BlockchainTests that core's block fuzz target uses as seeds), keep their wire layout, and refuse
 * malformed or oversized input.
 */
class EthMessageTest {
  private static final Path BLOCKS =
      Path.of("../core/src/test/resources/org/gridledger/core/block/BlockFuzzTestInputs");

  private static List<Block> blocks;

  @BeforeAll
  static void loadBlocks() throws IOException {
    blocks = new ArrayList<>();
    try (Stream<Path> files = Files.walk(BLOCKS)) {
      for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
        blocks.add(Block.decode(Files.readAllBytes(p)));
      }
    }
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(3);
  }

  private static List<Transaction> transactions() {
    return blocks.stream().flatMap(b -> b.body().transactions().stream()).toList();
  }

  private static EthMessage roundTrip(EthMessage m) {
    EthMessage back = EthMessage.decode(m.code(), m.encodeData());
    assertThat(back).isEqualTo(m);
    assertThat(back.encodeData()).isEqualTo(m.encodeData());
    return back;
  }

  private static byte[] hex(String h) {
    return HexFormat.of().parseHex(h.replace(" ", ""));
  }

  @Test
  void everyMessageRoundTrips() {
    Hash genesis = blocks.get(0).header().parentHash();
    roundTrip(
        new EthMessage.Status(
            68, 1337, BigInteger.valueOf(17), blocks.get(0).hash(), genesis, ForkId.of(genesis)));
    roundTrip(
        new EthMessage.NewBlockHashes(
            blocks.stream()
                .map(b -> new EthMessage.BlockAnnouncement(b.hash(), b.number()))
                .toList()));
    assertThat(transactions()).isNotEmpty();
    roundTrip(new EthMessage.Transactions(transactions()));
    roundTrip(
        new EthMessage.GetBlockHeaders(
            7, new EthMessage.ByHash(blocks.get(1).hash()), 1024, 0, true));
    roundTrip(new EthMessage.GetBlockHeaders(8, new EthMessage.ByNumber(0), 1, 3, false));
    roundTrip(new EthMessage.BlockHeaders(9, blocks.stream().map(Block::header).toList()));
    roundTrip(new EthMessage.GetBlockBodies(10, blocks.stream().map(Block::hash).toList()));
    roundTrip(new EthMessage.BlockBodies(11, blocks.stream().map(Block::body).toList()));
    roundTrip(new EthMessage.NewBlock(blocks.get(2), BigInteger.TEN.pow(20)));
    List<Transaction> txs = transactions();
    byte[] types = new byte[txs.size()];
    for (int i = 0; i < types.length; i++) {
      types[i] = (byte) txs.get(i).type().code();
    }
    roundTrip(
        new EthMessage.NewPooledTransactionHashes(
            types,
            txs.stream().map(t -> (long) t.encode().length).toList(),
            txs.stream().map(Transaction::hash).toList()));
    roundTrip(
        new EthMessage.GetPooledTransactions(
            Long.parseUnsignedLong("18446744073709551615"),
            txs.stream().map(Transaction::hash).toList()));
    roundTrip(new EthMessage.PooledTransactions(12, txs));
    roundTrip(new EthMessage.GetReceipts(13, blocks.stream().map(Block::hash).toList()));
    roundTrip(
        new EthMessage.Receipts(14, List.of(receipts(), List.of(), receipts().subList(0, 1))));
  }

  /** A legacy receipt without logs, a failed dynamic-fee one and a blob one with two logs. */
  private static List<Receipt> receipts() {
    Log log1 =
        new Log(
            Address.fromHex("0x" + "ab".repeat(20)),
            List.of(Hash.fromHex("0x" + "01".repeat(32))),
            hex("c0ffee"));
    Log log2 = new Log(Address.fromHex("0x" + "cd".repeat(20)), List.of(), new byte[0]);
    return List.of(
        Receipt.of(TransactionType.LEGACY, true, 21_000, List.of()),
        Receipt.of(TransactionType.DYNAMIC_FEE, false, 71_000, List.of()),
        Receipt.of(TransactionType.BLOB, true, 150_000, List.of(log1, log2)));
  }

  @Test
  void receiptsAreTheConsensusEncodingPerBlock() {
    List<Receipt> receipts = receipts();
    byte[] data = new EthMessage.Receipts(7, List.of(receipts)).encodeData();
    // [7, [[legacy receipt as a list, typed receipts as strings holding type || RLP(fields)]]]:
    // the same items the block's receipts trie stores, one list per block.
    RlpReader block = RlpReader.single(data).readList();
    assertThat(block.readLong()).isEqualTo(7);
    RlpReader items = block.readList().readList();
    assertThat(items.readRaw()).isEqualTo(receipts.get(0).encode());
    byte[] typed = items.readBytes();
    assertThat(typed).isEqualTo(receipts.get(1).encode());
    assertThat(typed[0]).isEqualTo((byte) 0x02);
    assertThat(items.readBytes()).isEqualTo(receipts.get(2).encode());
    assertThat(items.hasNext()).isFalse();
    // [3, [hash]]
    Hash h = Hash.fromHex("0x" + "22".repeat(32));
    assertThat(new EthMessage.GetReceipts(3, List.of(h)).encodeData())
        .isEqualTo(hex("e3 03 e1 a0" + "22".repeat(32)));
  }

  @Test
  void wireLayoutFollowsCapsEth() {
    Hash h = Hash.fromHex("0x" + "11".repeat(32));
    // [5, [0x1234, 16, 0, 1]] for GetBlockHeaders by number 0x1234, reverse.
    assertThat(
            new EthMessage.GetBlockHeaders(5, new EthMessage.ByNumber(0x1234), 16, 0, true)
                .encodeData())
        .isEqualTo(hex("c8 05 c6 821234 10 80 01"));
    // Status: [68, 1, 0, head, genesis, [fork hash, 0]].
    byte[] status =
        new EthMessage.Status(68, 1, BigInteger.ZERO, h, h, new ForkId(0xfc64ec04, 0)).encodeData();
    assertThat(status).startsWith(hex("f8 4c 44 01 80 a0")).endsWith(hex("c6 84 fc64ec04 80"));
    // A transaction in a block body and in Transactions is the same item: the body's encoding
    // (core) and the message's list hold identical bytes.
    Block withTx =
        blocks.stream().filter(b -> !b.body().transactions().isEmpty()).findFirst().orElseThrow();
    byte[] txsMessage = new EthMessage.Transactions(withTx.body().transactions()).encodeData();
    byte[] body = withTx.body().encode();
    assertThat(new String(HexFormat.of().formatHex(body)))
        .contains(HexFormat.of().formatHex(txsMessage));
  }

  @Test
  void aHeaderRequestOverTheLimitIsReadAsTheLimit() {
    // GetBlockHeaders asking for 1025 and for 2^64 - 1 headers (skip 2^64 - 1, start 2^64 - 1):
    // answered with at most 1024, as go-ethereum does, not refused.
    for (String limit : List.of("820401", "88ffffffffffffffff")) {
      byte[] encoded =
          new RlpWriter()
              .writeRaw(
                  RlpWriter.encodeList(
                      hex("01"),
                      RlpWriter.encodeList(
                          hex("88ffffffffffffffff"),
                          hex(limit),
                          hex("88ffffffffffffffff"),
                          hex("80"))))
              .toByteArray();
      EthMessage.GetBlockHeaders get =
          (EthMessage.GetBlockHeaders) EthMessage.decode(EthMessage.GET_BLOCK_HEADERS, encoded);
      assertThat(get.limit()).isEqualTo(EthMessage.MAX_HEADERS);
      assertThat(get.skip()).isEqualTo(-1L);
      assertThat(get.start()).isEqualTo(new EthMessage.ByNumber(-1L));
    }
  }

  @Test
  void limitsAreEnforcedWhenDecoding() {
    // GetBlockBodies with 1025 hashes.
    List<Hash> hashes = Collections.nCopies(1025, Hash.ZERO);
    RlpWriter w = new RlpWriter();
    int outer = w.startList();
    w.writeLong(1);
    int inner = w.startList();
    hashes.forEach(x -> w.writeBytes(x.toArray()));
    w.endList(inner);
    w.endList(outer);
    assertThatThrownBy(() -> EthMessage.decode(EthMessage.GET_BLOCK_BODIES, w.toByteArray()))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("more than 1024");
    assertThatThrownBy(() -> new EthMessage.GetBlockBodies(1, hashes))
        .isInstanceOf(IllegalArgumentException.class);
    // GetReceipts with 1025 hashes: the same list under the receipts' id.
    assertThatThrownBy(() -> EthMessage.decode(EthMessage.GET_RECEIPTS, w.toByteArray()))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("GetReceipts holds more than 1024");
    // Receipts of 1025 blocks.
    RlpWriter r = new RlpWriter();
    int rOuter = r.startList();
    r.writeLong(1);
    int rInner = r.startList();
    for (int i = 0; i < 1025; i++) {
      r.endList(r.startList());
    }
    r.endList(rInner);
    r.endList(rOuter);
    assertThatThrownBy(() -> EthMessage.decode(EthMessage.RECEIPTS, r.toByteArray()))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("more than 1024 blocks");
  }

  @Test
  void malformedInputIsAWireFormatException() {
    assertRejected(EthMessage.STATUS, "c0", "");
    assertRejected(EthMessage.STATUS, "c3 44 01 80", "");
    // reverse = 2
    assertRejected(EthMessage.GET_BLOCK_HEADERS, "c6 05 c4 01 10 80 02", "reverse");
    // start block of 3 bytes with a leading zero, and of 20 bytes
    assertRejected(EthMessage.GET_BLOCK_HEADERS, "c9 05 c7 83000001 10 80 80", "start block");
    // types and hashes of different lengths
    assertRejected(
        EthMessage.NEW_POOLED_TRANSACTION_HASHES,
        "e8 82 0202 c2 0101 e1 a0" + "22".repeat(32),
        "2 types, 2 sizes, 1 hashes");
    // a transaction that is an RLP string without a type byte
    assertRejected(EthMessage.TRANSACTIONS, "c2 81 80", "transaction");
    // GetNodeData, gone since eth/67
    assertRejected(0x0d, "c0", "unsupported");
    // a receipt that is a string without a type byte, and one of an unknown type
    assertRejected(EthMessage.RECEIPTS, "c5 01 c3 c2 81 80", "typed envelope");
    assertRejected(EthMessage.RECEIPTS, "c4 01 c2 c1 07", "unsupported receipt type 0x07");
    // GetReceipts of a 31-byte hash
    assertRejected(EthMessage.GET_RECEIPTS, "e2 01 e0 9f" + "22".repeat(31), "32 bytes");
    assertRejected(0x42, "c0", "unsupported");
    assertRejected(EthMessage.BLOCK_BODIES, "c3 01 c1 c0", "");
  }

  private static void assertRejected(int code, String data, String message) {
    assertThatThrownBy(() -> EthMessage.decode(code, hex(data)))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining(message);
  }

  @Test
  void headersAndBodiesAreCoreTypes() {
    EthMessage.BlockHeaders headers =
        (EthMessage.BlockHeaders)
            EthMessage.decode(
                EthMessage.BLOCK_HEADERS,
                new EthMessage.BlockHeaders(1, List.of(blocks.get(0).header())).encodeData());
    BlockHeader header = headers.headers().get(0);
    assertThat(header.hash()).isEqualTo(blocks.get(0).hash());
    EthMessage.BlockBodies bodies =
        (EthMessage.BlockBodies)
            EthMessage.decode(
                EthMessage.BLOCK_BODIES,
                new EthMessage.BlockBodies(1, List.of(BlockBody.EMPTY)).encodeData());
    assertThat(bodies.bodies()).containsExactly(BlockBody.EMPTY);
  }
}
