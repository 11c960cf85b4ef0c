package org.gridledger.evm.interpreter;

/**
 * Arithmetic instructions (0x01–0x0b). Each works on the operand stack {@code s} whose top item
 * starts at limb {@code sp - 4}; the loop has already checked the stack depth and charged the
 * constant gas, and it adjusts {@code sp} afterwards. Operands are popped in order: {@code a} is
 * the top.
 */
final class ArithmeticOps {
  private ArithmeticOps() {}

  /** Implements ADD: a + b mod 2^256. */
  static void add(long[] s, int sp) {
    int a = sp - 4;
    int r = sp - 8;
    long a0 = s[a], a1 = s[a + 1], a2 = s[a + 2], a3 = s[a + 3];
    long b0 = s[r], b1 = s[r + 1], b2 = s[r + 2], b3 = s[r + 3];
    long r0 = a0 + b0;
    long c = U256.carry(a0, b0, r0);
    long r1 = a1 + b1 + c;
    c = U256.carry(a1, b1, r1);
    long r2 = a2 + b2 + c;
    c = U256.carry(a2, b2, r2);
    s[r] = r0;
    s[r + 1] = r1;
    s[r + 2] = r2;
    s[r + 3] = a3 + b3 + c;
  }

  /** Implements SUB: a - b mod 2^256. */
  static void sub(long[] s, int sp) {
    int a = sp - 4;
    int r = sp - 8;
    long a0 = s[a], a1 = s[a + 1], a2 = s[a + 2], a3 = s[a + 3];
    long b0 = s[r], b1 = s[r + 1], b2 = s[r + 2], b3 = s[r + 3];
    long r0 = a0 - b0;
    long c = U256.borrow(a0, b0, r0);
    long r1 = a1 - b1 - c;
    c = U256.borrow(a1, b1, r1);
    long r2 = a2 - b2 - c;
    c = U256.borrow(a2, b2, r2);
    s[r] = r0;
    s[r + 1] = r1;
    s[r + 2] = r2;
    s[r + 3] = a3 - b3 - c;
  }

  /** Implements MUL: a * b mod 2^256. */
  static void mul(long[] s, int sp) {
    U256.mul(s, sp - 4, s, sp - 8, s, sp - 8);
  }

  /** Implements DIV: a / b, or 0 when b is 0. */
  static void div(long[] s, int sp, int[] work) {
    int a = sp - 4;
    int r = sp - 8;
    if (U256.isZero(s, r)) {
      return; // result 0, already in place
    }
    if (U256.fitsUnsignedLong(s, a) && U256.fitsUnsignedLong(s, r)) {
      s[r] = Long.divideUnsigned(s[a], s[r]);
      return;
    }
    U256.divRem(s, a, 4, s, r, s, r, null, 0, work);
  }

  /** Implements MOD: a mod b, or 0 when b is 0. */
  static void mod(long[] s, int sp, int[] work) {
    int a = sp - 4;
    int r = sp - 8;
    if (U256.isZero(s, r)) {
      return;
    }
    if (U256.fitsUnsignedLong(s, a) && U256.fitsUnsignedLong(s, r)) {
      s[r] = Long.remainderUnsigned(s[a], s[r]);
      return;
    }
    U256.divRem(s, a, 4, s, r, null, 0, s, r, work);
  }

  /** Implements SDIV: signed a / b truncated toward zero; 0 when b is 0; -2^255 / -1 = -2^255. */
  static void sdiv(long[] s, int sp, int[] work) {
    int a = sp - 4;
    int r = sp - 8;
    if (U256.isZero(s, r)) {
      return;
    }
    boolean negA = U256.isNegative(s, a);
    boolean negB = U256.isNegative(s, r);
    if (negA) {
      U256.negate(s, a);
    }
    if (negB) {
      U256.negate(s, r);
    }
    U256.divRem(s, a, 4, s, r, s, r, null, 0, work);
    if (negA != negB) {
      U256.negate(s, r);
    }
  }

