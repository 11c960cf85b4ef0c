package org.gridledger.evm.precompile;

import java.util.Arrays;

/** Precompiles with fixed-size inputs read missing trailing bytes as zero (Yellow Paper). */
final class InputPadding {
  private InputPadding() {}

  /**
   * {@code input} itself if it has at least {@code length} bytes (callers only read the first
   * {@code length} and never write), else a zero-padded copy.
   */
  static byte[] rightPad(byte[] input, int length) {
    return input.length >= length ? input : Arrays.copyOf(input, length);
  }
}
