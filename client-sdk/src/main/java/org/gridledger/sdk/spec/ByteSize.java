package org.gridledger.sdk.spec;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as users write them: an integer number of bytes, or a number with a binary unit ({@code
 * KiB, MiB, GiB, TiB}, 2^10.. 2^40) or a decimal unit ({@code KB, MB, GB, TB}, 10^3..10^12).
 */
public final class ByteSize {
  private static final Pattern SIZE =
      Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([KMGT]i?B|B)?", Pattern.CASE_INSENSITIVE);

  private ByteSize() {}

  /** The number of bytes, or empty if {@code text} is not a size or is not a whole byte count. */
  public static Optional<Long> parse(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    BigDecimal number = new BigDecimal(m.group(1));
    String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
    BigDecimal factor =
        switch (unit) {
          case "B" -> BigDecimal.ONE;
          case "KIB" -> BigDecimal.valueOf(1L << 10);
          case "MIB" -> BigDecimal.valueOf(1L << 20);
          case "GIB" -> BigDecimal.valueOf(1L << 30);
          case "TIB" -> BigDecimal.valueOf(1L << 40);
          case "KB" -> BigDecimal.valueOf(1_000L);
          case "MB" -> BigDecimal.valueOf(1_000_000L);
          case "GB" -> BigDecimal.valueOf(1_000_000_000L);
          case "TB" -> BigDecimal.valueOf(1_000_000_000_000L);
          default -> null;
        };
    if (factor == null) {
      return Optional.empty();
    }
    BigDecimal bytes = number.multiply(factor);
    try {
      return Optional.of(bytes.longValueExact());
    } catch (ArithmeticException notWhole) {
      return Optional.empty();
    }
  }

  /** A size for people: the largest binary unit that divides it, e.g. {@code 4 GiB}. */
  public static String format(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    double v = bytes;
    while (u < units.length - 1 && v >= 1024) {
      v /= 1024;
      u++;
    }
    return (v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v))
        + " "
        + units[u];
  }
}
