package org.gridledger.evm.interpreter;

/**
 * Unsigned 256-bit arithmetic on limbs held in {@code long[]} arrays: a value at index {@code o}
 * occupies {@code x[o..o+3]}, least significant limb first. Nothing here allocates; division uses a
 * caller-supplied {@code int[]} work area of at least {@link #DIV_WORK} elements.
 *
 * <p>Division is Knuth's algorithm D (TAOCP vol. 2, 4.3.1) on 32-bit digits, as laid out in
 * Hacker's Delight (2nd ed., fig. 9-3); it serves DIV, MOD, their signed forms, ADDMOD (257-bit
 * dividend) and MULMOD (512-bit dividend).
 */
final class U256 {
  private U256() {}

  /** Size of the work area {@link #divRem} needs. */
  static final int DIV_WORK = 32;

  private static final long MASK32 = 0xffff_ffffL;

  // Work area layout: normalised dividend (up to 17 digits), then normalised divisor (8 digits).
  private static final int UN = 0;
  private static final int VN = 17;

  static boolean isZero(long[] x, int o) {
    return (x[o] | x[o + 1] | x[o + 2] | x[o + 3]) == 0;
  }

  /** Whether the value fits in 64 bits unsigned. */
  static boolean fitsUnsignedLong(long[] x, int o) {
    return (x[o + 1] | x[o + 2] | x[o + 3]) == 0;
  }

  /** The value as a non-negative {@code long}, or {@link Long#MAX_VALUE} if it is larger. */
  static long toLongSaturated(long[] x, int o) {
    if ((x[o + 1] | x[o + 2] | x[o + 3]) != 0 || x[o] < 0) {
      return Long.MAX_VALUE;
    }
    return x[o];
  }

  static void setZero(long[] x, int o) {
    x[o] = 0;
    x[o + 1] = 0;
    x[o + 2] = 0;
    x[o + 3] = 0;
  }

  static void setLong(long[] x, int o, long v) {
    x[o] = v;
    x[o + 1] = 0;
    x[o + 2] = 0;
    x[o + 3] = 0;
  }

  static void copy(long[] from, int fo, long[] to, int to0) {
    to[to0] = from[fo];
    to[to0 + 1] = from[fo + 1];
    to[to0 + 2] = from[fo + 2];
    to[to0 + 3] = from[fo + 3];
  }

