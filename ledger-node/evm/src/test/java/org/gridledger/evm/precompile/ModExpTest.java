package org.gridledger.evm.precompile;

import static org.assertj.core.api.Assertions.assertThat;

import org.gridledger.evm.types.Hex;
import org.junit.jupiter.api.Test;

/**
 * Edge cases of EIP-198 input handling and EIP-2565 pricing; the expected prices are worked out by
 * hand from the EIP-2565 formula: max(200, floor(ceil(max(Bsize, Msize)/8)^2 · max(1, iterations) /
 * 3)).
 */
class ModExpTest {
  private final ModExp modexp = new ModExp();

  private static String word(long value) {
    return String.format("%064x", value);
  }

  @Test
  void emptyInputCostsTheMinimumAndReturnsNothing() {
    assertThat(modexp.gas(new byte[0])).isEqualTo(200);
    assertThat(modexp.run(new byte[0])).isEmpty();
  }

  @Test
  void hugeExponentLengthIsFreeWhenBaseAndModulusAreEmpty() {
    byte[] input = Hex.decode(word(0) + "80" + "00".repeat(31) + word(0));
    assertThat(modexp.gas(input)).isEqualTo(200);
    assertThat(modexp.run(input)).isEmpty();
  }

  @Test
  void hugeBaseOrModulusLengthsSaturate() {
    assertThat(modexp.gas(Hex.decode("ff".repeat(32) + word(1) + word(1))))
        .isEqualTo(Long.MAX_VALUE);
    assertThat(modexp.gas(Hex.decode(word(1) + word(1) + "01" + "00".repeat(31))))
        .isEqualTo(Long.MAX_VALUE);
    // 2^56 bytes: ceil(2^56/8)^2 = 2^106 overflows
    assertThat(modexp.gas(Hex.decode(word(1) + word(1) + word(1L << 56))))
        .isEqualTo(Long.MAX_VALUE);
    // ceil(2^40/8)^2 = 2^74 overflows too
    assertThat(modexp.gas(Hex.decode(word(1L << 40) + word(0) + word(1))))
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void largeExponentLengthIsPricedExactly() {
    // Bsize 0, Msize 1: complexity 1; Esize 2^40 with a zero head: 8·(2^40 - 32) iterations.
    byte[] input = Hex.decode(word(0) + word(1L << 40) + word(1));
    assertThat(modexp.gas(input)).isEqualTo(2_932_031_007_317L);
  }

  @Test
  void exponentHeadDecidesTheIterationCount() {
    // Bsize = Msize = 256: complexity 32^2 = 1024; Esize = 40: 8·(40 - 32) = 64 iterations plus
    // the index of the highest set bit of the first 32 exponent bytes.
    String header = word(256) + word(40) + word(256);
    String base = "00".repeat(256);
    byte[] lowBit = Hex.decode(header + base + "00".repeat(31) + "01" + "ff".repeat(8));
    assertThat(modexp.gas(lowBit)).isEqualTo(1024 * 64 / 3);
    byte[] highBit = Hex.decode(header + base + "80" + "00".repeat(31) + "00".repeat(8));
    assertThat(modexp.gas(highBit)).isEqualTo(1024 * (64 + 255) / 3);
    byte[] zeroHead = Hex.decode(header + base + "00".repeat(40));
    assertThat(modexp.gas(zeroHead)).isEqualTo(1024 * 64 / 3);
  }

  @Test
  void zeroExponentCountsAsOneIteration() {
    byte[] input = Hex.decode(word(64) + word(32) + word(64));
    // ceil(64/8)^2 = 64, iterations max(1, 0) = 1: 64/3 < 200
    assertThat(modexp.gas(input)).isEqualTo(200);
    byte[] bigger = Hex.decode(word(512) + word(1) + word(512));
    // ceil(512/8)^2 = 4096, one iteration: 1365
    assertThat(modexp.gas(bigger)).isEqualTo(1365);
  }

  @Test
  void zeroModulusGivesZerosOfTheModulusLength() {
    byte[] input = Hex.decode(word(1) + word(1) + word(2) + "02" + "03" + "0000");
    assertThat(modexp.run(input)).containsExactly(0, 0);
  }

  @Test
  void missingInputReadsAsZeros() {
    // 3^2 mod (0x05 followed by a missing byte, i.e. 0x0500 = 1280) = 9, as two bytes
    byte[] input = Hex.decode(word(1) + word(1) + word(2) + "03" + "02" + "05");
    assertThat(Hex.encodeNoPrefix(modexp.run(input))).isEqualTo("0009");
  }

  @Test
  void modulusOneGivesZero() {
    byte[] input = Hex.decode(word(1) + word(1) + word(1) + "07" + "00" + "01");
    assertThat(modexp.run(input)).containsExactly(0);
  }

  @Test
  void resultIsLeftPaddedToTheModulusLength() {
    // 2^10 mod 2^32+1... keep it simple: 2^10 mod 0x00_01_00_01 (65537) = 1024
    byte[] input = Hex.decode(word(1) + word(1) + word(4) + "02" + "0a" + "00010001");
    assertThat(Hex.encodeNoPrefix(modexp.run(input))).isEqualTo("00000400");
  }
}
