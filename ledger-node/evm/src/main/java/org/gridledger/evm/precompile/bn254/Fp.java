package org.gridledger.evm.precompile.bn254;

import java.math.BigInteger;

/**
 * An element of the bn254 base field F_p, p = 0x30644e72…3c208c16d87cfd47 (EIP-196). Immutable.
 *
 * <p>Stored in Montgomery form ({@code a·R mod p}, R = 2^256) as four 64-bit limbs, least
 * significant first, so multiplication needs no division. Since p < 2^254, sums of two reduced
 * elements fit in 256 bits, which keeps addition and the Montgomery reduction free of a fifth limb.
 */
public final class Fp {
  /** The field modulus p. */
  public static final BigInteger MODULUS =
      new BigInteger("30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47", 16);

  private static final long P0 = 0x3c208c16d87cfd47L;
  private static final long P1 = 0x97816a916871ca8dL;
  private static final long P2 = 0xb85045b68181585dL;
  private static final long P3 = 0x30644e72e131a029L;

  /** -p^-1 mod 2^64, the Montgomery reduction factor. */
  private static final long P_INV_NEG = negInverse64(P0);

  public static final Fp ZERO = new Fp(0, 0, 0, 0);

  /** R^2 mod p, to move an integer into Montgomery form with one multiplication. */
  private static final Fp R_SQUARED = fromLimbs(BigInteger.ONE.shiftLeft(512).mod(MODULUS));

  public static final Fp ONE = fromBigInteger(BigInteger.ONE);

  private final long l0;
  private final long l1;
  private final long l2;
  private final long l3;

  private Fp(long l0, long l1, long l2, long l3) {
    this.l0 = l0;
    this.l1 = l1;
    this.l2 = l2;
    this.l3 = l3;
  }

  /** {@code value mod p}; {@code value} may be negative or at least p. */
  public static Fp fromBigInteger(BigInteger value) {
    return fromLimbs(value.mod(MODULUS)).mul(R_SQUARED);
  }

  public static Fp of(long value) {
    return fromBigInteger(BigInteger.valueOf(value));
  }

  /**
   * The 32-byte big-endian integer at {@code offset}, or {@code null} if it is not below p (EIP-196
   * rejects non-canonical field elements).
   */
  public static Fp fromBytes(byte[] in, int offset) {
    long w3 = readLong(in, offset);
    long w2 = readLong(in, offset + 8);
    long w1 = readLong(in, offset + 16);
    long w0 = readLong(in, offset + 24);
    // canonical iff value - p borrows
    long b = 0;
    long d = w0 - P0;
    b = ((~w0 & P0) | (~(w0 ^ P0) & d)) >>> 63;
    d = w1 - P1 - b;
    b = ((~w1 & P1) | (~(w1 ^ P1) & d)) >>> 63;
    d = w2 - P2 - b;
    b = ((~w2 & P2) | (~(w2 ^ P2) & d)) >>> 63;
    d = w3 - P3 - b;
    b = ((~w3 & P3) | (~(w3 ^ P3) & d)) >>> 63;
    if (b == 0) {
      return null;
    }
    return new Fp(w0, w1, w2, w3).mul(R_SQUARED);
  }

  /** Writes the canonical 32-byte big-endian value at {@code offset}. */
  public void toBytes(byte[] out, int offset) {
    Fp n = fromMontgomery();
    writeLong(n.l3, out, offset);
    writeLong(n.l2, out, offset + 8);
    writeLong(n.l1, out, offset + 16);
    writeLong(n.l0, out, offset + 24);
  }

  public BigInteger toBigInteger() {
    byte[] b = new byte[32];
    toBytes(b, 0);
    return new BigInteger(1, b);
  }

  public boolean isZero() {
    return (l0 | l1 | l2 | l3) == 0;
  }

  public Fp add(Fp o) {
    long s0 = l0 + o.l0;
    long c = ((l0 & o.l0) | ((l0 | o.l0) & ~s0)) >>> 63;
    long s1 = l1 + o.l1 + c;
    c = ((l1 & o.l1) | ((l1 | o.l1) & ~s1)) >>> 63;
    long s2 = l2 + o.l2 + c;
    c = ((l2 & o.l2) | ((l2 | o.l2) & ~s2)) >>> 63;
    long s3 = l3 + o.l3 + c; // < 2p < 2^255: no carry out
    return reduceOnce(s0, s1, s2, s3);
  }

