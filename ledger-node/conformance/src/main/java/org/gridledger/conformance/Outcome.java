package org.gridledger.conformance;

/** What running one vector gave. */
public sealed interface Outcome {
  record Passed() implements Outcome {}

  /** The implementation disagreed with the vector; {@code reason} says how. */
  record Failed(String reason) implements Outcome {}

  /**
   * The vector does not apply to Gridledger (e.g. another fork); the reason is written in the
   * report.
   */
  record NotApplicable(String reason) implements Outcome {}

  Outcome PASSED = new Passed();

  static Outcome failed(String reason) {
    return new Failed(reason);
  }

  static Outcome notApplicable(String reason) {
    return new NotApplicable(reason);
  }

  /** Passed when {@code ok}, otherwise failed with the given reason. */
  static Outcome check(boolean ok, String reasonIfNot) {
    return ok ? PASSED : new Failed(reasonIfNot);
  }
}
