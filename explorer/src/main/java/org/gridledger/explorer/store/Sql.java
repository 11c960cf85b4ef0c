package org.gridledger.explorer.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parameterised SQL in one line: every value is bound, never concatenated into the text. */
public final class Sql {
  private Sql() {}

  /** Executes an INSERT/UPDATE/DELETE and returns the number of rows changed. */
  public static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, args)) {
      return ps.executeUpdate();
    }
  }

  /** Rows as ordered maps from lower-case column label to value. */
  public static List<Map<String, Object>> query(Connection c, String sql, Object... args)
      throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, args);
        ResultSet rs = ps.executeQuery()) {
      ResultSetMetaData md = rs.getMetaData();
      // the labels once per query, not once per row (a page of 500 nodes has 40 columns)
      String[] labels = new String[md.getColumnCount()];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = md.getColumnLabel(i + 1).toLowerCase(java.util.Locale.ROOT);
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      while (rs.next()) {
        Map<String, Object> row = LinkedHashMap.newLinkedHashMap(labels.length);
        for (int i = 0; i < labels.length; i++) {
          row.put(labels[i], rs.getObject(i + 1));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  /** The first column of the first row as a long, or {@code fallback} if there is no row/null. */
  public static long queryLong(Connection c, String sql, long fallback, Object... args)
      throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, args);
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return fallback;
      }
      long v = rs.getLong(1);
      return rs.wasNull() ? fallback : v;
    }
  }

  /** The first column of the first row as a string, or null. */
  public static String queryString(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, args);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /**
   * Binds {@code args} to {@code ps}'s parameters in order, each text with every U+0000 replaced by
   * U+FFFD: PostgreSQL text cannot hold a NUL character (SQLite can), and a contract string with
   * one must neither stop the indexer on PostgreSQL nor be stored differently on the two databases.
   * Every statement of the explorer binds through here (the indexer's reused ones too).
   */
  public static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i] instanceof String t ? text(t) : args[i]);
    }
  }

  /**
   * Contract text as the explorer stores it (a NUL character as U+FFFD, see {@link #bind}), for the
   * statements that bind their parameters one by one.
   */
  public static String text(String text) {
    return text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
  }

  private static PreparedStatement prepare(Connection c, String sql, Object... args)
      throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    try {
      bind(ps, args);
      return ps;
    } catch (SQLException e) {
      ps.close();
      throw e;
    }
  }
}
