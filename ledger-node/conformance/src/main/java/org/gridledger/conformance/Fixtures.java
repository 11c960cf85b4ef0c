package org.gridledger.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Finds the fixtures directory and reads its JSON files. */
public final class Fixtures {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  /**
   * The fixtures root: {@code -Dgridledger.fixtures}, else {@code $FIXTURES}, else the copy of the
   * official vectors committed under {@code fixtures/ethereum-tests} in the repository.
   */
  public static Path defaultRoot() {
    String prop = System.getProperty("gridledger.fixtures");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop);
    }
    String env = System.getenv("FIXTURES");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String repo = System.getProperty("gridledger.repo.root");
    Path base = repo != null && !repo.isBlank() ? Path.of(repo) : Path.of("").toAbsolutePath();
    // Walk up from the working directory so the runner works from any module directory.
    for (Path p = base; p != null; p = p.getParent()) {
      Path candidate = p.resolve("fixtures").resolve("ethereum-tests");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return base.resolve("fixtures").resolve("ethereum-tests");
  }

  /** Every {@code .json} file under {@code dir}, sorted by path so runs are reproducible. */
  public static List<Path> jsonFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".json") && Files.isRegularFile(p))
          .sorted()
          .toList();
    }
  }

  public static JsonNode read(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * The test objects of a file ({@code testName → test}), without the {@code _info} metadata key.
   */
  public static List<Map.Entry<String, JsonNode>> tests(JsonNode file) {
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : file.properties()) {
      if (!e.getKey().equals("_info")) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * Loads a suite the common way: one case per top-level test of each file, named {@code <relative
   * path>/<test>}. A file that cannot be parsed becomes one failing case.
   */
  public static List<ConformanceCase> perTest(Path suiteDir, PerTestLoader loader)
      throws IOException {
    List<ConformanceCase> cases = new ArrayList<>();
    Path base = suiteDir.getParent() == null ? suiteDir : suiteDir.getParent();
    for (Path file : jsonFiles(suiteDir)) {
      String rel = base.relativize(file).toString();
      JsonNode json;
      try {
        json = read(file);
      } catch (RuntimeException e) {
        cases.add(ConformanceCase.of(rel, () -> Outcome.failed("unreadable: " + e.getMessage())));
        continue;
      }
      for (Map.Entry<String, JsonNode> test : tests(json)) {
        loader.load(rel + "/" + test.getKey(), test.getValue(), cases);
      }
    }
    return cases;
  }

  /** Turns one test object into zero or more cases. */
  @FunctionalInterface
  public interface PerTestLoader {
    void load(String name, JsonNode test, List<ConformanceCase> into);
  }
}
