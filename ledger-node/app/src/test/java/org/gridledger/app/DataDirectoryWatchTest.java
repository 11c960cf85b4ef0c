package org.gridledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryWatchTest {
  @TempDir Path home;

  private Path database() throws Exception {
    Path db = Files.createDirectories(home.resolve("data").resolve("db"));
    Files.writeString(db.resolve("CURRENT"), "MANIFEST-000005\n");
    return db;
  }

  @Test
  void anIntactDirectoryIsFine() throws Exception {
    Path db = database();
    DataDirectoryWatch watch = new DataDirectoryWatch(db);
    Files.writeString(db.resolve("000007.log"), "more writes");
    assertThat(watch.check()).isEmpty();
  }

  @Test
  void aDeletedDirectoryIsReported() throws Exception {
    Path db = database();
    DataDirectoryWatch watch = new DataDirectoryWatch(db);
    NodeAssembly.deleteRecursively(home.resolve("data"));
    assertThat(watch.check()).hasValueSatisfying(why -> assertThat(why).contains("was deleted"));
  }

  @Test
  void aDirectoryReplacedByAnotherOfTheSameNameIsReported() throws Exception {
    Path db = database();
    DataDirectoryWatch watch = new DataDirectoryWatch(db);
    // Moved aside (as when a backup is restored by renaming), so the new directory cannot reuse
    // the old one's inode.
    Files.move(home.resolve("data"), home.resolve("data-old"));
    database(); // same path, same files, another directory
    assertThat(watch.check())
        .hasValueSatisfying(why -> assertThat(why).contains("replaced by another one"));
  }

  @Test
  void deletedDatabaseFilesAreReported() throws Exception {
    Path db = database();
    DataDirectoryWatch watch = new DataDirectoryWatch(db);
    Files.delete(db.resolve("CURRENT"));
    assertThat(watch.check()).hasValueSatisfying(why -> assertThat(why).contains("database files"));
  }
}
