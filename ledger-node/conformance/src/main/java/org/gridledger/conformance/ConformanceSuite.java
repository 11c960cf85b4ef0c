package org.gridledger.conformance;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A family of vectors (RLP, trie, transaction, state, blockchain) and how to run them. */
public interface ConformanceSuite {
  /** Short name used on the command line and in the report: {@code rlp}, {@code trie}, ... */
  String name();

  /** The directory under the fixtures root that holds this suite's files, e.g. {@code RLPTests}. */
  String directory();

  /**
   * Loads the cases of every JSON file under {@code suiteDir} (already resolved against the
   * fixtures root). Loading must not run the vectors; a file that cannot be parsed becomes a
   * failing case.
   */
  List<ConformanceCase> load(Path suiteDir) throws IOException;
}
