package org.gridledger.explorer;

import java.nio.file.Path;
import org.gridledger.explorer.store.Database;

/**
 * The database the explorer's tests run on, chosen by the system property {@code explorer.test.db}:
 * {@code sqlite} (the default: a new file under the given directory) or {@code postgresql} (a new
 * database on this JVM's {@link PostgresServer}). The module's pom runs the tests once with each.
 */
public final class TestDatabases {
  static final String PROPERTY = "explorer.test.db";

  private TestDatabases() {}

  /** Which database this run uses. */
  public static String kind() {
    String kind = System.getProperty(PROPERTY, "sqlite");
    if (!kind.equals("sqlite") && !kind.equals("postgresql")) {
      throw new IllegalArgumentException(PROPERTY + " must be sqlite or postgresql, got " + kind);
    }
    return kind;
  }

  /** A new, empty database (not migrated yet). */
  public static Database fresh(Path dir) throws java.sql.SQLException {
    return kind().equals("postgresql")
        ? PostgresServer.shared().newDatabase()
        : Database.sqlite(dir.resolve("explorer-" + System.nanoTime() + ".db"));
  }
}
