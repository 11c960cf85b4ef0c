package org.gridledger.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed artifacts under contracts/build/ must be exactly what the pinned compiler makes of
 * the committed sources: the test compiles into target/ and compares every file byte for byte.
 */
class ArtifactsReproducibleTest {
  private static final Path CONTRACTS =
      Path.of(System.getProperty("gridledger.contracts.dir", ".")).toAbsolutePath();

  @Test
  void freshCompileEqualsCommittedArtifacts() throws Exception {
    Path fresh = CONTRACTS.resolve("target/fresh-build");
    Path log = CONTRACTS.resolve("target/fresh-build.log");
    Files.createDirectories(log.getParent());
    Process compile =
        new ProcessBuilder("node", "scripts/compile.mjs", "--out", fresh.toString())
            .directory(CONTRACTS.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertThat(compile.waitFor(5, TimeUnit.MINUTES)).as("compile finished in time").isTrue();
    assertThat(compile.exitValue())
        .as("compile exit code; output:%n%s", Files.readString(log))
        .isZero();

    Path committed = CONTRACTS.resolve("build");
    List<String> committedFiles = relativeFiles(committed);
    assertThat(relativeFiles(fresh))
        .as("files written by a fresh compile (run `make contracts` and commit build/)")
        .containsExactlyElementsOf(committedFiles);
    for (String file : committedFiles) {
      assertThat(Files.readString(fresh.resolve(file), StandardCharsets.UTF_8))
          .as("%s differs from a fresh compile (run `make contracts` and commit build/)", file)
          .isEqualTo(Files.readString(committed.resolve(file), StandardCharsets.UTF_8));
    }
    assertThat(committedFiles).contains("Reservations.json", "Staking.json", "build-info.json");
  }

  private static List<String> relativeFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString())
          .sorted()
          .toList();
    }
  }
}
