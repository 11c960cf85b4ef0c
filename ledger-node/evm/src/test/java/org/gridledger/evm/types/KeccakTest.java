package org.gridledger.evm.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.junit.jupiter.api.Test;

class KeccakTest {

  /** Published Keccak-256 values (the empty string and "abc" as Ethereum clients give them). */
  @Test
  void knownDigests() {
    assertThat(Keccak.EMPTY.toString())
        .isEqualTo("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    assertThat(Keccak.EMPTY_TRIE.toString())
        .isEqualTo("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");
    assertThat(Keccak.EMPTY_LIST.toString())
        .isEqualTo("0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347");
    assertThat(Hex.encode(Keccak.hash("abc".getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo("0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
  }

  /**
   * Every length from 0 to four blocks and a few beyond, random bytes, against Bouncy Castle's
   * digest: the boundaries around the 136-byte rate (135, 136, 137, 271, 272, ...) are where the
   * padding can go wrong.
   */
  @Test
  void matchesBouncyCastleOnEveryLength() {
    Random random = new Random(42);
    for (int length = 0; length <= 4 * 136 + 1; length++) {
      byte[] data = new byte[length];
      random.nextBytes(data);
      assertThat(Keccak.hash(data)).as("length %d", length).isEqualTo(reference(data));
    }
    for (int length : new int[] {1_000, 4_096, 65_537}) {
      byte[] data = new byte[length];
      random.nextBytes(data);
      assertThat(Keccak.hash(data)).as("length %d", length).isEqualTo(reference(data));
    }
  }

  @Test
  void hashesASliceOfAnArray() {
    byte[] data = new byte[300];
    new Random(7).nextBytes(data);
    byte[] slice = java.util.Arrays.copyOfRange(data, 17, 17 + 200);
    assertThat(Keccak.hash(data, 17, 200)).isEqualTo(reference(slice));
    assertThat(Keccak.hash(data, 300, 0)).isEqualTo(Keccak.EMPTY.toArray());
  }

  /**
   * Slices at every offset within a lane and every length up to two blocks, ending at the array's
   * end: the last lanes are read byte by byte there, and a wide read would overrun the array.
   */
  @Test
  void hashesSlicesEndingAtTheArraysEnd() {
    Random random = new Random(11);
    for (int offset = 0; offset < 9; offset++) {
      for (int length = 0; length <= 2 * 136 + 1; length++) {
        byte[] data = new byte[offset + length];
        random.nextBytes(data);
        byte[] slice = java.util.Arrays.copyOfRange(data, offset, offset + length);
        assertThat(Keccak.hash(data, offset, length))
            .as("offset %d, length %d", offset, length)
            .isEqualTo(reference(slice));
      }
    }
  }

  @Test
  void refusesASliceOutsideTheArray() {
    byte[] data = new byte[10];
    assertThatThrownBy(() -> Keccak.hash(data, 5, 6)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Keccak.hash(data, -1, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Keccak.hash(data, 0, -1))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  private static byte[] reference(byte[] data) {
    KeccakDigest digest = new KeccakDigest(256);
    digest.update(data, 0, data.length);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }
}