  /** Unsigned comparison of two values. */
  static int compare(long[] a, int ao, long[] b, int bo) {
    for (int i = 3; i >= 0; i--) {
      int c = Long.compareUnsigned(a[ao + i], b[bo + i]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  static boolean isNegative(long[] x, int o) {
    return x[o + 3] < 0;
  }

  /** Two's complement negation in place. */
  static void negate(long[] x, int o) {
    long carry = 1;
    for (int i = 0; i < 4; i++) {
      long v = ~x[o + i] + carry;
      carry = (carry == 1 && v == 0) ? 1 : 0;
      x[o + i] = v;
    }
  }

  /** Carry out of {@code x + y = sum} (unsigned). */
  static long carry(long x, long y, long sum) {
    return ((x & y) | ((x | y) & ~sum)) >>> 63;
  }

  /** Borrow out of {@code x - y = diff} (unsigned). */
  static long borrow(long x, long y, long diff) {
    return ((~x & y) | (~(x ^ y) & diff)) >>> 63;
  }

  /**
   * {@code r = a * b mod 2^256}; {@code r} may alias {@code a} or {@code b}. Schoolbook on 64-bit
   * limbs keeping only the columns below 2^256, written compactly (small helpers) so the JIT
   * inlines it into the interpreter loop: keep it under C2's 325-byte limit for hot callees.
   */
  static void mul(long[] a, int ao, long[] b, int bo, long[] r, int ro) {
    long a0 = a[ao], a1 = a[ao + 1], a2 = a[ao + 2];
    long b0 = b[bo], b1 = b[bo + 1], b2 = b[bo + 2];
    // Column 3 keeps only 64 bits: low halves of its products, high halves of column 2's, and
    // the carries out of column 2 added below.
    long r3 =
        a0 * b[bo + 3]
            + a1 * b2
            + a2 * b1
            + a[ao + 3] * b0
            + Math.unsignedMultiplyHigh(a0, b2)
            + Math.unsignedMultiplyHigh(a1, b1)
            + Math.unsignedMultiplyHigh(a2, b0);
    // Every input word is read by now, so the output may overwrite an aliased input.
    r[ro] = a0 * b0;
    // Column 1: high half of a0*b0 plus the low halves of a0*b1 and a1*b0; carries start r2.
    long r1 = Math.unsignedMultiplyHigh(a0, b0);
    long p = a0 * b1;
    r1 += p;
    long r2 = ltu(r1, p);
    p = a1 * b0;
    r1 += p;
    r2 += ltu(r1, p);
    // Column 2: each addend's carry goes to column 3.
    p = Math.unsignedMultiplyHigh(a0, b1);
    r2 += p;
    r3 += ltu(r2, p);
    p = Math.unsignedMultiplyHigh(a1, b0);
    r2 += p;
    r3 += ltu(r2, p);
    p = a0 * b2;
    r2 += p;
    r3 += ltu(r2, p);
    p = a1 * b1;
    r2 += p;
    r3 += ltu(r2, p);
    p = a2 * b0;
    r2 += p;
    r3 += ltu(r2, p);
    r[ro + 1] = r1;
    r[ro + 2] = r2;
    r[ro + 3] = r3;
  }

  /** 1 if {@code x < y} unsigned (the carry out of an addition whose sum is {@code x}), else 0. */
  private static long ltu(long x, long y) {
    return Long.compareUnsigned(x, y) < 0 ? 1 : 0;
  }

  /** The full 512-bit product into {@code out[0..7]}. */
  static void mulFull(long[] a, int ao, long[] b, int bo, long[] out) {
    for (int i = 0; i < 8; i++) {
      out[i] = 0;
    }
    for (int i = 0; i < 4; i++) {
      long ai = a[ao + i];
      long carry = 0;
      for (int j = 0; j < 4; j++) {
        long bj = b[bo + j];
        long lo = ai * bj;
        long hi = Math.unsignedMultiplyHigh(ai, bj);
        long t = out[i + j] + lo;
        hi += Long.compareUnsigned(t, lo) < 0 ? 1 : 0;
        t += carry;
        hi += Long.compareUnsigned(t, carry) < 0 ? 1 : 0;
        out[i + j] = t;
        carry = hi;
      }
      out[i + 4] = carry;
    }
  }

  private static int digit(long[] x, int o, int i) {
    return (int) (x[o + (i >> 1)] >>> ((i & 1) << 5));
  }

  private static void setDigit(long[] x, int o, int i, long d) {
    int limb = o + (i >> 1);
    if ((i & 1) == 0) {
      x[limb] = (x[limb] & 0xffff_ffff_0000_0000L) | (d & MASK32);
    } else {
      x[limb] = (x[limb] & MASK32) | (d << 32);
    }
  }

  /**
   * Unsigned division of {@code u} ({@code uLimbs} limbs, at most 8) by {@code v} (4 limbs, not
   * zero). Writes the quotient ({@code uLimbs} limbs) to {@code q} unless {@code q} is null, and
   * the remainder (4 limbs) to {@code r} unless {@code r} is null. Outputs may alias inputs.
   */
  static void divRem(
      long[] u, int uo, int uLimbs, long[] v, int vo, long[] q, int qo, long[] r, int ro, int[] w) {
    int m = 2 * uLimbs;
    while (m > 0 && digit(u, uo, m - 1) == 0) {
      m--;
    }
    int n = 8;
    while (n > 0 && digit(v, vo, n - 1) == 0) {
      n--;
    }
    if (n == 0) {
      throw new IllegalStateException("division by zero must be handled by the caller");
    }
    if (m < n) {
      // u < v: quotient 0, remainder u (which then fits in 4 limbs).
      if (r != null) {
        long r0 = u[uo], r1 = u[uo + 1], r2 = u[uo + 2], r3 = u[uo + 3];
        r[ro] = r0;
        r[ro + 1] = r1;
        r[ro + 2] = r2;
        r[ro + 3] = r3;
      }
      if (q != null) {
        for (int i = 0; i < uLimbs; i++) {
          q[qo + i] = 0;
        }
      }
      return;
    }
    if (n == 1) {
      long d = digit(v, vo, 0) & MASK32;
      // Unpack the dividend first so the outputs may alias it.
      for (int i = 0; i < m; i++) {
        w[UN + i] = digit(u, uo, i);
      }
      if (q != null) {
        for (int i = 0; i < uLimbs; i++) {
          q[qo + i] = 0;
        }
      }
      long rem = 0;
      for (int j = m - 1; j >= 0; j--) {
        long cur = (rem << 32) | (w[UN + j] & MASK32);
        long qd = Long.divideUnsigned(cur, d);
        rem = cur - qd * d;
        if (q != null) {
          setDigit(q, qo, j, qd);
        }
      }
      if (r != null) {
        setLong(r, ro, rem);
      }
      return;
    }
    // Normalise: shift so the divisor's top digit has its high bit set.
    int s = Integer.numberOfLeadingZeros(digit(v, vo, n - 1));
    for (int i = n - 1; i > 0; i--) {
      int hi = digit(v, vo, i) << s;
      int lo = s == 0 ? 0 : digit(v, vo, i - 1) >>> (32 - s);
      w[VN + i] = hi | lo;
    }
    w[VN] = digit(v, vo, 0) << s;
    w[UN + m] = s == 0 ? 0 : digit(u, uo, m - 1) >>> (32 - s);
    for (int i = m - 1; i > 0; i--) {
      int hi = digit(u, uo, i) << s;
      int lo = s == 0 ? 0 : digit(u, uo, i - 1) >>> (32 - s);
      w[UN + i] = hi | lo;
    }
    w[UN] = digit(u, uo, 0) << s;
    if (q != null) {
      for (int i = 0; i < uLimbs; i++) {
        q[qo + i] = 0;
      }
    }
    long vTop = w[VN + n - 1] & MASK32;
    long vNext = w[VN + n - 2] & MASK32;
    for (int j = m - n; j >= 0; j--) {
      long top = ((w[UN + j + n] & MASK32) << 32) | (w[UN + j + n - 1] & MASK32);
      long qhat = Long.divideUnsigned(top, vTop);
      long rhat = top - qhat * vTop;
      while (qhat > MASK32
          || Long.compareUnsigned(qhat * vNext, (rhat << 32) | (w[UN + j + n - 2] & MASK32)) > 0) {
        qhat--;
        rhat += vTop;
        if (rhat > MASK32) {
          break;
        }
      }
      // Multiply and subtract.
      long k = 0;
      long t;
      for (int i = 0; i < n; i++) {
        long p = qhat * (w[VN + i] & MASK32);
        t = (w[UN + i + j] & MASK32) - k - (p & MASK32);
        w[UN + i + j] = (int) t;
        k = (p >>> 32) - (t >> 32);
      }
      t = (w[UN + j + n] & MASK32) - k;
      w[UN + j + n] = (int) t;
      if (t < 0) {
        // Subtracted too much: add the divisor back once.
        qhat--;
        k = 0;
        for (int i = 0; i < n; i++) {
          t = (w[UN + i + j] & MASK32) + (w[VN + i] & MASK32) + k;
          w[UN + i + j] = (int) t;
          k = t >>> 32;
        }
        w[UN + j + n] += (int) k;
      }
      if (q != null) {
        setDigit(q, qo, j, qhat);
      }
    }
    if (r != null) {
      setZero(r, ro);
      for (int i = 0; i < n; i++) {
        long lo = (w[UN + i] & MASK32) >>> s;
        long hi = s == 0 ? 0 : ((w[UN + i + 1] & MASK32) << (32 - s)) & MASK32;
        setDigit(r, ro, i, lo | hi);
      }
    }
  }

  /** Number of significant bytes (0 for zero), as EXP gas counts the exponent. */
  static int byteLength(long[] x, int o) {
    for (int i = 3; i >= 0; i--) {
      if (x[o + i] != 0) {
        return i * 8 + (64 - Long.numberOfLeadingZeros(x[o + i]) + 7) / 8;
      }
    }
    return 0;
  }
}
