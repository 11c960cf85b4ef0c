package org.gridledger.explorer.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The SQL databases the explorer runs on. The schema and queries are one portable set; the few
 * places where the two differ go through here.
 */
public enum Dialect {
  SQLITE("jdbc:sqlite:", "BINARY"),
  POSTGRESQL("jdbc:postgresql:", "\"C\"");

  private final String urlPrefix;
  private final String byteCollation;

  Dialect(String urlPrefix, String byteCollation) {
    this.urlPrefix = urlPrefix;
    this.byteCollation = byteCollation;
  }

  /** The dialect of a JDBC URL, or an exception naming the supported prefixes. */
  public static Dialect of(String jdbcUrl) {
    for (Dialect d : values()) {
      if (jdbcUrl.startsWith(d.urlPrefix)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "unsupported database URL (use jdbc:sqlite:<file> or jdbc:postgresql://host/db): "
            + Database.redact(jdbcUrl));
  }

  /** The dialect of an open connection (no round trip: the driver knows its product). */
  public static Dialect of(Connection c) throws SQLException {
    String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
    return product.contains("postgres") ? POSTGRESQL : SQLITE;
  }

  /**
   * {@code column} ordered byte by byte (code point order for UTF-8): SQLite's default BINARY
   * collation, and on PostgreSQL the "C" collation instead of the database's locale, so that text
   * sorts the same on both.
   */
  public String byteOrder(String column) {
    return column + " COLLATE " + byteCollation;
  }
}
