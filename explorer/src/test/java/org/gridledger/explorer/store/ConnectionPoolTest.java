package org.gridledger.explorer.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.gridledger.explorer.TestDatabases;
import org.junit.jupiter.api.Test;

/** {@link ConnectionPool} on the database of this run (SQLite or PostgreSQL). */
class ConnectionPoolTest {
  private static final Path WORK = Path.of("target", "pool-tests");

  @Test
  void reusesHealthyConnectionsAndClosesTheOthers() throws Exception {
    Files.createDirectories(WORK);
    Database db = TestDatabases.fresh(WORK);
    db.migrate();
    ConnectionPool pool = new ConnectionPool(db, 1);
    try {
      Connection first = pool.borrow();
      Connection second = pool.borrow();
      assertThat(second).isNotSameAs(first);
      assertThat(Sql.queryLong(first, "SELECT COUNT(*) FROM nodes", -1)).isZero();
      pool.giveBack(first, true);
      pool.giveBack(second, true); // no room: closed
      assertThat(second.isClosed()).isTrue();
      assertThat(pool.borrow()).isSameAs(first);

      pool.giveBack(first, false); // a failed use: closed, not reused
      assertThat(first.isClosed()).isTrue();
      Connection third = pool.borrow();
      assertThat(third).isNotSameAs(first);
      third.setAutoCommit(false); // left in a transaction: closed
      pool.giveBack(third, true);
      assertThat(third.isClosed()).isTrue();

      Connection kept = pool.borrow();
      pool.giveBack(kept, true);
      pool.close();
      assertThat(kept.isClosed()).isTrue();
      assertThatThrownBy(pool::borrow).isInstanceOf(SQLException.class);
    } finally {
      pool.close(); // a second close does nothing
    }
  }
}
