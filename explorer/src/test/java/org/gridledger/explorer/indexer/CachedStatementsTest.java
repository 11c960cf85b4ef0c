package org.gridledger.explorer.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.gridledger.explorer.TestDatabases;
import org.gridledger.explorer.store.Database;
import org.gridledger.explorer.store.Sql;
import org.junit.jupiter.api.Test;

/**
 * The indexer's reused statements on the database of this run (SQLite or PostgreSQL): a contract
 * string with a NUL character, which PostgreSQL text cannot hold, is stored as on the other path
 * ({@link Sql}) instead of stopping the indexer.
 */
class CachedStatementsTest {
  private static final Path WORK = Path.of("target", "cached-statements-tests");

  @Test
  void textWithANulIsStoredLikeSqlStoresIt() throws Exception {
    Files.createDirectories(WORK);
    Database db = TestDatabases.fresh(WORK);
    db.migrate();
    try (Connection c = db.connect();
        CachedStatements statements = new CachedStatements()) {
      String insert =
          "INSERT INTO twins (id, account, x25519_key, relay, created_at, created_block)"
              + " VALUES (?, ?, ?, ?, ?, ?)";
      statements.update(c, insert, 1L, "0xabc", "0x", "relay\0one", 1L, 1);
      statements.batch(c, insert, 2L, "0xdef", "0x", "relay\0two", 1L, 1);
      statements.executeBatches();
      assertThat(statements.queryString(c, "SELECT relay FROM twins WHERE id = ?", 1L))
          .isEqualTo("relay\uFFFDone");
      assertThat(Sql.queryString(c, "SELECT relay FROM twins WHERE id = ?", 2L))
          .isEqualTo("relay\uFFFDtwo");
    }
  }
}
