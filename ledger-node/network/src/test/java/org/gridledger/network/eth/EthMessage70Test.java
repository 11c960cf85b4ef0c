package org.gridledger.network.eth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.gridledger.core.receipt.Receipt;
import org.gridledger.core.tx.TransactionType;
import org.gridledger.evm.types.Hash;
import org.gridledger.network.WireFormatException;
import org.junit.jupiter.api.Test;

/**
 * eth/70 (EIP-7975, caps/eth.md): GetReceipts with an index into the first block's list, Receipts
 * with the flag for a cut-off last list; everything else as eth/69. Wire layouts checked by hand
 * against caps/eth.md.
 */
class EthMessage70Test {
  private static final Hash A = Hash.fromHex("0x" + "aa".repeat(32));
  private static final Hash B = Hash.fromHex("0x" + "bb".repeat(32));

  private static String hexOf(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private static byte[] hex(String h) {
    return HexFormat.of().parseHex(h);
  }

  /** An RLP list of the hex items given, short form only (payloads under 56 bytes here). */
  private static String list(String... items) {
    String payload = String.join("", items);
    int n = payload.length() / 2;
    if (n >= 56) {
      String len = Integer.toHexString(n);
      len = (len.length() % 2 == 1 ? "0" : "") + len;
      return String.format("%02x", 0xf7 + len.length() / 2) + len + payload;
    }
    return String.format("%02x", 0xc0 + n) + payload;
  }

  private static EthMessage roundTrip(EthMessage m) {
    EthMessage back = EthMessage.decode(EthMessage.ETH70, m.code(), m.encodeData());
    assertThat(back).isEqualTo(m);
    assertThat(back.encodeData()).isEqualTo(m.encodeData());
    return back;
  }

  private static List<Receipt> receipts() {
    return List.of(
        Receipt.of(TransactionType.DYNAMIC_FEE, true, 21_000, List.of()),
        Receipt.of(TransactionType.LEGACY, false, 42_000, List.of()));
  }

  /** caps/eth.md: {@code [request-id, firstBlockReceiptIndex, [blockhash, ...]]}. */
  @Test
  void getReceiptsLayout() {
    assertThat(hexOf(new EthMessage.GetReceipts70(7, 0x0102, List.of(A, B)).encodeData()))
        .isEqualTo(list("07", "820102", list("a0" + "aa".repeat(32), "a0" + "bb".repeat(32))));
    assertThat(hexOf(new EthMessage.GetReceipts70(7, 0, List.of()).encodeData()))
        .isEqualTo(list("07", "80", list()));
  }

  /** caps/eth.md: {@code [request-id, lastBlockIncomplete: {0,1}, [[receipt, ...], ...]]}. */
  @Test
  void receiptsLayout() {
    String typed = list("02", "01", "825208", list());
    String legacy = list("80", "80", "82a410", list());
    assertThat(hexOf(new EthMessage.Receipts70(1, true, List.of(receipts())).encodeData()))
        .isEqualTo(list("01", "01", list(list(typed, legacy))));
    assertThat(hexOf(new EthMessage.Receipts70(1, false, List.of(List.of())).encodeData()))
        .isEqualTo(list("01", "80", list(list())));
  }

  @Test
  void messagesRoundTrip() {
    roundTrip(new EthMessage.GetReceipts70(3, 5, List.of(A)));
    roundTrip(new EthMessage.GetReceipts70(3, -1L, List.of(A, B)));
    roundTrip(new EthMessage.Receipts70(9, true, List.of(receipts(), receipts().subList(0, 1))));
    roundTrip(new EthMessage.Receipts70(9, false, List.of()));
    roundTrip(new EthMessage.Status69(70, 1337, A, ForkId.of(A), 0, 5, B));
    roundTrip(new EthMessage.BlockRangeUpdate(0, 5, B));
  }

  @Test
  void aFlagOtherThanZeroOrOneIsMalformed() {
    byte[] data = hex(list("01", "02", list()));
    assertThatThrownBy(() -> EthMessage.decode(EthMessage.ETH70, EthMessage.RECEIPTS, data))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("lastBlockIncomplete");
  }

  @Test
  void eachVersionHasItsOwnReceiptMessages() {
    assertThat(EthMessage.messageCount(EthMessage.ETH70)).isEqualTo(18);
    EthMessage get69 = new EthMessage.GetReceipts(1, List.of(A));
    EthMessage get70 = new EthMessage.GetReceipts70(1, 0, List.of(A));
    EthMessage receipts69 = new EthMessage.Receipts69(1, List.of(receipts()));
    EthMessage receipts70 = new EthMessage.Receipts70(1, false, List.of(receipts()));
    assertThat(EthMessage.isPartOf(get69, EthMessage.ETH69)).isTrue();
    assertThat(EthMessage.isPartOf(get69, EthMessage.ETH70)).isFalse();
    assertThat(EthMessage.isPartOf(get70, EthMessage.ETH70)).isTrue();
    assertThat(EthMessage.isPartOf(get70, EthMessage.ETH69)).isFalse();
    assertThat(EthMessage.isPartOf(receipts69, EthMessage.ETH70)).isFalse();
    assertThat(EthMessage.isPartOf(receipts70, EthMessage.ETH70)).isTrue();
    assertThat(EthMessage.isPartOf(receipts70, EthMessage.ETH68)).isFalse();
    assertThat(EthMessage.isPartOf(new EthMessage.BlockRangeUpdate(0, 1, B), EthMessage.ETH70))
        .isTrue();
    // eth/70 shares eth/69's Status layout, and has no NewBlockHashes either
    assertThat(
            EthMessage.isPartOf(
                new EthMessage.Status69(70, 1, A, ForkId.of(A), 0, 1, B), EthMessage.ETH70))
        .isTrue();
    assertThatThrownBy(
            () ->
                EthMessage.decode(
                    EthMessage.ETH70,
                    EthMessage.NEW_BLOCK_HASHES,
                    new EthMessage.NewBlockHashes(List.of(new EthMessage.BlockAnnouncement(A, 1)))
                        .encodeData()))
        .isInstanceOf(WireFormatException.class);
  }

  @Test
  void anEth69RequestIsMalformedOnEth70() {
    // [id, [hashes]] without the index: the list where a number belongs
    byte[] data = new EthMessage.GetReceipts(1, List.of(A)).encodeData();
    assertThatThrownBy(() -> EthMessage.decode(EthMessage.ETH70, EthMessage.GET_RECEIPTS, data))
        .isInstanceOf(WireFormatException.class);
  }
}
