package org.gridledger.conformance;

import java.util.ArrayList;
import java.util.List;

/** The outcome of every case of one suite, in run order. */
public record SuiteResult(String suite, String directory, List<CaseResult> cases) {

  /** One case and what it gave. */
  public record CaseResult(String name, Outcome outcome) {}

  public long passed() {
    return cases.stream().filter(c -> c.outcome() instanceof Outcome.Passed).count();
  }

  public List<CaseResult> failures() {
    List<CaseResult> out = new ArrayList<>();
    for (CaseResult c : cases) {
      if (c.outcome() instanceof Outcome.Failed) {
        out.add(c);
      }
    }
    return out;
  }

  public List<CaseResult> notApplicable() {
    List<CaseResult> out = new ArrayList<>();
    for (CaseResult c : cases) {
      if (c.outcome() instanceof Outcome.NotApplicable) {
        out.add(c);
      }
    }
    return out;
  }

  /** The summary line, exactly {@code <suite>: N passed, M failed}. */
  public String summaryLine() {
    return suite + ": " + passed() + " passed, " + failures().size() + " failed";
  }
}
