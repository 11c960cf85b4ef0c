package org.gridledger.network.eth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import org.gridledger.core.receipt.Receipt;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.core.tx.TransactionType;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Log;
import org.gridledger.network.WireFormatException;
import org.junit.jupiter.api.Test;

/**
 * eth/69 (EIP-7642, caps/eth.md): the new Status and BlockRangeUpdate, bloom-less receipts, and the
 * messages each version has; wire layouts checked by hand against caps/eth.md.
 */
class EthMessage69Test {
  private static final Hash GENESIS = Hash.fromHex("0x" + "22".repeat(32));
  private static final Hash LATEST = Hash.fromHex("0x" + "33".repeat(32));

  private static byte[] hex(String h) {
    return HexFormat.of().parseHex(h.replace(" ", ""));
  }

  private static String hexOf(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private static EthMessage roundTrip(EthMessage m) {
    EthMessage back = EthMessage.decode(EthMessage.ETH69, m.code(), m.encodeData());
    assertThat(back).isEqualTo(m);
    assertThat(back.encodeData()).isEqualTo(m.encodeData());
    return back;
  }

  private static List<Receipt> receipts() {
    Log log =
        new Log(
            Address.fromHex("0x" + "44".repeat(20)),
            List.of(Hash.fromHex("0x" + "55".repeat(32))),
            new byte[] {1, 2});
    return List.of(
        Receipt.of(TransactionType.DYNAMIC_FEE, true, 21_000, List.of()),
        Receipt.of(TransactionType.LEGACY, false, 42_000, List.of(log)),
        Receipt.of(TransactionType.ACCESS_LIST, true, 70_000, List.of(log, log)));
  }

  @Test
  void theNewMessagesRoundTrip() {
    roundTrip(new EthMessage.Status69(69, 1337, GENESIS, ForkId.of(GENESIS), 0, 5, LATEST));
    roundTrip(new EthMessage.BlockRangeUpdate(0, 5, LATEST));
    roundTrip(new EthMessage.BlockRangeUpdate(7, 7, LATEST));
    roundTrip(new EthMessage.Receipts69(9, List.of(receipts(), List.of(), receipts())));
    // the messages both versions share decode the same way in eth/69
    roundTrip(new EthMessage.GetReceipts(3, List.of(LATEST)));
    roundTrip(new EthMessage.GetBlockHeaders(4, new EthMessage.ByNumber(1), 2, 0, false));
  }

  /** An RLP list of the hex items given (an independent length header, for the layouts below). */
  private static String list(String... items) {
    String payload = String.join("", items);
    int n = payload.length() / 2;
    if (n < 56) {
      return String.format("%02x", 0xc0 + n) + payload;
    }
    String len = Integer.toHexString(n);
    len = (len.length() % 2 == 1 ? "0" : "") + len;
    return String.format("%02x", 0xf7 + len.length() / 2) + len + payload;
  }

  /** caps/eth.md: {@code [vsn, networkid, genesis, forkid, earliest, latest, latestHash]}. */
  @Test
  void statusLayout() {
    byte[] data =
        new EthMessage.Status69(69, 1337, GENESIS, new ForkId(0xfc64ec04, 0), 0, 5, LATEST)
            .encodeData();
    assertThat(hexOf(data))
        .isEqualTo(
            list(
                "45",
                "820539",
                "a0" + "22".repeat(32),
                list("84fc64ec04", "80"),
                "80",
                "05",
                "a0" + "33".repeat(32)));
  }

  /** caps/eth.md: {@code [earliest, latest, latestHash]}. */
  @Test
  void blockRangeUpdateLayout() {
    assertThat(hexOf(new EthMessage.BlockRangeUpdate(1, 0x0100, LATEST).encodeData()))
        .isEqualTo("e5" + "01" + "820100" + "a0" + "33".repeat(32));
  }

  /**
   * caps/eth.md: every receipt {@code [tx-type, post-state-or-status, cumulative-gas, logs]}, a
   * list even for typed receipts, without the bloom; decoding computes the bloom again, so each
   * receipt has the consensus encoding (and so the receipts root) of the original.
   */
  @Test
  void receiptsHaveNoBloomAndDecodeToTheConsensusReceipts() {
    List<Receipt> receipts = receipts();
    byte[] data = new EthMessage.Receipts69(1, List.of(receipts.subList(0, 2))).encodeData();
    String log = list("94" + "44".repeat(20), list("a0" + "55".repeat(32)), "820102");
    String typed = list("02", "01", "825208", list());
    String legacy = list("80", "80", "82a410", list(log));
    assertThat(hexOf(data)).isEqualTo(list("01", list(list(typed, legacy))));
    assertThat(typed).isEqualTo("c6" + "02" + "01" + "825208" + "c0");

    EthMessage.Receipts69 back =
        (EthMessage.Receipts69) EthMessage.decode(EthMessage.ETH69, EthMessage.RECEIPTS, data);
    for (int i = 0; i < 2; i++) {
      assertThat(back.blocks().get(0).get(i).encode()).isEqualTo(receipts.get(i).encode());
    }
  }

  @Test
  void eachVersionHasItsOwnMessages() {
    assertThat(EthMessage.messageCount(EthMessage.ETH68)).isEqualTo(17);
    assertThat(EthMessage.messageCount(EthMessage.ETH69)).isEqualTo(18);
    EthMessage.Status status =
        new EthMessage.Status(68, 1, BigInteger.ONE, LATEST, GENESIS, ForkId.of(GENESIS));
    EthMessage.NewBlockHashes hashes =
        new EthMessage.NewBlockHashes(List.of(new EthMessage.BlockAnnouncement(LATEST, 5)));
    EthMessage.BlockRangeUpdate range = new EthMessage.BlockRangeUpdate(0, 5, LATEST);
    EthMessage.Receipts legacyReceipts = new EthMessage.Receipts(1, List.of(receipts()));
    EthMessage.Receipts69 receipts = new EthMessage.Receipts69(1, List.of(receipts()));
    EthMessage.Status69 status69 =
        new EthMessage.Status69(69, 1, GENESIS, ForkId.of(GENESIS), 0, 5, LATEST);
    for (EthMessage only68 : List.of(status, hashes, legacyReceipts)) {
      assertThat(EthMessage.isPartOf(only68, EthMessage.ETH68)).as("%s", only68).isTrue();
      assertThat(EthMessage.isPartOf(only68, EthMessage.ETH69)).as("%s", only68).isFalse();
    }
    for (EthMessage only69 : List.of(status69, range, receipts)) {
      assertThat(EthMessage.isPartOf(only69, EthMessage.ETH69)).as("%s", only69).isTrue();
      assertThat(EthMessage.isPartOf(only69, EthMessage.ETH68)).as("%s", only69).isFalse();
    }
    EthMessage shared = new EthMessage.GetReceipts(1, List.of(LATEST));
    assertThat(EthMessage.isPartOf(shared, EthMessage.ETH68)).isTrue();
    assertThat(EthMessage.isPartOf(shared, EthMessage.ETH69)).isTrue();
    assertThat(EthMessage.isPartOf(shared, 70)).isFalse();

    // eth/69 has no NewBlockHashes or NewBlock; eth/68 no BlockRangeUpdate
    assertThatThrownBy(
            () ->
                EthMessage.decode(
                    EthMessage.ETH69, EthMessage.NEW_BLOCK_HASHES, hashes.encodeData()))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("not part of eth/69");
    assertThatThrownBy(() -> EthMessage.decode(EthMessage.ETH69, EthMessage.NEW_BLOCK, hex("c0")))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("not part of eth/69");
    assertThatThrownBy(
            () ->
                EthMessage.decode(
                    EthMessage.ETH68, EthMessage.BLOCK_RANGE_UPDATE, range.encodeData()))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("not part of eth/68");
    // each version's Status is read in its own form only
    assertThatThrownBy(
            () -> EthMessage.decode(EthMessage.ETH69, EthMessage.STATUS, status.encodeData()))
        .isInstanceOf(WireFormatException.class);
    // a version this node does not speak (eth/71 needs Amsterdam's headers)
    assertThatThrownBy(() -> EthMessage.decode(71, EthMessage.STATUS, status69.encodeData()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void badRangesAndReceiptsAreRefused() {
    // earliest above latest, in an update and in a Status
    assertRejected(
        EthMessage.BLOCK_RANGE_UPDATE,
        new EthMessage.BlockRangeUpdate(6, 5, LATEST).encodeData(),
        "earliest 6 is above latest 5");
    assertRejected(
        EthMessage.STATUS,
        new EthMessage.Status69(69, 1, GENESIS, ForkId.of(GENESIS), 9, 5, LATEST).encodeData(),
        "earliest 9");
    // a zero latest hash
    assertRejected(
        EthMessage.BLOCK_RANGE_UPDATE,
        new EthMessage.BlockRangeUpdate(0, 5, Hash.ZERO).encodeData(),
        "hash is zero");
    // a receipt of type 7, one with status 2, a legacy-form receipt (with its bloom)
    assertRejected(
        EthMessage.RECEIPTS, hex(list("01", list(list(list("07", "01", "01", list()))))), "type 7");
    assertRejected(
        EthMessage.RECEIPTS,
        hex(list("01", list(list(list("02", "02", "01", list()))))),
        "status must be empty or 0x01");
    RlpWriter w = new RlpWriter();
    int outer = w.startList();
    w.writeLong(1);
    int all = w.startList();
    int block = w.startList();
    receipts().get(1).writeTo(w);
    w.endList(block);
    w.endList(all);
    w.endList(outer);
    assertThatThrownBy(
            () -> EthMessage.decode(EthMessage.ETH69, EthMessage.RECEIPTS, w.toByteArray()))
        .isInstanceOf(WireFormatException.class);
  }

  private static void assertRejected(int code, byte[] data, String message) {
    assertThatThrownBy(() -> EthMessage.decode(EthMessage.ETH69, code, data))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining(message);
  }
}
