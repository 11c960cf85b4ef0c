package org.gridledger.evm.precompile;

/** Gas arithmetic shared by the precompiles: word counts and saturating products. */
final class GasMath {
  private GasMath() {}

  /** {@code base + perWord * ceil(length / 32)}, the price shape of sha256, ripemd160, identity. */
  static long linear(long base, long perWord, int length) {
    long words = (length + 31L) / 32;
    return base + perWord * words;
  }

  /** {@code a * b} for non-negative operands, or {@link Long#MAX_VALUE} when it overflows. */
  static long saturatingMultiply(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    if (high != 0 || low < 0) {
      return Long.MAX_VALUE;
    }
    return low;
  }

  /** {@code a + b} for non-negative operands, or {@link Long#MAX_VALUE} when it overflows. */
  static long saturatingAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
