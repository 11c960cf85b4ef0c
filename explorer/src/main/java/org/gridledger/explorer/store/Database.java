package org.gridledger.explorer.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;

/**
 * The explorer database behind a JDBC URL. {@link #migrate()} brings the schema to the newest
 * version; {@link #connect()} opens a connection (SQLite: WAL journal so that API readers and the
 * indexer's writer do not block each other, and a busy timeout instead of immediate failures).
 */
public final class Database {
  private final String jdbcUrl;

  public Database(String jdbcUrl) {
    if (!jdbcUrl.startsWith("jdbc:sqlite:")) {
      throw new IllegalArgumentException(
          "only SQLite JDBC URLs (jdbc:sqlite:<file>) are supported so far: " + jdbcUrl);
    }
    this.jdbcUrl = jdbcUrl;
  }

  /** {@code jdbc:sqlite:<path>}. */
  public static Database sqlite(java.nio.file.Path file) {
    return new Database("jdbc:sqlite:" + file.toAbsolutePath());
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** Applies the pending Flyway migrations ({@code classpath:db/migration}). */
  public void migrate() {
    Flyway.configure()
        .dataSource(jdbcUrl, null, null)
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }

  /** A new connection in auto-commit mode. */
  public Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection(jdbcUrl);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA busy_timeout=10000");
      s.execute("PRAGMA synchronous=NORMAL");
    }
    return c;
  }
}
