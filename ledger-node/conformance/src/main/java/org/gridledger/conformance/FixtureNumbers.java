package org.gridledger.conformance;

import java.math.BigInteger;

/**
 * Numbers as ethereum/tests writes them: {@code 0x}-prefixed hex ({@code "0x"} alone is zero),
 * plain decimal, and retesteth's {@code "0x:bigint 0x…"}, which marks a value wider than 256 bits
 * that the filler could not write as a plain quantity (stTransactionTest/ValueOverflowParis gives a
 * transaction value of 2^256 + 1 that way; a client must reject the transaction).
 */
public final class FixtureNumbers {
  private static final String BIGINT = "0x:bigint ";

  private FixtureNumbers() {}

  /** The non-negative integer {@code text} writes; NumberFormatException if it is none. */
  public static BigInteger parse(String text) {
    String s = text.startsWith(BIGINT) ? text.substring(BIGINT.length()).strip() : text;
    if (s.startsWith("0x") || s.startsWith("0X")) {
      String digits = s.substring(2);
      if (digits.startsWith("-") || digits.startsWith("+")) {
        throw new NumberFormatException("not a hex quantity: " + text);
      }
      return digits.isEmpty() ? BigInteger.ZERO : new BigInteger(digits, 16);
    }
    if (s.startsWith("-") || s.startsWith("+")) {
      throw new NumberFormatException("not a quantity: " + text);
    }
    return new BigInteger(s);
  }
}
