package org.gridledger.sdk;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Amounts of the native coin: wei, printed and parsed with units (ether, gwei, wei). */
public final class Wei {
  public static final BigInteger ETHER = BigInteger.TEN.pow(18);
  private static final Pattern AMOUNT =
      Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(ether|eth|gwei|wei)?", Pattern.CASE_INSENSITIVE);

  private Wei() {}

  /** {@code 0.01125 ETH}: the amount in ether without trailing zeros. */
  public static String format(BigInteger wei) {
    BigDecimal eth = new BigDecimal(wei).divide(new BigDecimal(ETHER));
    String plain = eth.stripTrailingZeros().toPlainString();
    return plain + " ETH";
  }

  /** Parses {@code 1.5 ether}, {@code 20 gwei}, {@code 1000} (wei); empty if not whole wei. */
  public static Optional<BigInteger> parse(String text) {
    Matcher m = AMOUNT.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    String unit = m.group(2) == null ? "wei" : m.group(2).toLowerCase(Locale.ROOT);
    BigDecimal factor =
        switch (unit) {
          case "ether", "eth" -> new BigDecimal(ETHER);
          case "gwei" -> BigDecimal.TEN.pow(9);
          default -> BigDecimal.ONE;
        };
    try {
      return Optional.of(new BigDecimal(m.group(1)).multiply(factor).toBigIntegerExact());
    } catch (ArithmeticException notWhole) {
      return Optional.empty();
    }
  }
}
