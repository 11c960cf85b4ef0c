package org.gridledger.conformance.state;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridledger.conformance.ConformanceCase;
import org.gridledger.conformance.ConformanceSuite;
import org.gridledger.conformance.Fixtures;
import org.gridledger.conformance.Outcome;
import org.gridledger.evm.tracing.Eip3155Tracer;

/**
 * GeneralStateTests: one case per {@code post.Cancun} entry, named {@code <file>/<test>/[d,g,v]}
 * after the data, gas and value indexes it picks. Each case builds the pre-state in memory, runs
 * the transaction and compares the state root and the logs hash (see {@link StateTestCase}).
 *
 * <p>Loading parses every file once to enumerate the entries and keeps no JSON; running a case
 * parses its file again (the last few files are cached, and cases run file by file).
 */
public final class StateSuite implements ConformanceSuite {
  /** Where EIP-3155 traces of every case run go, or {@code null} when not tracing. */
  private final PrintStream traceOut;

  private final Map<Path, JsonNode> recent =
      new LinkedHashMap<>(8, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, JsonNode> eldest) {
          return size() > 4;
        }
      };

  /** Runs cases without tracing. */
  public StateSuite() {
    this(null);
  }

  /** Runs cases writing an EIP-3155 trace of each to {@code traceOut} (one JSON object a line). */
  public StateSuite(PrintStream traceOut) {
    this.traceOut = traceOut;
  }

  @Override
  public String name() {
    return "state";
  }

  @Override
  public String directory() {
    return "GeneralStateTests";
  }

  @Override
  public List<ConformanceCase> load(Path suiteDir) throws IOException {
    List<ConformanceCase> cases = new ArrayList<>();
    Path base = suiteDir.getParent() == null ? suiteDir : suiteDir.getParent();
    for (Path file : Fixtures.jsonFiles(suiteDir)) {
      String rel = base.relativize(file).toString();
      JsonNode json;
      try {
        json = Fixtures.read(file);
      } catch (RuntimeException e) {
        cases.add(ConformanceCase.of(rel, () -> Outcome.failed("unreadable: " + e.getMessage())));
        continue;
      }
      for (Map.Entry<String, JsonNode> test : Fixtures.tests(json)) {
        String testName = test.getKey();
        JsonNode post = test.getValue().path("post").path("Cancun");
        for (int i = 0; i < post.size(); i++) {
          JsonNode idx = post.get(i).path("indexes");
          String name =
              rel
                  + "/"
                  + testName
                  + "/["
                  + idx.path("data").asInt()
                  + ","
                  + idx.path("gas").asInt()
                  + ","
                  + idx.path("value").asInt()
                  + "]";
          int entry = i;
          cases.add(ConformanceCase.of(name, () -> run(file, testName, entry)));
        }
      }
    }
    return cases;
  }

  private Outcome run(Path file, String testName, int entry) {
    JsonNode json;
    synchronized (recent) {
      json = recent.computeIfAbsent(file, Fixtures::read);
    }
    return StateTestCase.run(
        json.get(testName), entry, traceOut == null ? null : new Eip3155Tracer(traceOut));
  }
}
