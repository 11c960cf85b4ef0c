package org.gridledger.sdk;

/**
 * A gateway name as a name contract reserves it, checked locally with the same rules as {@code
 * Reservations.createNameContract} (docs/contracts.md): 3 to 63 characters of {@code [a-z0-9-]},
 * starting with a letter, not ending with {@code -}. Checking before sending gives the precise
 * problem without a transaction.
 */
public record GatewayName(String value) {
  public static final int MIN_LENGTH = 3;
  public static final int MAX_LENGTH = 63;

  public GatewayName {
    String problem = problem(value);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /**
   * The name, or InvalidInput saying which rule {@code text} breaks (and where).
   *
   * @throws GridException.InvalidInput for a name the contract would refuse
   */
  public static GatewayName parse(String text) throws GridException.InvalidInput {
    String problem = problem(text);
    if (problem != null) {
      throw new GridException.InvalidInput(problem);
    }
    return new GatewayName(text);
  }

  /** What is wrong with {@code text} as a gateway name, or null if nothing. */
  static String problem(String text) {
    String rules =
        ": a gateway name is "
            + MIN_LENGTH
            + "-"
            + MAX_LENGTH
            + " characters of a-z, 0-9 and '-', starts with a letter and does not end with '-'";
    if (text == null || text.length() < MIN_LENGTH || text.length() > MAX_LENGTH) {
      return "'"
          + (text == null ? "" : text)
          + "' has "
          + (text == null ? 0 : text.length())
          + " characters"
          + rules;
    }
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      boolean letter = ch >= 'a' && ch <= 'z';
      boolean ok =
          letter || (i > 0 && ((ch >= '0' && ch <= '9') || (ch == '-' && i < text.length() - 1)));
      if (!ok) {
        String what =
            i == 0 && !letter
                ? "must be a letter a-z"
                : ch == '-' ? "may not be '-' at the end" : "is not allowed";
        return "'"
            + text
            + "': character "
            + (Character.isISOControl(ch) || ch > 0x7e
                ? String.format("U+%04X", (int) ch)
                : "'" + ch + "'")
            + " at position "
            + i
            + " "
            + what
            + rules;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return value;
  }
}