  public Fp dbl() {
    return add(this);
  }

  /** {@code this / 2}: add p if odd (no overflow, p < 2^254), then shift right. */
  public Fp half() {
    long s0 = l0;
    long s1 = l1;
    long s2 = l2;
    long s3 = l3;
    if ((s0 & 1) != 0) {
      s0 = l0 + P0;
      long c = ((l0 & P0) | ((l0 | P0) & ~s0)) >>> 63;
      s1 = l1 + P1 + c;
      c = ((l1 & P1) | ((l1 | P1) & ~s1)) >>> 63;
      s2 = l2 + P2 + c;
      c = ((l2 & P2) | ((l2 | P2) & ~s2)) >>> 63;
      s3 = l3 + P3 + c;
    }
    return new Fp(
        (s0 >>> 1) | (s1 << 63), (s1 >>> 1) | (s2 << 63), (s2 >>> 1) | (s3 << 63), s3 >>> 1);
  }

  public Fp sub(Fp o) {
    long d0 = l0 - o.l0;
    long b = ((~l0 & o.l0) | (~(l0 ^ o.l0) & d0)) >>> 63;
    long d1 = l1 - o.l1 - b;
    b = ((~l1 & o.l1) | (~(l1 ^ o.l1) & d1)) >>> 63;
    long d2 = l2 - o.l2 - b;
    b = ((~l2 & o.l2) | (~(l2 ^ o.l2) & d2)) >>> 63;
    long d3 = l3 - o.l3 - b;
    b = ((~l3 & o.l3) | (~(l3 ^ o.l3) & d3)) >>> 63;
    if (b == 0) {
      return new Fp(d0, d1, d2, d3);
    }
    // add p back
    long s0 = d0 + P0;
    long c = ((d0 & P0) | ((d0 | P0) & ~s0)) >>> 63;
    long s1 = d1 + P1 + c;
    c = ((d1 & P1) | ((d1 | P1) & ~s1)) >>> 63;
    long s2 = d2 + P2 + c;
    c = ((d2 & P2) | ((d2 | P2) & ~s2)) >>> 63;
    long s3 = d3 + P3 + c;
    return new Fp(s0, s1, s2, s3);
  }

  public Fp neg() {
    return isZero() ? this : ZERO.sub(this);
  }

  /** Montgomery product (CIOS): {@code this · o · R^-1 mod p}, i.e. the product in the field. */
  public Fp mul(Fp o) {
    long a0 = l0;
    long a1 = l1;
    long a2 = l2;
    long a3 = l3;
    long t0 = 0;
    long t1 = 0;
    long t2 = 0;
    long t3 = 0;
    long t4 = 0;
    for (int i = 0; i < 4; i++) {
      long bi = i == 0 ? o.l0 : i == 1 ? o.l1 : i == 2 ? o.l2 : o.l3;
      // t += a · bi
      long lo = a0 * bi;
      long hi = Math.unsignedMultiplyHigh(a0, bi);
      t0 += lo;
      hi += Long.compareUnsigned(t0, lo) < 0 ? 1 : 0;
      long c = hi;

      lo = a1 * bi;
      hi = Math.unsignedMultiplyHigh(a1, bi);
      lo += c;
      hi += Long.compareUnsigned(lo, c) < 0 ? 1 : 0;
      t1 += lo;
      hi += Long.compareUnsigned(t1, lo) < 0 ? 1 : 0;
      c = hi;

      lo = a2 * bi;
      hi = Math.unsignedMultiplyHigh(a2, bi);
      lo += c;
      hi += Long.compareUnsigned(lo, c) < 0 ? 1 : 0;
      t2 += lo;
      hi += Long.compareUnsigned(t2, lo) < 0 ? 1 : 0;
      c = hi;

      lo = a3 * bi;
      hi = Math.unsignedMultiplyHigh(a3, bi);
      lo += c;
      hi += Long.compareUnsigned(lo, c) < 0 ? 1 : 0;
      t3 += lo;
      hi += Long.compareUnsigned(t3, lo) < 0 ? 1 : 0;
      t4 += hi;

      // t = (t + m·p) / 2^64, with m chosen so that the low limb cancels
      long m = t0 * P_INV_NEG;
      lo = m * P0;
      hi = Math.unsignedMultiplyHigh(m, P0);
      c = hi + (t0 != 0 ? 1 : 0); // t0 + lo is 0 or 2^64

      lo = m * P1;
      hi = Math.unsignedMultiplyHigh(m, P1);
      lo += c;
      hi += Long.compareUnsigned(lo, c) < 0 ? 1 : 0;
      lo += t1;
      hi += Long.compareUnsigned(lo, t1) < 0 ? 1 : 0;
      t0 = lo;
      c = hi;

      lo = m * P2;
      hi = Math.unsignedMultiplyHigh(m, P2);
      lo += c;
      hi += Long.compareUnsigned(lo, c) < 0 ? 1 : 0;
      lo += t2;
      hi += Long.compareUnsigned(lo, t2) < 0 ? 1 : 0;
      t1 = lo;
      c = hi;

      lo = m * P3;
      hi = Math.unsignedMultiplyHigh(m, P3);
      lo += c;
      hi += Long.compareUnsigned(lo, c) < 0 ? 1 : 0;
      lo += t3;
      hi += Long.compareUnsigned(lo, t3) < 0 ? 1 : 0;
      t2 = lo;
      c = hi;

      t3 = t4 + c;
      t4 = Long.compareUnsigned(t3, c) < 0 ? 1 : 0;
    }
    // t < 2p < 2^255, so t4 is zero here
    return reduceOnce(t0, t1, t2, t3);
  }