  /** Implements SMOD: signed a mod b with the sign of a; 0 when b is 0. */
  static void smod(long[] s, int sp, int[] work) {
    int a = sp - 4;
    int r = sp - 8;
    if (U256.isZero(s, r)) {
      return;
    }
    boolean negA = U256.isNegative(s, a);
    if (negA) {
      U256.negate(s, a);
    }
    if (U256.isNegative(s, r)) {
      U256.negate(s, r);
    }
    U256.divRem(s, a, 4, s, r, null, 0, s, r, work);
    if (negA) {
      U256.negate(s, r);
    }
  }

  /** Implements ADDMOD: (a + b) mod n with the 257-bit sum; 0 when n is 0. */
  static void addmod(long[] s, int sp, long[] tmp, int[] work) {
    int a = sp - 4;
    int b = sp - 8;
    int n = sp - 12;
    if (U256.isZero(s, n)) {
      return;
    }
    long c = 0;
    for (int i = 0; i < 4; i++) {
      long x = s[a + i];
      long y = s[b + i];
      long sum = x + y;
      long c1 = U256.carry(x, y, sum);
      long sum2 = sum + c;
      long c2 = U256.carry(sum, c, sum2);
      tmp[i] = sum2;
      c = c1 | c2;
    }
    tmp[4] = c;
    tmp[5] = 0;
    U256.divRem(tmp, 0, 6, s, n, null, 0, s, n, work);
  }

  /** Implements MULMOD: (a * b) mod n with the 512-bit product; 0 when n is 0. */
  static void mulmod(long[] s, int sp, long[] tmp, int[] work) {
    int a = sp - 4;
    int b = sp - 8;
    int n = sp - 12;
    if (U256.isZero(s, n)) {
      return;
    }
    U256.mulFull(s, a, s, b, tmp);
    U256.divRem(tmp, 0, 8, s, n, null, 0, s, n, work);
  }

  /** Gas EXP charges beyond its constant part: 50 per byte of the exponent (EIP-160). */
  static long expDynamicGas(long[] s, int sp) {
    return 50L * U256.byteLength(s, sp - 8);
  }

  /** Implements EXP: a ^ b mod 2^256 by square and multiply. */
  static void exp(long[] s, int sp, long[] tmp) {
    int base = sp - 4;
    int r = sp - 8;
    // tmp[0..3] = result, tmp[4..7] = running square of the base.
    U256.setLong(tmp, 0, 1);
    U256.copy(s, base, tmp, 4);
    int bits = 0;
    for (int i = 3; i >= 0; i--) {
      if (s[r + i] != 0) {
        bits = i * 64 + 64 - Long.numberOfLeadingZeros(s[r + i]);
        break;
      }
    }
    for (int i = 0; i < bits; i++) {
      if (((s[r + (i >> 6)] >>> (i & 63)) & 1) != 0) {
        U256.mul(tmp, 0, tmp, 4, tmp, 0);
      }
      if (i + 1 < bits) {
        U256.mul(tmp, 4, tmp, 4, tmp, 4);
      }
    }
    U256.copy(tmp, 0, s, r);
  }

  /** Implements SIGNEXTEND: extends the sign of byte {@code a} (from the right) of {@code b}. */
  static void signextend(long[] s, int sp) {
    int a = sp - 4;
    int r = sp - 8;
    if (!U256.fitsUnsignedLong(s, a) || Long.compareUnsigned(s[a], 31) >= 0) {
      return; // value unchanged
    }
    int bitIndex = (int) s[a] * 8 + 7;
    int limb = bitIndex >>> 6;
    int bit = bitIndex & 63;
    boolean negative = ((s[r + limb] >>> bit) & 1) != 0;
    long mask = bit == 63 ? -1L : (1L << (bit + 1)) - 1;
    s[r + limb] = negative ? s[r + limb] | ~mask : s[r + limb] & mask;
    for (int i = limb + 1; i < 4; i++) {
      s[r + i] = negative ? -1L : 0L;
    }
  }
}
