package org.gridledger.evm.interpreter;

import java.util.Arrays;
import org.gridledger.evm.gas.GasCosts;

/**
 * A frame's memory: a byte array that grows in 32-byte words. Gas for growth is charged by {@link
 * Frame#chargeMemory} before the memory is touched; the methods here assume it was.
 */
final class Memory {
  /**
   * Memory beyond this many bytes is refused as out of gas. Reaching it would cost about 8.8e12
   * gas, far above any block gas limit, so the limit never changes a real outcome.
   */
  static final long MAX_SIZE = 0x7fff_0000L;

  private byte[] data = new byte[1024];
  private int size;

  int size() {
    return size;
  }

  long words() {
    return size >>> 5;
  }

  /** Capacity a pooled frame keeps between activations; larger buffers are dropped. */
  private static final int RETAINED_CAPACITY = 1 << 20;

  /** Empties the memory for reuse by another frame. */
  void reset() {
    if (data.length > RETAINED_CAPACITY) {
      data = new byte[1024];
    } else {
      Arrays.fill(data, 0, size, (byte) 0);
    }
    size = 0;
  }

  /** Grows to {@code words} words (only ever grows). */
  void grow(long words) {
    int newSize = (int) (words << 5);
    if (newSize <= size) {
      return;
    }
    if (newSize > data.length) {
      int capacity = (int) Math.min(MAX_SIZE, Math.max((long) newSize, 2L * data.length));
      data = Arrays.copyOf(data, capacity);
    }
    size = newSize;
  }

  /** The cost of {@code words} words of memory (Yellow Paper C_mem). */
  static long cost(long words) {
    return GasCosts.memoryCost(words);
  }

  byte[] array() {
    return data;
  }

  /** Reads a 32-byte big-endian word into stack limbs. */
  void loadWord(int offset, long[] s, int o) {
    byte[] d = data;
    s[o + 3] = readLong(d, offset);
    s[o + 2] = readLong(d, offset + 8);
    s[o + 1] = readLong(d, offset + 16);
    s[o] = readLong(d, offset + 24);
  }

  /** Writes stack limbs as a 32-byte big-endian word. */
  void storeWord(int offset, long[] s, int o) {
    byte[] d = data;
    writeLong(d, offset, s[o + 3]);
    writeLong(d, offset + 8, s[o + 2]);
    writeLong(d, offset + 16, s[o + 1]);
    writeLong(d, offset + 24, s[o]);
  }

  void storeByte(int offset, byte b) {
    data[offset] = b;
  }

  /**
   * Copies {@code length} bytes of {@code src} starting at {@code srcOffset} to memory at {@code
   * offset}; bytes beyond the end of {@code src} read as zero.
   */
  void copyIn(int offset, byte[] src, long srcOffset, int length) {
    int available = srcOffset >= src.length ? 0 : (int) Math.min(length, src.length - srcOffset);
    if (available > 0) {
      System.arraycopy(src, (int) srcOffset, data, offset, available);
    }
    if (available < length) {
      Arrays.fill(data, offset + available, offset + length, (byte) 0);
    }
  }

  /** A copy of {@code length} bytes at {@code offset}. */
  byte[] slice(int offset, int length) {
    return Arrays.copyOfRange(data, offset, offset + length);
  }

  /** MCOPY: overlapping copy within memory. */
  void copyWithin(int dest, int src, int length) {
    System.arraycopy(data, src, data, dest, length);
  }

  static long readLong(byte[] d, int i) {
    return ((d[i] & 0xffL) << 56)
        | ((d[i + 1] & 0xffL) << 48)
        | ((d[i + 2] & 0xffL) << 40)
        | ((d[i + 3] & 0xffL) << 32)
        | ((d[i + 4] & 0xffL) << 24)
        | ((d[i + 5] & 0xffL) << 16)
        | ((d[i + 6] & 0xffL) << 8)
        | (d[i + 7] & 0xffL);
  }

  static void writeLong(byte[] d, int i, long v) {
    d[i] = (byte) (v >>> 56);
    d[i + 1] = (byte) (v >>> 48);
    d[i + 2] = (byte) (v >>> 40);
    d[i + 3] = (byte) (v >>> 32);
    d[i + 4] = (byte) (v >>> 24);
    d[i + 5] = (byte) (v >>> 16);
    d[i + 6] = (byte) (v >>> 8);
    d[i + 7] = (byte) v;
  }
}
