package org.gridledger.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line's answers to fixtures directories that lack some or all suites. */
class ConformanceMainTest {

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ConformanceMain());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void aDirectoryWithSomeSuitesNamesTheMissingOnesAndTheSuitesItHas(@TempDir Path dir)
      throws Exception {
    Files.createDirectories(dir.resolve("GeneralStateTests"));
    Path report = dir.resolve("report.json");

    Run r = run("--fixtures", dir.toString(), "--report", report.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("error: no vectors for suite ")
        .contains("rlp (" + dir.resolve("RLPTests") + ")")
        .contains("--suite state (make conformance SUITE=state)")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(report).doesNotExist(); // nothing ran, so no report claims a result
  }

  @Test
  void aDirectoryWithNoSuiteSaysWhereToPointFixtures(@TempDir Path dir) {
    Run r = run("--fixtures", dir.toString(), "--suite", "rlp,trie");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("rlp (").contains("trie (").contains("--fixtures");
    assertThat(r.err()).doesNotContain("--suite ");
  }

  @Test
  void anUnknownSuiteListsTheKnownOnes(@TempDir Path dir) {
    Run r = run("--fixtures", dir.toString(), "--suite", "nope");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("unknown suite 'nope'").contains("state");
  }
}
