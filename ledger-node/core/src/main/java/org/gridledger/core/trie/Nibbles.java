package org.gridledger.core.trie;

import java.util.Arrays;

/**
 * Paths through the trie are sequences of 4-bit nibbles, one per {@code byte} (values 0..15), high
 * nibble of each key byte first. Arrays of nibbles are never modified once built.
 */
final class Nibbles {
  static final byte[] EMPTY = new byte[0];

  private Nibbles() {}

  /** The nibbles of {@code key}: two per byte, high nibble first. */
  static byte[] fromBytes(byte[] key) {
    byte[] out = new byte[key.length * 2];
    for (int i = 0; i < key.length; i++) {
      out[2 * i] = (byte) ((key[i] >>> 4) & 0x0f);
      out[2 * i + 1] = (byte) (key[i] & 0x0f);
    }
    return out;
  }

  /** Packs an even number of nibbles back into bytes. */
  static byte[] toBytes(byte[] nibbles) {
    if ((nibbles.length & 1) != 0) {
      throw new IllegalStateException("a key has an even number of nibbles, got " + nibbles.length);
    }
    byte[] out = new byte[nibbles.length / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) ((nibbles[2 * i] << 4) | nibbles[2 * i + 1]);
    }
    return out;
  }

  /** Length of the common prefix of {@code path} and {@code key[from..]}. */
  static int commonPrefix(byte[] path, byte[] key, int from) {
    int max = Math.min(path.length, key.length - from);
    int i = 0;
    while (i < max && path[i] == key[from + i]) {
      i++;
    }
    return i;
  }

  /** Whether {@code key[from..]} equals {@code path} exactly. */
  static boolean equalsRest(byte[] path, byte[] key, int from) {
    return key.length - from == path.length
        && Arrays.equals(path, 0, path.length, key, from, key.length);
  }

  /** Whether {@code key[from..]} starts with {@code path}. */
  static boolean startsWith(byte[] key, int from, byte[] path) {
    return key.length - from >= path.length
        && Arrays.equals(path, 0, path.length, key, from, from + path.length);
  }

  static byte[] slice(byte[] nibbles, int from, int to) {
    return from == to ? EMPTY : Arrays.copyOfRange(nibbles, from, to);
  }

  static byte[] concat(byte[] a, byte[] b) {
    if (a.length == 0) {
      return b;
    }
    if (b.length == 0) {
      return a;
    }
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** {@code [nibble] ++ path}. */
  static byte[] prepend(int nibble, byte[] path) {
    byte[] out = new byte[path.length + 1];
    out[0] = (byte) nibble;
    System.arraycopy(path, 0, out, 1, path.length);
    return out;
  }

  /** {@code path ++ [nibble]}. */
  static byte[] append(byte[] path, int nibble) {
    byte[] out = Arrays.copyOf(path, path.length + 1);
    out[path.length] = (byte) nibble;
    return out;
  }
}
