package org.gridledger.sdk.spec;

import java.util.List;
import java.util.stream.Collectors;

/** A spec was rejected; {@link #problems()} lists every problem found, not just the first. */
public final class SpecException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient List<SpecProblem> problems;

  public SpecException(String source, List<SpecProblem> problems) {
    super(
        source
            + ": "
            + problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + "\n"
            + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<SpecProblem> problems() {
    return problems;
  }
}
