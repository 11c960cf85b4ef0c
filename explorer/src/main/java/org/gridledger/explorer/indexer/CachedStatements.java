package org.gridledger.explorer.indexer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.gridledger.explorer.store.Sql;

/**
 * The indexer's statements, prepared once per connection and reused: the indexer runs the same few
 * dozen SQL texts for every event, and preparing one costs more than running it (SQLite compiles it
 * each time). Same semantics as {@link Sql}, text included (a NUL becomes U+FFFD, which PostgreSQL
 * cannot store). Not thread-safe: one per indexer connection.
 */
final class CachedStatements implements AutoCloseable {
  private Connection connection;
  private final Map<String, PreparedStatement> prepared = new HashMap<>();

  /** Statements with rows added by {@link #batch} and not yet executed, in first-use order. */
  private final Map<String, PreparedStatement> pending = new java.util.LinkedHashMap<>();

  /**
   * The statement for {@code sql} on {@code c}, prepared on first use (a new connection resets).
   */
  private PreparedStatement statement(Connection c, String sql, Object... args)
      throws SQLException {
    if (c != connection) {
      close();
      connection = c;
    }
    PreparedStatement ps = prepared.get(sql);
    if (ps == null) {
      ps = c.prepareStatement(sql);
      prepared.put(sql, ps);
    }
    ps.clearParameters();
    Sql.bind(ps, args);
    return ps;
  }

  int update(Connection c, String sql, Object... args) throws SQLException {
    return statement(c, sql, args).executeUpdate();
  }

  /**
   * Adds a row to the batch of {@code sql} (JDBC {@code addBatch}): executed by {@link
   * #executeBatches}, which the caller runs before its commit. Only for inserts that nothing reads
   * back in the same transaction before that.
   */
  void batch(Connection c, String sql, Object... args) throws SQLException {
    PreparedStatement ps = statement(c, sql, args);
    ps.addBatch();
    pending.putIfAbsent(sql, ps);
  }

  /** Executes the rows added by {@link #batch} since the last call. */
  void executeBatches() throws SQLException {
    try {
      for (PreparedStatement ps : pending.values()) {
        ps.executeBatch();
      }
    } finally {
      pending.clear();
    }
  }

  /** Drops the rows added by {@link #batch} (after a rollback). */
  void discardBatches() {
    for (PreparedStatement ps : pending.values()) {
      try {
        ps.clearBatch();
      } catch (SQLException e) {
        // the statement is unusable anyway; it is prepared again on a new connection
      }
    }
    pending.clear();
  }

  long queryLong(Connection c, String sql, long fallback, Object... args) throws SQLException {
    try (ResultSet rs = statement(c, sql, args).executeQuery()) {
      if (!rs.next()) {
        return fallback;
      }
      long v = rs.getLong(1);
      return rs.wasNull() ? fallback : v;
    }
  }

  String queryString(Connection c, String sql, Object... args) throws SQLException {
    try (ResultSet rs = statement(c, sql, args).executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /** The columns of the first row of {@code sql} ({@code getObject}), or null without a row. */
  Object[] queryRow(Connection c, String sql, Object... args) throws SQLException {
    try (ResultSet rs = statement(c, sql, args).executeQuery()) {
      if (!rs.next()) {
        return null;
      }
      Object[] row = new Object[rs.getMetaData().getColumnCount()];
      for (int i = 0; i < row.length; i++) {
        row[i] = rs.getObject(i + 1);
      }
      return row;
    }
  }

  @Override
  public void close() {
    for (PreparedStatement ps : prepared.values()) {
      try {
        ps.close();
      } catch (SQLException e) {
        // the connection is going away with it
      }
    }
    prepared.clear();
    pending.clear();
    connection = null;
  }
}
