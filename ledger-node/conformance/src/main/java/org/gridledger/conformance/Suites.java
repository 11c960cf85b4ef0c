package org.gridledger.conformance;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import org.gridledger.conformance.blockchain.BlockchainSuite;
import org.gridledger.conformance.rlp.RlpSuite;
import org.gridledger.conformance.state.StateSuite;
import org.gridledger.conformance.transaction.TransactionSuite;
import org.gridledger.conformance.trie.TrieSuite;

/** Every suite the runner knows, in the order {@code SUITE=all} runs them. */
public final class Suites {
  private Suites() {}

  public static List<ConformanceSuite> all() {
    return all(null);
  }

  /**
   * Every suite; the state suite writes EIP-3155 traces to {@code traceOut} when it is not {@code
   * null}.
   */
  public static List<ConformanceSuite> all(PrintStream traceOut) {
    return List.of(
        new RlpSuite(),
        new TrieSuite(),
        new TransactionSuite(),
        new StateSuite(traceOut),
        new BlockchainSuite());
  }

  public static Optional<ConformanceSuite> byName(String name) {
    return all().stream().filter(s -> s.name().equals(name)).findFirst();
  }

  public static List<String> names() {
    return all().stream().map(ConformanceSuite::name).toList();
  }
}
