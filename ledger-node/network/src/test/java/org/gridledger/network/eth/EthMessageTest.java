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
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.types.Hash;
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
  void limitsAreEnforcedWhenDecoding() {
    // GetBlockHeaders asking for 1025 headers.
    byte[] tooMany =
        new RlpWriter()
            .writeRaw(
                RlpWriter.encodeList(
                    hex("01"),
                    RlpWriter.encodeList(hex("80"), hex("820401"), hex("80"), hex("80"))))
            .toByteArray();
    assertThatThrownBy(() -> EthMessage.decode(EthMessage.GET_BLOCK_HEADERS, tooMany))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("1025 headers");
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
    assertRejected(0x0f, "c0", "unsupported");
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
