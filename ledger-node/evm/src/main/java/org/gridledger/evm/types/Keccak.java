package org.gridledger.evm.types;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Keccak-256 as Ethereum uses it: the Keccak-f[1600] permutation of FIPS 202 with a rate of 136
 * bytes and the original Keccak padding (domain byte {@code 0x01}, not SHA3's {@code 0x06}).
 * Stateless: each call works on its own state, so it is safe from any thread.
 *
 * <p>Written for the short inputs a node hashes most (32-byte keys, trie nodes of up to 532 bytes,
 * transactions): the state is 25 local variables of one method, each round's θ, ρ, π, χ and ι
 * written out, the input read eight bytes at a time, and nothing allocated but the 32-byte result.
 * A general digest (Bouncy Castle's, used before) spent 0.73 µs on a 32-byte input, mostly setting
 * up its buffers; this one about a third of that ({@code KeccakBenchmark}). {@code KeccakTest}
 * compares it with Bouncy Castle's on every length up to several blocks. Round constants and
 * rotation offsets: FIPS 202, sections 3.2.2 and 3.2.5.
 */
public final class Keccak {
  /** Bytes absorbed per permutation: 1600 bits of state less twice the 256-bit output. */
  private static final int RATE = 136;

  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** ι's round constants, one per round of the 24. */
  private static final long[] ROUND_CONSTANTS = {
    0x0000000000000001L, 0x0000000000008082L, 0x800000000000808AL, 0x8000000080008000L,
    0x000000000000808BL, 0x0000000080000001L, 0x8000000080008081L, 0x8000000000008009L,
    0x000000000000008AL, 0x0000000000000088L, 0x0000000080008009L, 0x000000008000000AL,
    0x000000008000808BL, 0x800000000000008BL, 0x8000000000008089L, 0x8000000000008003L,
    0x8000000000008002L, 0x8000000000000080L, 0x000000000000800AL, 0x800000008000000AL,
    0x8000000080008081L, 0x8000000000008080L, 0x0000000080000001L, 0x8000000080008008L,
  };

  /** Keccak-256 of the empty byte string. */
  public static final Hash EMPTY = Hash.wrap(hash(new byte[0]));

  /** Keccak-256 of the RLP encoding of the empty list ({@code 0xc0}): the empty uncle hash. */
  public static final Hash EMPTY_LIST = Hash.wrap(hash(new byte[] {(byte) 0xc0}));

  /** Keccak-256 of the RLP empty string ({@code 0x80}): the root of an empty trie. */
  public static final Hash EMPTY_TRIE = Hash.wrap(hash(new byte[] {(byte) 0x80}));

  private Keccak() {}

  public static byte[] hash(byte[] data) {
    return hash(data, 0, data.length);
  }

  public static byte[] hash(byte[] data, int offset, int length) {
    if (offset < 0 || length < 0 || offset > data.length - length) {
      throw new IndexOutOfBoundsException(
          "offset " + offset + ", length " + length + " of " + data.length + " bytes");
    }
    // The state lives in 25 locals rather than an array: a long[25] handed to a separate
    // permutation method escapes (the method is too large to inline) and cost an allocation of
    // 216 bytes per hash (KeccakBenchmark -prof gc): about a sixth of the bytes a block's
    // execution allocated in an allocation profile of BlockCpuProbe.
    long a00 = 0, a01 = 0, a02 = 0, a03 = 0, a04 = 0;
    long a05 = 0, a06 = 0, a07 = 0, a08 = 0, a09 = 0;
    long a10 = 0, a11 = 0, a12 = 0, a13 = 0, a14 = 0;
    long a15 = 0, a16 = 0, a17 = 0, a18 = 0, a19 = 0;
    long a20 = 0, a21 = 0, a22 = 0, a23 = 0, a24 = 0;
    int end = offset + length;
    // Every full block of RATE bytes, then the padded last block with the rest (which may be
    // empty). Lane (x, y) is variable aXY with XY = x + 5y written as two digits; the block's
    // 17 lanes are the first 17 of them.
    for (int at = offset; ; at += RATE) {
      boolean last = end - at < RATE;
      a00 ^= lane(data, at, end, 0, last);
      a01 ^= lane(data, at, end, 1, last);
      a02 ^= lane(data, at, end, 2, last);
      a03 ^= lane(data, at, end, 3, last);
      a04 ^= lane(data, at, end, 4, last);
      a05 ^= lane(data, at, end, 5, last);
      a06 ^= lane(data, at, end, 6, last);
      a07 ^= lane(data, at, end, 7, last);
      a08 ^= lane(data, at, end, 8, last);
      a09 ^= lane(data, at, end, 9, last);
      a10 ^= lane(data, at, end, 10, last);
      a11 ^= lane(data, at, end, 11, last);
      a12 ^= lane(data, at, end, 12, last);
      a13 ^= lane(data, at, end, 13, last);
      a14 ^= lane(data, at, end, 14, last);
      a15 ^= lane(data, at, end, 15, last);
      a16 ^= lane(data, at, end, 16, last);
      for (int round = 0; round < 24; round++) {
        // θ: each lane takes the parities of the two neighbouring columns.
        long c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20;
        long c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21;
        long c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22;
        long c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23;
        long c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24;
        long d0 = c4 ^ Long.rotateLeft(c1, 1);
        long d1 = c0 ^ Long.rotateLeft(c2, 1);
        long d2 = c1 ^ Long.rotateLeft(c3, 1);
        long d3 = c2 ^ Long.rotateLeft(c4, 1);
        long d4 = c3 ^ Long.rotateLeft(c0, 1);
        // ρ rotates lane (x, y) by its offset; π moves it to (y, 2x + 3y mod 5).
        long b00 = a00 ^ d0;
        long b10 = Long.rotateLeft(a01 ^ d1, 1);
        long b20 = Long.rotateLeft(a02 ^ d2, 62);
        long b05 = Long.rotateLeft(a03 ^ d3, 28);
        long b15 = Long.rotateLeft(a04 ^ d4, 27);
        long b16 = Long.rotateLeft(a05 ^ d0, 36);
        long b01 = Long.rotateLeft(a06 ^ d1, 44);
        long b11 = Long.rotateLeft(a07 ^ d2, 6);
        long b21 = Long.rotateLeft(a08 ^ d3, 55);
        long b06 = Long.rotateLeft(a09 ^ d4, 20);
        long b07 = Long.rotateLeft(a10 ^ d0, 3);
        long b17 = Long.rotateLeft(a11 ^ d1, 10);
        long b02 = Long.rotateLeft(a12 ^ d2, 43);
        long b12 = Long.rotateLeft(a13 ^ d3, 25);
        long b22 = Long.rotateLeft(a14 ^ d4, 39);
        long b23 = Long.rotateLeft(a15 ^ d0, 41);
        long b08 = Long.rotateLeft(a16 ^ d1, 45);
        long b18 = Long.rotateLeft(a17 ^ d2, 15);
        long b03 = Long.rotateLeft(a18 ^ d3, 21);
        long b13 = Long.rotateLeft(a19 ^ d4, 8);
        long b14 = Long.rotateLeft(a20 ^ d0, 18);
        long b24 = Long.rotateLeft(a21 ^ d1, 2);
        long b09 = Long.rotateLeft(a22 ^ d2, 61);
        long b19 = Long.rotateLeft(a23 ^ d3, 56);
        long b04 = Long.rotateLeft(a24 ^ d4, 14);
        // χ: each row mixes with the next two lanes of that row; ι: the round constant.
        a00 = b00 ^ (~b01 & b02) ^ ROUND_CONSTANTS[round];
        a01 = b01 ^ (~b02 & b03);
        a02 = b02 ^ (~b03 & b04);
        a03 = b03 ^ (~b04 & b00);
        a04 = b04 ^ (~b00 & b01);
        a05 = b05 ^ (~b06 & b07);
        a06 = b06 ^ (~b07 & b08);
        a07 = b07 ^ (~b08 & b09);
        a08 = b08 ^ (~b09 & b05);
        a09 = b09 ^ (~b05 & b06);
        a10 = b10 ^ (~b11 & b12);
        a11 = b11 ^ (~b12 & b13);
        a12 = b12 ^ (~b13 & b14);
        a13 = b13 ^ (~b14 & b10);
        a14 = b14 ^ (~b10 & b11);
        a15 = b15 ^ (~b16 & b17);
        a16 = b16 ^ (~b17 & b18);
        a17 = b17 ^ (~b18 & b19);
        a18 = b18 ^ (~b19 & b15);
        a19 = b19 ^ (~b15 & b16);
        a20 = b20 ^ (~b21 & b22);
        a21 = b21 ^ (~b22 & b23);
        a22 = b22 ^ (~b23 & b24);
        a23 = b23 ^ (~b24 & b20);
        a24 = b24 ^ (~b20 & b21);
      }
      if (last) {
        break;
      }
    }
    byte[] out = new byte[32];
    LONG_LE.set(out, 0, a00);
    LONG_LE.set(out, 8, a01);
    LONG_LE.set(out, 16, a02);
    LONG_LE.set(out, 24, a03);
    return out;
  }

  /**
   * Lane {@code index} of the block at {@code at}. In the last block the input stops at {@code end}
   * and the padding follows: the domain byte 0x01 right after the input, zeros, and 0x80 in the
   * block's last byte (the two share a byte when one byte of the block is left).
   */
  private static long lane(byte[] data, int at, int end, int index, boolean last) {
    int p = at + index * 8;
    if (!last || p + 8 <= end) {
      return (long) LONG_LE.get(data, p); // never the last block's lane 16: the block ends short
    }
    long value = 0;
    for (int k = p; k < end; k++) {
      value |= (data[k] & 0xffL) << (8 * (k - p));
    }
    if (end >= p) {
      value |= 0x01L << (8 * (end - p));
    }
    if (index == RATE / 8 - 1) {
      value ^= 0x80L << 56;
    }
    return value;
  }

  public static Hash of(byte[] data) {
    return Hash.wrap(hash(data));
  }
}
