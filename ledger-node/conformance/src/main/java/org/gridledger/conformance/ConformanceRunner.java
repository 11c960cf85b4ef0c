package org.gridledger.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Runs suites against a fixtures root, prints the summary lines and writes the JSON report. */
public final class ConformanceRunner {
  private final Path fixturesRoot;
  private final PrintStream out;

  public ConformanceRunner(Path fixturesRoot, PrintStream out) {
    this.fixturesRoot = fixturesRoot;
    this.out = out;
  }

  /**
   * Loads a suite's cases from the fixtures root; a missing directory is an error, never a skip.
   */
  public List<ConformanceCase> load(ConformanceSuite suite) throws IOException {
    Path dir = directoryOf(suite);
    if (!Files.isDirectory(dir)) {
      throw new IOException(
          "suite '"
              + suite.name()
              + "' expects its vectors in "
              + dir
              + " but that directory does not exist (set FIXTURES=<dir> to point at an ethereum/tests layout)");
    }
    return suite.load(dir);
  }

  /** Where {@code suite}'s vectors lie under the fixtures root. */
  public Path directoryOf(ConformanceSuite suite) {
    return fixturesRoot.resolve(suite.directory());
  }

  /** Whether the fixtures root has {@code suite}'s directory. */
  public boolean hasDirectory(ConformanceSuite suite) {
    return Files.isDirectory(directoryOf(suite));
  }

  /** Runs one case, turning any exception into a failure that names it. */
  public static Outcome runCase(ConformanceCase c) {
    try {
      Outcome o = c.run();
      return o == null ? Outcome.failed("case returned no outcome") : o;
    } catch (Exception | StackOverflowError | OutOfMemoryError e) {
      return Outcome.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  public SuiteResult run(ConformanceSuite suite) throws IOException {
    return run(suite, name -> true);
  }

  /** Runs the cases of {@code suite} whose names {@code select} accepts. */
  public SuiteResult run(ConformanceSuite suite, Predicate<String> select) throws IOException {
    List<SuiteResult.CaseResult> results = new ArrayList<>();
    for (ConformanceCase c : load(suite)) {
      if (!select.test(c.name())) {
        continue;
      }
      results.add(new SuiteResult.CaseResult(c.name(), runCase(c)));
    }
    SuiteResult r = new SuiteResult(suite.name(), directoryOf(suite).toString(), results);
    print(r);
    return r;
  }

  private void print(SuiteResult r) {
    out.println(r.summaryLine());
    for (SuiteResult.CaseResult f : r.failures()) {
      out.println("  FAIL " + f.name() + ": " + ((Outcome.Failed) f.outcome()).reason());
    }
    if (!r.notApplicable().isEmpty()) {
      out.println(
          "  ("
              + r.notApplicable().size()
              + " not applicable, reasons in the report; none counted as passed)");
    }
  }

  /**
   * Writes {@code report.json}: per suite the counts, every failure and every not-applicable case.
   */
  public static void writeReport(Path file, Path fixturesRoot, List<SuiteResult> results)
      throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("generatedAt", Instant.now().toString());
    root.put("fixtures", fixturesRoot.toAbsolutePath().toString());
    ArrayNode suites = root.putArray("suites");
    for (SuiteResult r : results) {
      ObjectNode s = suites.addObject();
      s.put("suite", r.suite());
      s.put("directory", r.directory());
      s.put("total", r.cases().size());
      s.put("passed", r.passed());
      s.put("failed", r.failures().size());
      s.put("notApplicable", r.notApplicable().size());
      ArrayNode failures = s.putArray("failures");
      for (SuiteResult.CaseResult f : r.failures()) {
        failures
            .addObject()
            .put("name", f.name())
            .put("reason", ((Outcome.Failed) f.outcome()).reason());
      }
      ArrayNode na = s.putArray("notApplicableCases");
      for (SuiteResult.CaseResult f : r.notApplicable()) {
        na.addObject()
            .put("name", f.name())
            .put("reason", ((Outcome.NotApplicable) f.outcome()).reason());
      }
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    json.writeValue(file.toFile(), root);
  }
}
