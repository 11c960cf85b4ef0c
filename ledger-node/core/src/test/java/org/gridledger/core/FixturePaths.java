package org.gridledger.core;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the committed ethereum/tests vectors from a test run in any module directory. */
public final class FixturePaths {
  private FixturePaths() {}

  public static Path root() {
    String start = System.getProperty("gridledger.repo.root", "");
    for (Path p = Path.of(start).toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("fixtures").resolve("ethereum-tests");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("fixtures/ethereum-tests not found above " + start);
  }
}
