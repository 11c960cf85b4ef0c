package org.gridledger.app;

import java.math.BigDecimal;
import java.time.Duration;
import picocli.CommandLine;

/**
 * Parses {@code --block-time}: seconds ({@code 1}, {@code 0.5}) or milliseconds ({@code 250ms}).
 */
final class Durations implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    String v = value.trim();
    try {
      Duration d;
      if (v.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
      } else {
        String seconds = v.endsWith("s") ? v.substring(0, v.length() - 1).trim() : v;
        d = Duration.ofMillis(new BigDecimal(seconds).movePointRight(3).longValueExact());
      }
      if (d.isNegative()) {
        throw new CommandLine.TypeConversionException("must not be negative: " + value);
      }
      return d;
    } catch (NumberFormatException | ArithmeticException e) {
      throw new CommandLine.TypeConversionException(
          "not a duration: '"
              + value
              + "' (seconds such as 1 or 0.5, or milliseconds such as 250ms)");
    }
  }

  static String describe(Duration d) {
    if (d.isZero()) {
      return "0 (a block as soon as transactions arrive)";
    }
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
