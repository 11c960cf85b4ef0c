package org.gridledger.evm.types;

/** Hex conversion with and without the {@code 0x} prefix. */
public final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private Hex() {}

  /** Lower-case hex with a {@code 0x} prefix. */
  public static String encode(byte[] bytes) {
    return "0x" + encodeNoPrefix(bytes, 0, bytes.length);
  }

  /** Lower-case hex without prefix. */
  public static String encodeNoPrefix(byte[] bytes) {
    return encodeNoPrefix(bytes, 0, bytes.length);
  }

  public static String encodeNoPrefix(byte[] bytes, int offset, int length) {
    char[] out = new char[length * 2];
    for (int i = 0; i < length; i++) {
      int b = bytes[offset + i] & 0xff;
      out[2 * i] = DIGITS[b >>> 4];
      out[2 * i + 1] = DIGITS[b & 0x0f];
    }
    return new String(out);
  }

  /**
   * Decodes hex with or without a {@code 0x} prefix. An odd number of digits is read as if a
   * leading zero were present ({@code 0x1} → {@code [0x01]}).
   *
   * @throws IllegalArgumentException naming the offending character and its index
   */
  public static byte[] decode(String hex) {
    int start = hex.startsWith("0x") || hex.startsWith("0X") ? 2 : 0;
    int digits = hex.length() - start;
    int odd = digits & 1;
    byte[] out = new byte[(digits + 1) / 2];
    for (int i = 0; i < digits; i++) {
      int pos = start + i;
      int v = Character.digit(hex.charAt(pos), 16);
      if (v < 0) {
        throw new IllegalArgumentException(
            "invalid hex character '" + hex.charAt(pos) + "' at index " + pos);
      }
      int nibble = i + odd;
      if ((nibble & 1) == 0) {
        out[nibble / 2] = (byte) (v << 4);
      } else {
        out[nibble / 2] |= (byte) v;
      }
    }
    return out;
  }
}
