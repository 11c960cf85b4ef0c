package org.gridledger.explorer.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The storage layer on the database of this run (SQLite or PostgreSQL, see {@code TestDatabases}):
 * migrations, the portable types (wide integers, booleans, text) and URL handling.
 */
class DatabaseTest {
  private static final Path WORK = Path.of("target", "store-tests");

  @Test
  void migratesTwiceAndRoundTripsThePortableTypes() throws Exception {
    Files.createDirectories(WORK);
    Database db = org.gridledger.explorer.TestDatabases.fresh(WORK);
    db.migrate();
    db.migrate(); // a second start finds nothing to do
    try (Connection c = db.connect()) {
      Sql.update(
          c,
          "INSERT INTO twins (id, account, x25519_key, relay, created_at, created_block)"
              + " VALUES (?, ?, ?, ?, ?, ?)",
          Long.MAX_VALUE,
          "0xabc",
          "0x",
          "relay\0with a NUL",
          4_000_000_000L,
          1);
      Sql.update(
          c,
          "INSERT INTO farms (id, twin_id, name, pricing_policy_id, payout, certified,"
              + " created_block) VALUES (?, ?, ?, ?, ?, ?, ?)",
          1,
          Long.MAX_VALUE,
          "farm",
          1,
          "0x0",
          true,
          1);
      List<Map<String, Object>> rows = Sql.query(c, "SELECT * FROM twins");
      assertThat(((Number) rows.get(0).get("id")).longValue()).isEqualTo(Long.MAX_VALUE);
      assertThat(((Number) rows.get(0).get("created_at")).longValue()).isEqualTo(4_000_000_000L);
      assertThat(rows.get(0).get("relay")).isEqualTo("relay\uFFFDwith a NUL");
      assertThat(Sql.queryLong(c, "SELECT COUNT(*) FROM farms WHERE certified = ?", -1, true))
          .isEqualTo(1);
      assertThat(Sql.queryLong(c, "SELECT COUNT(*) FROM farms WHERE certified = ?", -1, false))
          .isZero();
    }
  }

  @Test
  void passwordLeavesTheUrl() {
    Database db = new Database("jdbc:postgresql://h/db?user=u&password=s3cr%40t&ssl=false", null);
    assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://h/db?user=u&ssl=false");
    Database last = new Database("jdbc:postgresql://h/db?user=u&password=x", null);
    assertThat(last.jdbcUrl()).isEqualTo("jdbc:postgresql://h/db?user=u");
    Database first = new Database("jdbc:postgresql://h/db?password=x&user=u", null);
    assertThat(first.jdbcUrl()).isEqualTo("jdbc:postgresql://h/db?user=u");
    assertThat(db.dialect()).isEqualTo(Dialect.POSTGRESQL);
    assertThatThrownBy(() -> new Database("jdbc:mysql://h/db?password=hidden", null))
        .hasMessageContaining("jdbc:mysql://h/db?password=***")
        .hasMessageNotContaining("hidden");
  }
}
