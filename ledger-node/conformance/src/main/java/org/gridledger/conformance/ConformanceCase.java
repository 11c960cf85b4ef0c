package org.gridledger.conformance;

/** One vector of a suite: a stable name (file and test) and the check to run. */
public interface ConformanceCase {
  /** Unique within the suite, e.g. {@code RLPTests/rlptest.json/bigint}. */
  String name();

  /**
   * Runs the vector. Implementations return {@link Outcome.Failed} for disagreements; any exception
   * thrown is also recorded as a failure by the runner.
   */
  Outcome run() throws Exception;

  static ConformanceCase of(String name, Check check) {
    return new ConformanceCase() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Outcome run() throws Exception {
        return check.run();
      }
    };
  }

  /** The body of a case. */
  @FunctionalInterface
  interface Check {
    Outcome run() throws Exception;
  }
}
