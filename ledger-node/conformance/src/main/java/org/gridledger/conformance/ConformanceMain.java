package org.gridledger.conformance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code make conformance [FIXTURES=<dir>] [SUITE=...]}: runs suites and writes the report. */
@Command(
    name = "conformance",
    mixinStandardHelpOptions = true,
    description =
        "Runs ethereum/tests-format vectors against Gridledger and reports pass/fail per suite.")
public final class ConformanceMain implements Callable<Integer> {

  @Option(
      names = {"--fixtures"},
      description = "Directory laid out like ethereum/tests (default: fixtures/ethereum-tests)")
  Path fixtures;

  @Option(
      names = {"--suite"},
      defaultValue = "all",
      description = "Suite to run: all or one of ${COMPLETION-CANDIDATES}",
      completionCandidates = SuiteNames.class)
  String suite;

  @Option(
      names = {"--report"},
      defaultValue = "target/conformance/report.json",
      description = "Where to write the JSON report (default: ${DEFAULT-VALUE})")
  Path report;

  @Option(
      names = {"--filter"},
      description = "Run only the vectors whose name contains this text")
  String filter;

  @Option(
      names = {"--trace"},
      description =
          "Write an EIP-3155 trace (JSON lines on stderr) of every state-test vector run; use with --filter")
  boolean trace;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path root = fixtures != null ? fixtures : Fixtures.defaultRoot();
    if (trace && (filter == null || filter.isBlank())) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--trace needs --filter <vector name> (make conformance SUITE=state TRACE=1 VECTOR=<name>)");
    }
    List<ConformanceSuite> known = Suites.all(trace ? System.err : null);
    List<ConformanceSuite> chosen = new ArrayList<>();
    if (suite.equals("all")) {
      chosen.addAll(known);
    } else {
      for (String name : suite.split(",")) {
        chosen.add(
            known.stream()
                .filter(s -> s.name().equals(name.trim()))
                .findFirst()
                .orElseThrow(
                    () ->
                        new CommandLine.ParameterException(
                            spec.commandLine(),
                            "unknown suite '"
                                + name
                                + "'; known: all, "
                                + String.join(", ", Suites.names()))));
      }
    }
    ConformanceRunner runner = new ConformanceRunner(root, System.out);
    // Every chosen suite's directory is checked before any runs: a missing one is an error (never
    // a silent skip), reported in one line with the fix rather than after minutes of other suites.
    List<String> missing = new ArrayList<>();
    List<String> present = new ArrayList<>();
    for (ConformanceSuite s : chosen) {
      if (runner.hasDirectory(s)) {
        present.add(s.name());
      } else {
        missing.add(s.name() + " (" + runner.directoryOf(s) + ")");
      }
    }
    if (!missing.isEmpty()) {
      spec.commandLine()
          .getErr()
          .println(
              "error: no vectors for suite "
                  + String.join(", ", missing)
                  + " under "
                  + root
                  + (present.isEmpty()
                      ? "; point --fixtures (FIXTURES=<dir>) at a directory laid out like ethereum/tests"
                      : "; run only the suites it has with --suite "
                          + String.join(",", present)
                          + " (make conformance SUITE="
                          + String.join(",", present)
                          + ")"));
      return 2;
    }
    List<SuiteResult> results = new ArrayList<>();
    for (ConformanceSuite s : chosen) {
      results.add(runner.run(s, name -> filter == null || name.contains(filter)));
    }
    ConformanceRunner.writeReport(report, root, results);
    System.out.println("report: " + report.toAbsolutePath());
    return results.stream().allMatch(r -> r.failures().isEmpty()) ? 0 : 1;
  }

  /** Suite names for picocli's help. */
  static final class SuiteNames extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    SuiteNames() {
      super(Suites.names());
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new ConformanceMain()).execute(args));
  }
}
