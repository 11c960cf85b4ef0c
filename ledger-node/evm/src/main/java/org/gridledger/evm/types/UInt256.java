package org.gridledger.evm.types;

import java.math.BigInteger;

/**
 * An unsigned 256-bit integer as four 64-bit limbs, most significant first ({@code u3} holds bits
 * 255..192). Used at API edges (balances, storage keys and values); the interpreter keeps its stack
 * as raw {@code long[]} limbs and does not allocate these on its hot path.
 */
public record UInt256(long u3, long u2, long u1, long u0) implements Comparable<UInt256> {
  public static final UInt256 ZERO = new UInt256(0, 0, 0, 0);
  public static final UInt256 ONE = new UInt256(0, 0, 0, 1);
  public static final UInt256 MAX = new UInt256(-1, -1, -1, -1);

  public static UInt256 of(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("negative: " + value);
    }
    return new UInt256(0, 0, 0, value);
  }

  /**
   * @throws IllegalArgumentException if {@code v} is negative or wider than 256 bits
   */
  public static UInt256 of(BigInteger v) {
    if (v.signum() < 0 || v.bitLength() > 256) {
      throw new IllegalArgumentException("not a 256-bit unsigned value: " + v);
    }
    if (v.bitLength() < 64) {
      return new UInt256(0, 0, 0, v.longValue());
    }
    return new UInt256(
        v.shiftRight(192).longValue(),
        v.shiftRight(128).longValue(),
        v.shiftRight(64).longValue(),
        v.longValue());
  }

  /** Big-endian bytes, at most 32 (shorter arrays are left-padded with zeros). */
  public static UInt256 fromBytes(byte[] b) {
    return fromBytes(b, 0, b.length);
  }

  public static UInt256 fromBytes(byte[] b, int off, int len) {
    if (len > 32) {
      throw new IllegalArgumentException("more than 32 bytes: " + len);
    }
    long[] limbs = new long[4];
    for (int i = 0; i < len; i++) {
      int bitPos = (len - 1 - i) * 8; // position of this byte from the least significant end
      limbs[bitPos / 64] |= (b[off + i] & 0xffL) << (bitPos % 64);
    }
    return new UInt256(limbs[3], limbs[2], limbs[1], limbs[0]);
  }

  public static UInt256 fromHex(String hex) {
    return fromBytes(Hex.decode(hex));
  }

  public boolean isZero() {
    return (u3 | u2 | u1 | u0) == 0;
  }

  /** Whether the value fits in a non-negative {@code long}. */
  public boolean fitsLong() {
    return (u3 | u2 | u1) == 0 && u0 >= 0;
  }

  /**
   * The value as a {@link BigInteger}. Fee and balance arithmetic calls this for every transaction
   * a node pools, orders or executes, so it builds the result from the limbs' bytes, or for a value
   * below 2^63 (gas prices, most transfers) from the long alone.
   */
  public BigInteger toBigInteger() {
    if (fitsLong()) {
      return BigInteger.valueOf(u0);
    }
    return new BigInteger(1, toBytes32());
  }

  /** {@code v} read as an unsigned 64-bit integer (nonces, gas amounts). */
  public static BigInteger unsignedBigInteger(long v) {
    if (v >= 0) {
      return BigInteger.valueOf(v);
    }
    return BigInteger.valueOf(v >>> 1).shiftLeft(1).or(BigInteger.valueOf(v & 1));
  }

  /** Exactly 32 big-endian bytes. */
  public byte[] toBytes32() {
    byte[] out = new byte[32];
    long[] limbs = {u3, u2, u1, u0};
    for (int l = 0; l < 4; l++) {
      for (int i = 0; i < 8; i++) {
        out[l * 8 + i] = (byte) (limbs[l] >>> (56 - 8 * i));
      }
    }
    return out;
  }

  /** Big-endian bytes with leading zeros stripped (zero is the empty array), as RLP wants. */
  public byte[] toMinimalBytes() {
    byte[] full = toBytes32();
    int i = 0;
    while (i < 32 && full[i] == 0) {
      i++;
    }
    return java.util.Arrays.copyOfRange(full, i, 32);
  }

  /** Wrapping addition modulo 2^256. */
  public UInt256 add(UInt256 o) {
    long r0 = u0 + o.u0;
    long c = carry(u0, o.u0, r0);
    long r1 = u1 + o.u1 + c;
    c = carry(u1, o.u1, r1);
    long r2 = u2 + o.u2 + c;
    c = carry(u2, o.u2, r2);
    long r3 = u3 + o.u3 + c;
    return new UInt256(r3, r2, r1, r0);
  }

  /** Wrapping subtraction modulo 2^256. */
  public UInt256 subtract(UInt256 o) {
    return add(new UInt256(~o.u3, ~o.u2, ~o.u1, ~o.u0).add(ONE));
  }

  /**
   * Carry out of {@code x + y + carryIn = sum}, read off the top bits (a full adder's majority
   * function on bit 63).
   */
  private static long carry(long x, long y, long sum) {
    return ((x & y) | ((x | y) & ~sum)) >>> 63;
  }

  @Override
  public int compareTo(UInt256 o) {
    int c = Long.compareUnsigned(u3, o.u3);
    if (c != 0) {
      return c;
    }
    c = Long.compareUnsigned(u2, o.u2);
    if (c != 0) {
      return c;
    }
    c = Long.compareUnsigned(u1, o.u1);
    return c != 0 ? c : Long.compareUnsigned(u0, o.u0);
  }

  public String toHex() {
    return "0x" + toBigInteger().toString(16);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
