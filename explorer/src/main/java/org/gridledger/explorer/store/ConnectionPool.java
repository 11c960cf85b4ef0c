package org.gridledger.explorer.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Connections of one {@link Database} kept open between short uses (the API's requests): a request
 * borrows one and gives it back. Opening a connection per request cost more than most queries on a
 * large grid: SQLite reads and parses the schema and starts with an empty page cache on every new
 * connection, PostgreSQL authenticates each one (docs/performance.md). At most {@code maxIdle}
 * connections wait; more borrowers at once get new connections, closed when given back.
 *
 * <p>Only connections in auto-commit mode come back: a use that failed with an {@link SQLException}
 * (or left a transaction open) closes its connection instead, so a broken one is never reused.
 */
public final class ConnectionPool implements AutoCloseable {
  private final Database db;
  private final int maxIdle;
  private final Deque<Connection> idle = new ArrayDeque<>();
  private boolean closed;

  public ConnectionPool(Database db, int maxIdle) {
    if (maxIdle < 0) {
      throw new IllegalArgumentException("maxIdle must be >= 0: " + maxIdle);
    }
    this.db = db;
    this.maxIdle = maxIdle;
  }

  /** An idle connection, or a new one. */
  public Connection borrow() throws SQLException {
    synchronized (idle) {
      if (closed) {
        throw new SQLException("the connection pool is closed");
      }
      Connection c = idle.pollFirst();
      if (c != null) {
        return c;
      }
    }
    return db.connect();
  }

  /**
   * Takes {@code c} back: kept for the next borrower if {@code healthy}, still in auto-commit mode
   * and there is room, else closed.
   */
  public void giveBack(Connection c, boolean healthy) {
    boolean keep = false;
    try {
      keep = healthy && !c.isClosed() && c.getAutoCommit();
    } catch (SQLException e) {
      keep = false;
    }
    if (keep) {
      synchronized (idle) {
        if (!closed && idle.size() < maxIdle) {
          idle.addFirst(c);
          return;
        }
      }
    }
    closeQuietly(c);
  }

  /** Closes the idle connections; connections borrowed now are closed when given back. */
  @Override
  public void close() {
    synchronized (idle) {
      closed = true;
      idle.forEach(ConnectionPool::closeQuietly);
      idle.clear();
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // nothing to do: the connection is gone either way
    }
  }
}
