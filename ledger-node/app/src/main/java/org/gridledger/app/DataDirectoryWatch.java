package org.gridledger.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;

/**
 * Notices that the database directory a running node opened was deleted or replaced under it.
 * RocksDB keeps writing into the files it has open, so such a node would go on answering and
 * sealing blocks that exist only in unlinked files and vanish at the next start: the node must stop
 * instead, and say why. Compares the directory's identity ({@link BasicFileAttributes#fileKey()},
 * device and inode on Linux) with the one it had when the watch was made, and falls back to the
 * RocksDB {@code CURRENT} file's presence where the file system gives no key.
 *
 * <p>Not thread-safe; {@link #check} is cheap (two {@code stat} calls) and is meant to run every
 * few seconds on one thread.
 */
final class DataDirectoryWatch {
  private final Path directory;
  private final Object identity;

  /**
   * @param directory the open database directory (RocksDB's, holding its {@code CURRENT} file)
   * @throws IOException if it cannot be read now
   */
  DataDirectoryWatch(Path directory) throws IOException {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.identity = identity(directory);
  }

  /** What went wrong with the directory since the watch was made; empty while it is intact. */
  Optional<String> check() {
    Object now;
    try {
      now = identity(directory);
    } catch (IOException e) {
      return Optional.of("the data directory " + directory + " was deleted");
    }
    if (identity != null && !identity.equals(now)) {
      return Optional.of("the data directory " + directory + " was replaced by another one");
    }
    if (!Files.exists(directory.resolve("CURRENT"), LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of("the database files in " + directory + " were deleted");
    }
    return Optional.empty();
  }

  private static Object identity(Path directory) throws IOException {
    return Files.readAttributes(directory, BasicFileAttributes.class).fileKey();
  }
}
