package org.gridledger.evm.interpreter;

/** Comparison instructions (LT, GT, SLT, SGT, EQ, ISZERO); results are 0 or 1. */
final class ComparisonOps {
  private ComparisonOps() {}

  private static int compareUnsigned(long[] s, int a, int b) {
    int c = Long.compareUnsigned(s[a + 3], s[b + 3]);
    if (c != 0) {
      return c;
    }
    c = Long.compareUnsigned(s[a + 2], s[b + 2]);
    if (c != 0) {
      return c;
    }
    c = Long.compareUnsigned(s[a + 1], s[b + 1]);
    if (c != 0) {
      return c;
    }
    return Long.compareUnsigned(s[a], s[b]);
  }

  private static int compareSigned(long[] s, int a, int b) {
    int c = Long.compare(s[a + 3], s[b + 3]);
    if (c != 0) {
      return c;
    }
    c = Long.compareUnsigned(s[a + 2], s[b + 2]);
    if (c != 0) {
      return c;
    }
    c = Long.compareUnsigned(s[a + 1], s[b + 1]);
    if (c != 0) {
      return c;
    }
    return Long.compareUnsigned(s[a], s[b]);
  }

  /** Implements LT: a < b (unsigned). */
  static void lt(long[] s, int sp) {
    U256.setLong(s, sp - 8, compareUnsigned(s, sp - 4, sp - 8) < 0 ? 1 : 0);
  }

  /** Implements GT: a > b (unsigned). */
  static void gt(long[] s, int sp) {
    U256.setLong(s, sp - 8, compareUnsigned(s, sp - 4, sp - 8) > 0 ? 1 : 0);
  }

  /** Implements SLT: a < b (two's complement). */
  static void slt(long[] s, int sp) {
    U256.setLong(s, sp - 8, compareSigned(s, sp - 4, sp - 8) < 0 ? 1 : 0);
  }

  /** Implements SGT: a > b (two's complement). */
  static void sgt(long[] s, int sp) {
    U256.setLong(s, sp - 8, compareSigned(s, sp - 4, sp - 8) > 0 ? 1 : 0);
  }

  /** Implements EQ. */
  static void eq(long[] s, int sp) {
    int a = sp - 4;
    int r = sp - 8;
    long diff =
        (s[a] ^ s[r]) | (s[a + 1] ^ s[r + 1]) | (s[a + 2] ^ s[r + 2]) | (s[a + 3] ^ s[r + 3]);
    U256.setLong(s, r, diff == 0 ? 1 : 0);
  }

  /** Implements ISZERO (in place on the top item). */
  static void iszero(long[] s, int sp) {
    int a = sp - 4;
    U256.setLong(s, a, U256.isZero(s, a) ? 1 : 0);
  }
}