  public Fp square() {
    return mul(this);
  }

  /** The multiplicative inverse; the inverse of zero is zero. */
  public Fp inverse() {
    if (isZero()) {
      return this;
    }
    return fromBigInteger(toBigInteger().modInverse(MODULUS));
  }

  /** {@code this^e} for {@code e >= 0}. */
  public Fp pow(BigInteger e) {
    Fp result = ONE;
    for (int i = e.bitLength() - 1; i >= 0; i--) {
      result = result.square();
      if (e.testBit(i)) {
        result = result.mul(this);
      }
    }
    return result;
  }

  private Fp fromMontgomery() {
    return mul(new Fp(1, 0, 0, 0));
  }

  /** {@code s} if below p, else {@code s - p}; requires {@code s < 2p}. */
  private static Fp reduceOnce(long s0, long s1, long s2, long s3) {
    long d0 = s0 - P0;
    long b = ((~s0 & P0) | (~(s0 ^ P0) & d0)) >>> 63;
    long d1 = s1 - P1 - b;
    b = ((~s1 & P1) | (~(s1 ^ P1) & d1)) >>> 63;
    long d2 = s2 - P2 - b;
    b = ((~s2 & P2) | (~(s2 ^ P2) & d2)) >>> 63;
    long d3 = s3 - P3 - b;
    b = ((~s3 & P3) | (~(s3 ^ P3) & d3)) >>> 63;
    if (b != 0) {
      return new Fp(s0, s1, s2, s3);
    }
    return new Fp(d0, d1, d2, d3);
  }

  /** A value already below p, as raw limbs (no Montgomery conversion). */
  private static Fp fromLimbs(BigInteger value) {
    return new Fp(
        value.longValue(),
        value.shiftRight(64).longValue(),
        value.shiftRight(128).longValue(),
        value.shiftRight(192).longValue());
  }

  private static long negInverse64(long x) {
    // Newton iteration for x^-1 mod 2^64 (x odd): each step doubles the correct low bits.
    long inv = x;
    for (int i = 0; i < 6; i++) {
      inv *= 2 - x * inv;
    }
    return -inv;
  }

  private static long readLong(byte[] in, int offset) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (in[offset + i] & 0xffL);
    }
    return v;
  }

  private static void writeLong(long v, byte[] out, int offset) {
    for (int i = 0; i < 8; i++) {
      out[offset + i] = (byte) (v >>> (56 - 8 * i));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Fp f && l0 == f.l0 && l1 == f.l1 && l2 == f.l2 && l3 == f.l3;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(l0 ^ l1 ^ l2 ^ l3);
  }

  @Override
  public String toString() {
    return "0x" + toBigInteger().toString(16);
  }
}
