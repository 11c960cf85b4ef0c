package org.gridledger.core.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.UInt256;
import org.junit.jupiter.api.Test;

/** Malformed encodings the decoder must reject with a named field and offset. */
class TransactionDecoderTest {

  private static byte[] signed(int index) {
    return TransactionRoundTripTest.unsignedOfEveryType()
        .get(index)
        .sign(TransactionRoundTripTest.KEY)
        .encode();
  }

  private static void rejects(byte[] input, String messagePart) {
    assertThatThrownBy(() -> TransactionDecoder.decode(input))
        .isInstanceOf(TransactionDecodingException.class)
        .hasMessageContaining(messagePart)
        .hasMessageContaining("at offset");
  }

  @Test
  void emptyAndStringInputs() {
    rejects(new byte[0], "empty input");
    rejects(new byte[] {(byte) 0x80}, "found an RLP string");
    rejects(Hex.decode("0x83010203"), "found an RLP string");
  }

  @Test
  void unknownAndLegacyTypeBytes() {
    rejects(new byte[] {0x04, (byte) 0xc0}, "unsupported transaction type 0x04");
    rejects(new byte[] {0x00, (byte) 0xc0}, "unsupported transaction type 0x00");
    rejects(new byte[] {0x7f}, "unsupported transaction type 0x7f");
  }

  @Test
  void typedEnvelopeMustHoldExactlyOneList() {
    rejects(new byte[] {0x02}, "has no payload");
    rejects(new byte[] {0x02, (byte) 0x80}, "payload must be an RLP list");
    byte[] tx = signed(4);
    byte[] trailing = Arrays.copyOf(tx, tx.length + 1);
    rejects(trailing, "trailing bytes");
    rejects(Arrays.copyOf(tx, tx.length - 1), "runs past the end");
  }

  @Test
  void legacyTrailingBytes() {
    byte[] tx = signed(0);
    rejects(Arrays.copyOf(tx, tx.length + 1), "trailing bytes");
  }

  @Test
  void fieldCounts() {
    // A dynamic-fee payload of 11 and 13 items.
    rejects(typed(2, 11), "too few fields: s is missing");
    rejects(typed(2, 13), "more fields than its type defines");
    rejects(typed(1, 10), "too few fields: s is missing");
    rejects(typed(3, 13), "too few fields: s is missing");
    rejects(new byte[] {(byte) 0xc0}, "too few fields: nonce is missing");
  }

  /**
   * {@code type ‖ RLP([0, 0, ...])}: {@code n} empty-string items (valid zeros for every scalar).
   */
  private static byte[] typed(int type, int n) {
    RlpWriter w = new RlpWriter();
    w.writeRaw(new byte[] {(byte) type});
    int list = w.startList();
    for (int i = 0; i < n; i++) {
      // Empty lists where typed payloads want lists (access list, blob hashes), else 0.
      boolean listField =
          switch (type) {
            case 1 -> i == 7;
            case 2 -> i == 8;
            default -> i == 8 || i == 10;
          };
      if (listField) {
        w.writeEmptyList();
      } else {
        w.writeLong(0);
      }
    }
    w.endList(list);
    return w.toByteArray();
  }

  @Test
  void recipientSizes() {
    LegacyTransaction base = (LegacyTransaction) TransactionDecoder.decode(signed(0));
    for (int size : new int[] {1, 19, 21, 32}) {
      byte[] encoded = legacyWithTo(base, new byte[size]);
      rejects(encoded, "to: an address is 20 bytes");
    }
    assertThat(TransactionDecoder.decode(legacyWithTo(base, new byte[0])).to()).isEmpty();
  }

  private static byte[] legacyWithTo(LegacyTransaction t, byte[] to) {
    RlpWriter w = new RlpWriter();
    int list = w.startList();
    w.writeLong(t.nonce());
    w.writeBytes(t.gasPrice().toMinimalBytes());
    w.writeLong(t.gasLimit());
    w.writeBytes(to);
    w.writeBytes(t.value().toMinimalBytes());
    w.writeBytes(t.data());
    w.writeBytes(t.v().toMinimalBytes());
    w.writeBytes(t.r().toMinimalBytes());
    w.writeBytes(t.s().toMinimalBytes());
    w.endList(list);
    return w.toByteArray();
  }

