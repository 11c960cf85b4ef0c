package org.gridledger.network.snappy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.gridledger.network.WireFormatException;
import org.junit.jupiter.api.Test;

/**
 * Hand-made blocks built from the element layouts of google/snappy format_description.txt (sections
 * 1 "Preamble", 2.1 "Literals", 2.2 "Copies"), and round trips of random data.
 */
class SnappyTest {
  private static byte[] hex(String h) {
    return HexFormat.of().parseHex(h.replace(" ", ""));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] decode(String h) {
    return Snappy.decompress(hex(h), Snappy.MAX_DEVP2P_LENGTH);
  }

  @Test
  void emptyBlockIsTheZeroLengthPreamble() {
    assertThat(decode("00")).isEmpty();
    assertThat(Snappy.compress(new byte[0])).isEqualTo(hex("00"));
  }

  @Test
  void shortLiteralKeepsLengthMinusOneInTheTag() {
    // 5 bytes; tag (5-1) << 2 = 0x10; then "hello".
    assertThat(decode("05 10 68656c6c6f")).isEqualTo(ascii("hello"));
  }

  @Test
  void longLiteralsTakeOneToFourExtraLengthBytes() {
    byte[] data = new byte[300];
    new Random(1).nextBytes(data);
    // 300 = varint ac 02; tag 61 << 2 = 0xf4 (two length bytes), 299 = 0x012b little-endian.
    byte[] block = new byte[3 + 3 + 300];
    System.arraycopy(hex("ac02 f4 2b01"), 0, block, 0, 5);
    System.arraycopy(data, 0, block, 5, 300);
    assertThat(Snappy.decompress(java.util.Arrays.copyOf(block, 305), 1000)).isEqualTo(data);
    // 60 bytes: tag 60 << 2 = 0xf0 with one length byte 59 = 0x3b.
    byte[] sixty = new byte[60];
    byte[] b60 = new byte[3 + 60];
    System.arraycopy(hex("3c f0 3b"), 0, b60, 0, 3);
    assertThat(Snappy.decompress(b60, 100)).isEqualTo(sixty);
  }

  @Test
  void copiesWithOneTwoAndFourByteOffsets() {
    // "abcd" then copy-1: length 4 + 3 = 7, offset 4 -> tag 01 | (3 << 2) | (0 << 5) = 0x0d, 04.
    assertThat(decode("0b 0c 61626364 0d 04")).isEqualTo(ascii("abcdabcdabc"));
    // copy-2: length 1 + 5 = 6, offset 2 -> tag 02 | (5 << 2) = 0x16, 02 00.
    assertThat(decode("08 04 7879 16 0200")).isEqualTo(ascii("xyxyxyxy"));
    // copy-4: length 3, offset 1 -> tag 03 | (2 << 2) = 0x0b, 01 00 00 00.
    assertThat(decode("04 00 7a 0b 01000000")).isEqualTo(ascii("zzzz"));
  }

  @Test
  void overlappingCopyRepeatsItsOwnOutput() {
    // One "a", then copy-2 of 63 with offset 1: 64 times "a".
    assertThat(decode("40 00 61 fa 0100")).isEqualTo(ascii("a".repeat(64)));
  }

  @Test
  void malformedBlocksAreRejectedWithTheirOffset() {
    assertRejected("", 0, "truncated");
    assertRejected("80", 1, "truncated");
    assertRejected("ffffffff10", 4, "32 bits");
    assertRejected("ffffffffff01", 4, "32 bits");
    assertRejected("05 10 6865", 1, "past the end");
    assertRejected("03 10 68656c6c6f", 1, "exceeds the declared length");
    assertRejected("04 00 7a 0d", 3, "runs past the end");
    assertRejected("04 00 7a 0d 00", 3, "offset 0");
    assertRejected("08 00 7a 0d 02", 3, "before the start");
    assertRejected("08 00 7a 0f 0000", 3, "runs past the end");
    assertRejected("04 00 7a 1e 0100", 3, "exceeds the declared length");
    assertRejected("06 10 68656c6c6f", 7, "decodes to 5 bytes");
    assertRejected("05 f0", 1, "past the end");
  }

  @Test
  void declaredLengthAboveTheLimitIsRefusedBeforeInflating() {
    // 0xffffffff bytes declared in five bytes of input.
    assertThatThrownBy(() -> Snappy.decompress(hex("ffffffff0f"), Snappy.MAX_DEVP2P_LENGTH))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("4294967295 bytes");
    // 16 MiB + 1 = 0x1000001: 81 80 80 08.
    assertThatThrownBy(() -> Snappy.decompress(hex("81808008"), Snappy.MAX_DEVP2P_LENGTH))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("more than the limit");
    assertThat(Snappy.declaredLength(hex("80808008"))).isEqualTo(16L * 1024 * 1024);
  }

  @Test
  void randomAndRepetitiveDataRoundTrip() {
    Random random = new Random(7);
    for (int size :
        new int[] {
          1, 3, 4, 5, 59, 60, 61, 128, 129, 255, 256, 257, 16_383, 16_384, 16_385, 65535, 65536,
          70_000, 1 << 20
        }) {
      byte[] noise = new byte[size];
      random.nextBytes(noise);
      assertThat(Snappy.decompress(Snappy.compress(noise), size)).isEqualTo(noise);
      byte[] repetitive = new byte[size];
      for (int i = 0; i < size; i++) {
        repetitive[i] = (byte) "gridledger-".charAt((i * 7 / 5) % 11);
      }
      byte[] compressed = Snappy.compress(repetitive);
      assertThat(Snappy.decompress(compressed, size)).isEqualTo(repetitive);
      if (size >= 4096) {
        assertThat(compressed.length).isLessThan(size / 4);
      } else if (size >= 128) { // the hash table shrinks with the input, the matches stay found
        assertThat(compressed.length).isLessThan(size / 2);
      }
    }
    // Matches farther apart than a 2-byte offset reaches, and longer than one copy element.
    byte[] far = new byte[200_000];
    random.nextBytes(far);
    System.arraycopy(far, 0, far, 150_000, 50_000);
    assertThat(Snappy.decompress(Snappy.compress(far), far.length)).isEqualTo(far);
  }

  private static void assertRejected(String block, int offset, String message) {
    assertThatThrownBy(() -> decode(block))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((WireFormatException) e).offset()).isEqualTo(offset));
  }
}
