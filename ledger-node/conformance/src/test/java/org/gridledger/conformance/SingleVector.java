package org.gridledger.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs one vector file of one test, laid out in a suite directory of its own. */
public final class SingleVector {
  private SingleVector() {}

  /**
   * Writes {@code json} to {@code suiteDir/relativePath}, loads the suite from {@code suiteDir},
   * checks that it found exactly one case, and runs it.
   */
  public static Outcome run(ConformanceSuite suite, Path suiteDir, String relativePath, String json)
      throws IOException {
    Path file = suiteDir.resolve(relativePath);
    Files.createDirectories(file.getParent());
    Files.writeString(file, json);
    List<ConformanceCase> cases = suite.load(suiteDir);
    assertThat(cases).hasSize(1);
    return ConformanceRunner.runCase(cases.getFirst());
  }
}
