package org.gridledger.explorer.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;

/**
 * The explorer database behind a JDBC URL: SQLite ({@code jdbc:sqlite:<file>}, the default: one
 * file, no setup) or PostgreSQL ({@code jdbc:postgresql://host[:port]/db?user=...}). {@link
 * #migrate()} brings the schema to the newest version; {@link #connect()} opens a connection.
 *
 * <p>A PostgreSQL password is taken out of the URL ({@code password=} query parameter) when it is
 * there, else from the environment variable {@link #PASSWORD_ENV}; it is passed to the driver as a
 * connection property and never kept in the URL, so neither logs nor error messages show it.
 */
public final class Database {
  /** The environment variable that holds the PostgreSQL password when the URL has none. */
  public static final String PASSWORD_ENV = "GRIDLEDGER_EXPLORER_DB_PASSWORD";

  private static final Pattern PASSWORD_PARAM =
      Pattern.compile("([?&])password=([^&]*)(&?)", Pattern.CASE_INSENSITIVE);

  private final String jdbcUrl;
  private final String password;
  private final Dialect dialect;

  /**
   * @param jdbcUrl a {@code jdbc:sqlite:} or {@code jdbc:postgresql:} URL, maybe with a password
   * @param password the password if the URL has none, or null
   */
  public Database(String jdbcUrl, String password) {
    this.dialect = Dialect.of(jdbcUrl);
    Matcher m = PASSWORD_PARAM.matcher(jdbcUrl);
    if (m.find()) {
      String inUrl =
          java.net.URLDecoder.decode(m.group(2), java.nio.charset.StandardCharsets.UTF_8);
      // keep the separator that joined the following parameter, drop a trailing '?'/'&'
      String rest = m.group(3).isEmpty() ? "" : m.group(1);
      this.jdbcUrl = (jdbcUrl.substring(0, m.start()) + rest + jdbcUrl.substring(m.end()));
      this.password = inUrl;
    } else {
      this.jdbcUrl = jdbcUrl;
      this.password = password;
    }
  }

  /** A URL without a password argument; the password, if any, from {@link #PASSWORD_ENV}. */
  public Database(String jdbcUrl) {
    this(jdbcUrl, System.getenv(PASSWORD_ENV));
  }

  /** {@code jdbc:sqlite:<path>}. */
  public static Database sqlite(java.nio.file.Path file) {
    return new Database("jdbc:sqlite:" + file.toAbsolutePath(), null);
  }

  /** The URL without its password. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** {@code url} with the value of a {@code password=} parameter replaced by {@code ***}. */
  static String redact(String url) {
    return PASSWORD_PARAM.matcher(url).replaceAll("$1password=***$3");
  }

  /**
   * Applies the pending Flyway migrations ({@code classpath:db/migration}, one portable set for
   * both databases).
   */
  public void migrate() {
    Flyway.configure()
        .dataSource(jdbcUrl, null, password)
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }

  /**
   * A new connection in auto-commit mode (SQLite: WAL journal so that API readers and the indexer's
   * writer do not block each other, and a busy timeout instead of immediate failures).
   */
  public Connection connect() throws SQLException {
    Properties props = new Properties();
    if (password != null) {
      props.setProperty("password", password);
    }
    Connection c = DriverManager.getConnection(jdbcUrl, props);
    if (dialect == Dialect.SQLITE) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA busy_timeout=10000");
        s.execute("PRAGMA synchronous=NORMAL");
        // Reads map the file instead of copying pages into each connection's own cache: every
        // connection shares the operating system's cached pages of a large grid (the API keeps
        // several connections; docs/performance.md). The WAL itself is read as before.
        s.execute("PRAGMA mmap_size=268435456");
      }
    }
    return c;
  }
}
