package org.gridledger.explorer.api;

import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validated query parameters. Every parameter a route does not know is an error, each value is
 * checked against its type, and nothing read here ever becomes SQL text: values are bound.
 */
final class Params {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;
  private static final Pattern UNSIGNED = Pattern.compile("[0-9]{1,18}");
  private static final int MAX_TEXT = 64;

  private final MultiMap query;

  Params(MultiMap query, Set<String> allowed) {
    this.query = query;
    for (String name : query.names()) {
      if (!allowed.contains(name)) {
        throw new BadRequest(
            "unknown query parameter '" + clip(name) + "'; allowed: " + String.join(", ", allowed));
      }
      if (query.getAll(name).size() > 1) {
        throw new BadRequest("query parameter '" + name + "' is given more than once");
      }
    }
  }

  /** A non-negative integer, or null if absent. */
  Long unsigned(String name) {
    String v = query.get(name);
    if (v == null) {
      return null;
    }
    if (!UNSIGNED.matcher(v).matches()) {
      throw new BadRequest(name + " must be a non-negative integer, got '" + clip(v) + "'");
    }
    return Long.parseLong(v);
  }

  Boolean bool(String name) {
    String v = query.get(name);
    if (v == null) {
      return null;
    }
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new BadRequest(name + " must be true or false, got '" + clip(v) + "'");
    };
  }

  /** One of {@code choices}, or {@code fallback} if absent. */
  String choice(String name, Set<String> choices, String fallback) {
    String v = query.get(name);
    if (v == null) {
      return fallback;
    }
    if (!choices.contains(v)) {
      throw new BadRequest(
          name + " must be one of " + String.join(", ", choices) + ", got '" + clip(v) + "'");
    }
    return v;
  }

  /** Free text up to 64 characters (bound as a value). */
  String text(String name) {
    String v = query.get(name);
    if (v != null && (v.isEmpty() || v.length() > MAX_TEXT)) {
      throw new BadRequest(name + " must have 1 to " + MAX_TEXT + " characters");
    }
    return v;
  }

  int limit() {
    Long v = unsigned("limit");
    if (v == null) {
      return DEFAULT_LIMIT;
    }
    if (v < 1 || v > MAX_LIMIT) {
      throw new BadRequest("limit must be between 1 and " + MAX_LIMIT + ", got " + v);
    }
    return v.intValue();
  }

  /** The cursor {@code [sortValue, id]} a previous page returned, or null. */
  long[] cursor() {
    String v = query.get("cursor");
    if (v == null) {
      return null;
    }
    try {
      String plain = new String(Base64.getUrlDecoder().decode(v), StandardCharsets.US_ASCII);
      String[] parts = plain.split(":", -1);
      if (parts.length != 2) {
        throw new IllegalArgumentException();
      }
      return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
    } catch (IllegalArgumentException e) {
      throw new BadRequest("cursor is not one this API returned: '" + clip(v) + "'");
    }
  }

  /**
   * The cursor {@code [sortKey, id]} of a page sorted by a text key of {@code digits} decimal
   * digits (a price key), or null; {@link #cursor(String, long)} wrote the key without its leading
   * zeros.
   */
  Object[] keyCursor(int digits) {
    String v = query.get("cursor");
    if (v == null) {
      return null;
    }
    try {
      String plain = new String(Base64.getUrlDecoder().decode(v), StandardCharsets.US_ASCII);
      String[] parts = plain.split(":", -1);
      if (parts.length != 2
          || !parts[0].matches("[0-9]{1," + digits + "}")
          || !UNSIGNED.matcher(parts[1]).matches()) {
        throw new IllegalArgumentException();
      }
      String key = "0".repeat(digits - parts[0].length()) + parts[0];
      return new Object[] {key, Long.parseLong(parts[1])};
    } catch (IllegalArgumentException e) {
      throw new BadRequest("cursor is not one this API returned: '" + clip(v) + "'");
    }
  }

  static String cursor(long sortValue, long id) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((sortValue + ":" + id).getBytes(StandardCharsets.US_ASCII));
  }

  /** The cursor after a row with text key {@code digitsKey} (digits only) and {@code id}. */
  static String cursor(String digitsKey, long id) {
    String trimmed = digitsKey.replaceFirst("^0+(?=.)", "");
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((trimmed + ":" + id).getBytes(StandardCharsets.US_ASCII));
  }

  /** Echoes at most 40 characters of user input in error messages. */
  static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
