package org.gridledger.evm.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UInt256Test {
  private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);

  /** Limb patterns where a conversion can slip: each limb's sign bit, zero limbs between others. */
  private static final long[] LIMBS = {
    0, 1, 0x7fff_ffff_ffff_ffffL, 0x8000_0000_0000_0000L, -1, 0x0123_4567_89ab_cdefL
  };

  @Test
  void convertsToAndFromBigIntegerOnEveryLimbPattern() {
    for (long u3 : LIMBS) {
      for (long u2 : LIMBS) {
        for (long u1 : LIMBS) {
          for (long u0 : LIMBS) {
            UInt256 v = new UInt256(u3, u2, u1, u0);
            BigInteger expected = reference(u3, u2, u1, u0);
            assertThat(v.toBigInteger()).as("%s", v).isEqualTo(expected);
            assertThat(UInt256.of(expected)).isEqualTo(v);
          }
        }
      }
    }
  }

  @Test
  void convertsRandomValuesOfEveryWidth() {
    Random random = new Random(11);
    for (int bits = 0; bits <= 256; bits++) {
      BigInteger expected = new BigInteger(bits, random);
      UInt256 v = UInt256.of(expected);
      assertThat(v.toBigInteger()).as("%d bits", bits).isEqualTo(expected);
      assertThat(UInt256.fromBytes(v.toBytes32())).isEqualTo(v);
    }
  }

  @Test
  void refusesValuesOutsideTheRange() {
    assertThatThrownBy(() -> UInt256.of(BigInteger.ONE.negate()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UInt256.of(TWO_256)).isInstanceOf(IllegalArgumentException.class);
    assertThat(UInt256.of(TWO_256.subtract(BigInteger.ONE))).isEqualTo(UInt256.MAX);
  }

  @Test
  void readsALongAsUnsigned() {
    for (long v :
        new long[] {0, 1, Long.MAX_VALUE, Long.MIN_VALUE, -1, -2, 0x8000_0000_0000_0001L}) {
      assertThat(UInt256.unsignedBigInteger(v))
          .as("%d", v)
          .isEqualTo(new BigInteger(Long.toUnsignedString(v)));
    }
  }

  private static BigInteger reference(long u3, long u2, long u1, long u0) {
    BigInteger r = BigInteger.ZERO;
    for (long limb : new long[] {u3, u2, u1, u0}) {
      r = r.shiftLeft(64).add(new BigInteger(Long.toUnsignedString(limb)));
    }
    return r.mod(TWO_256);
  }
}
