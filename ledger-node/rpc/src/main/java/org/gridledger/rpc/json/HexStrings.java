package org.gridledger.rpc.json;

import java.math.BigInteger;

/**
 * Strict hex decoding with go-ethereum's rules and error messages ({@code common/hexutil}): a
 * {@code 0x} (or {@code 0X}) prefix is required, quantities have no leading zero digits (except
 * {@code 0x0}) and data has an even number of digits. Upper- and lower-case digits are accepted, as
 * geth accepts them.
 */
public final class HexStrings {
  static final String EMPTY_STRING = "empty hex string";
  static final String SYNTAX = "invalid hex string";
  static final String MISSING_PREFIX = "hex string without 0x prefix";
  static final String ODD_LENGTH = "hex string of odd length";
  static final String EMPTY_NUMBER = "hex string \"0x\"";
  static final String LEADING_ZERO = "hex number with leading zero digits";
  static final String UINT64_RANGE = "hex number > 64 bits";
  static final String BIG256_RANGE = "hex number > 256 bits";

  private HexStrings() {}

  static boolean has0xPrefix(String s) {
    return s.length() >= 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X');
  }

  private static int nibble(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /**
   * The digits of a JSON quantity, as hexutil's {@code checkNumberText}: the empty string is
   * accepted and means zero (a geth quirk kept for compatibility), otherwise the prefix is required
   * and leading zeros are not allowed.
   */
  private static String quantityDigits(String s, boolean emptyMeansZero)
      throws InvalidParamException {
    if (s.isEmpty()) {
      if (emptyMeansZero) {
        return "";
      }
      throw new InvalidParamException(EMPTY_STRING);
    }
    if (!has0xPrefix(s)) {
      throw new InvalidParamException(MISSING_PREFIX);
    }
    String digits = s.substring(2);
    if (digits.isEmpty()) {
      throw new InvalidParamException(EMPTY_NUMBER);
    }
    if (digits.length() > 1 && digits.charAt(0) == '0') {
      throw new InvalidParamException(LEADING_ZERO);
    }
    return digits;
  }

  /**
   * A 64-bit unsigned quantity as geth's {@code hexutil.Uint64} reads it from JSON ({@code ""}
   * reads as zero). Values above {@link Long#MAX_VALUE} come back negative: read the result as
   * unsigned.
   */
  public static long decodeUint64(String s) throws InvalidParamException {
    String digits = quantityDigits(s, true);
    // hexutil.Uint64 checks the length before the digits (DecodeUint64 does not).
    if (digits.length() > 16) {
      throw new InvalidParamException(UINT64_RANGE);
    }
    return uint64(digits);
  }

  /**
   * A 64-bit unsigned quantity as geth's {@code hexutil.DecodeUint64} reads it (used for block
   * numbers): unlike {@link #decodeUint64}, the empty string is an error.
   */
  public static long decodeUint64Strict(String s) throws InvalidParamException {
    return uint64(quantityDigits(s, false));
  }

  private static long uint64(String digits) throws InvalidParamException {
    long value = 0;
    for (int i = 0; i < digits.length(); i++) {
      int n = nibble(digits.charAt(i));
      if (n < 0) {
        throw new InvalidParamException(SYNTAX);
      }
      if (i >= 16) {
        throw new InvalidParamException(UINT64_RANGE);
      }
      value = (value << 4) | n;
    }
    return value;
  }

  /** A quantity of at most 256 bits, as geth's {@code hexutil.Big} reads it ({@code ""} is 0). */
  public static BigInteger decodeBig(String s) throws InvalidParamException {
    String digits = quantityDigits(s, true);
    if (digits.length() > 64) {
      throw new InvalidParamException(BIG256_RANGE);
    }
    for (int i = 0; i < digits.length(); i++) {
      if (nibble(digits.charAt(i)) < 0) {
        throw new InvalidParamException(SYNTAX);
      }
    }
    return digits.isEmpty() ? BigInteger.ZERO : new BigInteger(digits, 16);
  }

  /**
   * Data of any length, as geth's {@code hexutil.Bytes} reads it from JSON: {@code ""} is the empty
   * byte string, otherwise a prefix and an even number of digits.
   */
  public static byte[] decodeData(String s) throws InvalidParamException {
    if (s.isEmpty()) {
      return new byte[0];
    }
    if (!has0xPrefix(s)) {
      throw new InvalidParamException(MISSING_PREFIX);
    }
    // hexutil.Bytes checks the length before the digits.
    if (s.length() % 2 != 0) {
      throw new InvalidParamException(ODD_LENGTH);
    }
    return digitsToBytes(s, 2);
  }

  /**
   * Data as geth's {@code hexutil.Decode} reads it (log filter addresses and topics): like {@link
   * #decodeData} but the empty string is an error.
   */
  public static byte[] decodeDataStrict(String s) throws InvalidParamException {
    if (s.isEmpty()) {
      throw new InvalidParamException(EMPTY_STRING);
    }
    if (!has0xPrefix(s)) {
      throw new InvalidParamException(MISSING_PREFIX);
    }
    // hexutil.Decode (Go's hex.DecodeString) reports a bad digit before an odd length.
    return digitsToBytes(s, 2);
  }

  /**
   * Exactly {@code size} bytes, as geth's {@code hexutil.UnmarshalFixedText} reads addresses and
   * hashes; {@code typeName} appears in the length error ("hex string has length 38, want 40 for
   * address").
   */
  public static byte[] decodeFixed(String s, int size, String typeName)
      throws InvalidParamException {
    int start = 0;
    if (has0xPrefix(s)) {
      start = 2;
    } else if (!s.isEmpty()) {
      throw new InvalidParamException(MISSING_PREFIX);
    }
    int digits = s.length() - start;
    if (digits % 2 != 0) {
      throw new InvalidParamException(ODD_LENGTH);
    }
    if (digits / 2 != size) {
      throw new InvalidParamException(
          "hex string has length " + digits + ", want " + size * 2 + " for " + typeName);
    }
    return digitsToBytes(s, start);
  }

  private static byte[] digitsToBytes(String s, int start) throws InvalidParamException {
    int digits = s.length() - start;
    for (int i = start; i < s.length(); i++) {
      if (nibble(s.charAt(i)) < 0) {
        throw new InvalidParamException(SYNTAX);
      }
    }
    if (digits % 2 != 0) {
      throw new InvalidParamException(ODD_LENGTH);
    }
    byte[] out = new byte[digits / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] =
          (byte) ((nibble(s.charAt(start + 2 * i)) << 4) | nibble(s.charAt(start + 2 * i + 1)));
    }
    return out;
  }
}