  @Test
  void nonCanonicalIntegersAndWidths() {
    // Nine-field legacy lists of empty strings with one field replaced.
    rejects(Hex.decode("0xcb820001" + "80".repeat(8)), "nonce: integer has a leading zero");
    rejects(Hex.decode("0xd289010000000000000000" + "80".repeat(8)), "nonce: integer longer");
    rejects(
        Hex.decode("0xea80808080a101" + "00".repeat(32) + "80808080"),
        "value: integer longer than 32 bytes");
    rejects(Hex.decode("0xc9" + "80".repeat(4) + "c0" + "80".repeat(4)), "value: expected");
  }

  @Test
  void yParityMustBeZeroOrOne() {
    byte[] payload = typed(2, 12);
    // The tenth field (index 9) is yParity: set it to 2.
    RlpWriter w = new RlpWriter();
    w.writeRaw(new byte[] {2});
    int list = w.startList();
    RlpReader r = new RlpReader(payload, 1, payload.length).readList();
    for (int i = 0; i < 12; i++) {
      byte[] raw = r.readRaw();
      w.writeRaw(i == 9 ? new byte[] {2} : raw);
    }
    w.endList(list);
    rejects(w.toByteArray(), "yParity must be 0 or 1, got 2");
  }

  @Test
  void accessListShapes() {
    AccessListTransaction t = (AccessListTransaction) TransactionDecoder.decode(signed(3));
    byte[] good = t.encode();
    assertThat(TransactionDecoder.decode(good)).isEqualTo(t);
    // An access list entry with a 31-byte storage key.
    AccessListTransaction shortKey =
        new AccessListTransaction(
            t.chainId(),
            t.nonce(),
            t.gasPrice(),
            t.gasLimit(),
            t.to(),
            t.value(),
            t.data(),
            List.of(),
            t.yParity(),
            t.r(),
            t.s());
    byte[] encoded = shortKey.encode();
    // Replace the empty access list (0xc0, just before yParity) with [[addr, [31 bytes]]].
    RlpWriter entry = new RlpWriter();
    int outer = entry.startList();
    int e = entry.startList();
    entry.writeBytes(new byte[20]);
    int keys = entry.startList();
    entry.writeBytes(new byte[31]);
    entry.endList(keys);
    entry.endList(e);
    entry.endList(outer);
    rejects(replaceField(encoded, 7, entry.toByteArray()), "storage key must be 32 bytes");
  }

  /** Replaces field {@code index} of a typed transaction with {@code item}. */
  private static byte[] replaceField(byte[] typedTx, int index, byte[] item) {
    RlpReader r = new RlpReader(typedTx, 1, typedTx.length).readList();
    RlpWriter w = new RlpWriter();
    w.writeRaw(new byte[] {typedTx[0]});
    int list = w.startList();
    int i = 0;
    while (r.hasNext()) {
      byte[] raw = r.readRaw();
      w.writeRaw(i++ == index ? item : raw);
    }
    w.endList(list);
    return w.toByteArray();
  }

  @Test
  void blobHashesMustBe32Bytes() {
    byte[] blob = signed(5);
    RlpWriter hashes = new RlpWriter();
    int l = hashes.startList();
    hashes.writeBytes(new byte[33]);
    hashes.endList(l);
    rejects(replaceField(blob, 10, hashes.toByteArray()), "blobVersionedHashes");
  }

  @Test
  void decodeItemRejectsWrappedLegacy() {
    byte[] legacy = signed(0);
    RlpWriter w = new RlpWriter();
    w.writeBytes(legacy);
    RlpReader r = new RlpReader(w.toByteArray());
    assertThatThrownBy(() -> TransactionDecoder.decodeItem(r))
        .isInstanceOf(TransactionDecodingException.class)
        .hasMessageContaining("typed envelope");
  }

  @Test
  void undefinedLegacyVDecodesButHasNoSignature() {
    LegacyTransaction t = (LegacyTransaction) TransactionDecoder.decode(signed(0));
    LegacyTransaction v29 =
        new LegacyTransaction(
            t.nonce(),
            t.gasPrice(),
            t.gasLimit(),
            t.to(),
            t.value(),
            t.data(),
            UInt256.of(29),
            t.r(),
            t.s());
    Transaction decoded = TransactionDecoder.decode(v29.encode());
    assertThat(decoded).isEqualTo(v29);
    assertThat(decoded.signature()).isEmpty();
    assertThat(decoded.sender()).isEmpty();
    assertThat(decoded.signatureChainId()).isEqualTo(Optional.empty());
  }
}
