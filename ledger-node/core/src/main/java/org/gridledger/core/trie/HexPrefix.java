package org.gridledger.core.trie;

/**
 * Hex-prefix ("compact") encoding of a nibble path with its leaf flag (Yellow Paper, appendix C).
 * The first nibble is a flag: bit 1 set for a leaf (terminated path), bit 0 set when the path has
 * an odd length, in which case the first path nibble shares the first byte; otherwise the second
 * nibble of the first byte is zero padding.
 */
final class HexPrefix {
  private HexPrefix() {}

  /** A decoded path: its nibbles and whether it ends in a leaf. */
  record Path(byte[] nibbles, boolean leaf) {}

  static byte[] encode(byte[] nibbles, boolean leaf) {
    return encode(nibbles, 0, nibbles.length, leaf);
  }

  /** Encodes {@code nibbles[from, to)}. */
  static byte[] encode(byte[] nibbles, int from, int to, boolean leaf) {
    int len = to - from;
    boolean odd = (len & 1) != 0;
    int flag = (leaf ? 2 : 0) | (odd ? 1 : 0);
    byte[] out = new byte[len / 2 + 1];
    int i = from;
    if (odd) {
      out[0] = (byte) ((flag << 4) | nibbles[i++]);
    } else {
      out[0] = (byte) (flag << 4);
    }
    for (int o = 1; o < out.length; o++, i += 2) {
      out[o] = (byte) ((nibbles[i] << 4) | nibbles[i + 1]);
    }
    return out;
  }

  /**
   * Decodes a compact path.
   *
   * @throws InvalidTrieNodeException if it is empty, the flag is not 0..3, or an even path has a
   *     non-zero padding nibble
   */
  static Path decode(byte[] compact) {
    if (compact.length == 0) {
      throw new InvalidTrieNodeException("hex-prefix path is empty");
    }
    int flag = (compact[0] >>> 4) & 0x0f;
    if (flag > 3) {
      throw new InvalidTrieNodeException("hex-prefix flag nibble " + flag + " is not 0..3");
    }
    boolean odd = (flag & 1) != 0;
    if (!odd && (compact[0] & 0x0f) != 0) {
      throw new InvalidTrieNodeException("hex-prefix padding nibble of an even path is not zero");
    }
    int len = (compact.length - 1) * 2 + (odd ? 1 : 0);
    byte[] nibbles = new byte[len];
    int o = 0;
    if (odd) {
      nibbles[o++] = (byte) (compact[0] & 0x0f);
    }
    for (int i = 1; i < compact.length; i++) {
      nibbles[o++] = (byte) ((compact[i] >>> 4) & 0x0f);
      nibbles[o++] = (byte) (compact[i] & 0x0f);
    }
    return new Path(nibbles, (flag & 2) != 0);
  }
}
