package org.gridledger.evm.precompile;

import java.math.BigInteger;

/**
 * 0x05: arbitrary-precision modular exponentiation (EIP-198) priced by EIP-2565 (Berlin).
 *
 * <p>Input: three 32-byte big-endian lengths {@code Bsize}, {@code Esize}, {@code Msize}, then
 * {@code B}, {@code E} and {@code M} of those lengths; everything past the end of the input reads
 * as zero. Output: {@code B^E mod M} left-padded to {@code Msize} bytes (all zeros when {@code M}
 * is zero).
 *
 * <p>The declared lengths may be anything up to 2^256 - 1. {@link #gas} never allocates them: a
 * length that no gas limit could pay for prices as {@link Long#MAX_VALUE}. {@link #run} relies on
 * the caller having charged {@link #gas} first, which bounds every length it allocates.
 */
public final class ModExp implements Precompile {
  /**
   * Stands for a declared length of 2^56 or more. Any such length makes the price (if it counts at
   * all) exceed 2^63, so gas saturates to {@link Long#MAX_VALUE}.
   */
  private static final long HUGE = Long.MAX_VALUE;

  private static final long LENGTH_LIMIT = 1L << 56;

  private static final long MIN_GAS = 200; // EIP-2565
  private static final int HEADER = 96;

  @Override
  public long gas(byte[] input) {
    long baseLength = readLength(input, 0);
    long expLength = readLength(input, 32);
    long modLength = readLength(input, 64);

    long complexity = multiplicationComplexity(Math.max(baseLength, modLength));
    if (complexity == 0) {
      return MIN_GAS; // Bsize = Msize = 0: the exponent is never read, whatever its length
    }
    long iterations = Math.max(1, iterationCount(input, baseLength, expLength));
    long product = GasMath.saturatingMultiply(complexity, iterations);
    if (product == Long.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    return Math.max(MIN_GAS, product / 3);
  }

  @Override
  public byte[] run(byte[] input) {
    long baseLength = readLength(input, 0);
    long expLength = readLength(input, 32);
    long modLength = readLength(input, 64);
    if (modLength == 0) {
      return new byte[0];
    }
    if (baseLength > Integer.MAX_VALUE
        || expLength > Integer.MAX_VALUE
        || modLength > Integer.MAX_VALUE) {
      return null; // unreachable once gas was charged: the price is beyond any gas limit
    }
    BigInteger modulus = readUnsigned(input, HEADER + baseLength + expLength, (int) modLength);
    if (modulus.signum() == 0) {
      return new byte[(int) modLength];
    }
    BigInteger base = readUnsigned(input, HEADER, (int) baseLength);
    BigInteger exponent = readUnsigned(input, HEADER + baseLength, (int) expLength);
    BigInteger result = base.modPow(exponent, modulus);
    return leftPad(result, (int) modLength);
  }

  @Override
  public String name() {
    return "modexp";
  }

  /** EIP-2565: {@code ceil(max(Bsize, Msize) / 8)^2}. */
  private static long multiplicationComplexity(long maxLength) {
    if (maxLength == HUGE) {
      return HUGE;
    }
    long words = (maxLength + 7) / 8;
    return GasMath.saturatingMultiply(words, words);
  }

  /**
   * EIP-2565 (after EIP-198's "adjusted exponent length"): the index of the highest set bit of the
   * exponent's first 32 bytes, plus 8 per exponent byte beyond 32.
   */
  private static long iterationCount(byte[] input, long baseLength, long expLength) {
    if (expLength == HUGE) {
      return HUGE;
    }
    int headLength = (int) Math.min(expLength, 32);
    long headStart = baseLength == HUGE ? HUGE : HEADER + baseLength;
    BigInteger head = readUnsigned(input, headStart, headLength);
    long highestBit = Math.max(0, head.bitLength() - 1);
    if (expLength <= 32) {
      return highestBit;
    }
    return 8 * (expLength - 32) + highestBit;
  }

  /** A 32-byte length word, or {@link #HUGE} when it is 2^56 or more. */
  private static long readLength(byte[] input, int offset) {
    long value = 0;
    for (int i = 0; i < 32; i++) {
      int index = offset + i;
      int b = index < input.length ? input[index] & 0xff : 0;
      if (i < 25 && b != 0) {
        return HUGE;
      }
      value = (value << 8) | b;
    }
    return value >= LENGTH_LIMIT ? HUGE : value;
  }

  /** {@code length} bytes from {@code offset} as an unsigned integer, zeros past the input. */
  private static BigInteger readUnsigned(byte[] input, long offset, int length) {
    if (length == 0 || offset >= input.length) {
      return BigInteger.ZERO;
    }
    int start = (int) offset;
    int available = (int) Math.min(length, input.length - offset);
    byte[] bytes = new byte[length];
    System.arraycopy(input, start, bytes, 0, available);
    return new BigInteger(1, bytes);
  }

  private static byte[] leftPad(BigInteger value, int length) {
    byte[] magnitude = value.toByteArray(); // may carry one leading sign byte
    byte[] out = new byte[length];
    int copy = Math.min(magnitude.length, length);
    System.arraycopy(magnitude, magnitude.length - copy, out, length - copy, copy);
    return out;
  }
}
