package org.gridledger.evm.interpreter;

/**
 * Bitwise and shift instructions (AND, OR, XOR, NOT, BYTE, SHL, SHR, SAR). Same conventions as
 * {@link ArithmeticOps}: the top item starts at limb {@code sp - 4} and is popped first.
 */
final class BitwiseOps {
  private BitwiseOps() {}

  /** Implements AND. */
  static void and(long[] s, int sp) {
    int a = sp - 4;
    int r = sp - 8;
    s[r] &= s[a];
    s[r + 1] &= s[a + 1];
    s[r + 2] &= s[a + 2];
    s[r + 3] &= s[a + 3];
  }

  /** Implements OR. */
  static void or(long[] s, int sp) {
    int a = sp - 4;
    int r = sp - 8;
    s[r] |= s[a];
    s[r + 1] |= s[a + 1];
    s[r + 2] |= s[a + 2];
    s[r + 3] |= s[a + 3];
  }

  /** Implements XOR. */
  static void xor(long[] s, int sp) {
    int a = sp - 4;
    int r = sp - 8;
    s[r] ^= s[a];
    s[r + 1] ^= s[a + 1];
    s[r + 2] ^= s[a + 2];
    s[r + 3] ^= s[a + 3];
  }

  /** Implements NOT (in place on the top item). */
  static void not(long[] s, int sp) {
    int a = sp - 4;
    s[a] = ~s[a];
    s[a + 1] = ~s[a + 1];
    s[a + 2] = ~s[a + 2];
    s[a + 3] = ~s[a + 3];
  }

  /**
   * Implements BYTE: byte {@code i} of {@code x} counting from the most significant; 0 if i ≥ 32.
   */
  static void byteOp(long[] s, int sp) {
    int i = sp - 4;
    int r = sp - 8;
    long result = 0;
    if (U256.fitsUnsignedLong(s, i) && Long.compareUnsigned(s[i], 32) < 0) {
      int fromRight = 31 - (int) s[i];
      result = (s[r + (fromRight >>> 3)] >>> ((fromRight & 7) << 3)) & 0xff;
    }
    U256.setLong(s, r, result);
  }

  /** Shift amount in [0, 256], where 256 stands for "256 or more". */
  private static int shiftAmount(long[] s, int o) {
    if (!U256.fitsUnsignedLong(s, o) || Long.compareUnsigned(s[o], 256) >= 0) {
      return 256;
    }
    return (int) s[o];
  }

  /** Implements SHL (EIP-145): value << shift, 0 for shifts of 256 or more. */
  static void shl(long[] s, int sp) {
    int shift = shiftAmount(s, sp - 4);
    int r = sp - 8;
    if (shift == 256) {
      U256.setZero(s, r);
      return;
    }
    int limbs = shift >>> 6;
    int bits = shift & 63;
    for (int k = 3; k >= 0; k--) {
      int src = k - limbs;
      long v = src >= 0 ? s[r + src] << bits : 0;
      if (bits != 0 && src - 1 >= 0) {
        v |= s[r + src - 1] >>> (64 - bits);
      }
      s[r + k] = v;
    }
  }

  /** Implements SHR (EIP-145): logical value >> shift, 0 for shifts of 256 or more. */
  static void shr(long[] s, int sp) {
    int shift = shiftAmount(s, sp - 4);
    int r = sp - 8;
    if (shift == 256) {
      U256.setZero(s, r);
      return;
    }
    int limbs = shift >>> 6;
    int bits = shift & 63;
    for (int k = 0; k < 4; k++) {
      int src = k + limbs;
      long v = src <= 3 ? s[r + src] >>> bits : 0;
      if (bits != 0 && src + 1 <= 3) {
        v |= s[r + src + 1] << (64 - bits);
      }
      s[r + k] = v;
    }
  }

  /**
   * Implements SAR (EIP-145): arithmetic value >> shift; all sign bits for shifts of 256 or more.
   */
  static void sar(long[] s, int sp) {
    int shift = shiftAmount(s, sp - 4);
    int r = sp - 8;
    long fill = s[r + 3] >> 63;
    if (shift == 256) {
      s[r] = fill;
      s[r + 1] = fill;
      s[r + 2] = fill;
      s[r + 3] = fill;
      return;
    }
    int limbs = shift >>> 6;
    int bits = shift & 63;
    for (int k = 0; k < 4; k++) {
      int src = k + limbs;
      long v;
      if (src < 3) {
        v = s[r + src] >>> bits;
        if (bits != 0) {
          v |= s[r + src + 1] << (64 - bits);
        }
      } else if (src == 3) {
        v = s[r + 3] >> bits;
      } else {
        v = fill;
      }
      s[r + k] = v;
    }
  }
}
