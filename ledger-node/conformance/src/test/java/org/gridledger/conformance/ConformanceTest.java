package org.gridledger.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every vector of every registered suite as a JUnit dynamic test, so {@code make test} runs the
 * whole conformance set. Not-applicable vectors show up as aborted tests with their reason.
 */
class ConformanceTest {

  @TestFactory
  Stream<DynamicTest> vectors() throws IOException {
    ConformanceRunner runner = new ConformanceRunner(Fixtures.defaultRoot(), System.out);
    Stream<DynamicTest> all = Stream.empty();
    for (ConformanceSuite suite : Suites.all()) {
      List<ConformanceCase> cases = runner.load(suite);
      if (cases.isEmpty()) {
        fail("suite " + suite.name() + " found no vectors under " + Fixtures.defaultRoot());
      }
      all =
          Stream.concat(
              all,
              cases.stream()
                  .map(
                      c ->
                          DynamicTest.dynamicTest(suite.name() + ": " + c.name(), () -> check(c))));
    }
    return all;
  }

  private static void check(ConformanceCase c) {
    switch (ConformanceRunner.runCase(c)) {
      case Outcome.Passed p -> {}
      case Outcome.Failed f -> fail(f.reason());
      case Outcome.NotApplicable n -> Assumptions.abort("not applicable: " + n.reason());
    }
  }
}
