package org.gridledger.contracts;

/** A development chain running as a separate process, reached by JSON-RPC at {@link #url()}. */
interface ChainNode extends AutoCloseable {
  /** The system property choosing the chain under test: "anvil" (default) or "gridledger". */
  String CHAIN_PROPERTY = "gridledger.chain";

  String url();

  /** Ends the process. */
  @Override
  void close();

  /** Which chain the suite runs on, from {@link #CHAIN_PROPERTY}. */
  static String selected() {
    String chain = System.getProperty(CHAIN_PROPERTY, "anvil");
    if (!chain.equals("anvil") && !chain.equals("gridledger")) {
      throw new IllegalStateException(
          CHAIN_PROPERTY + " must be anvil or gridledger, not " + chain);
    }
    return chain;
  }
}
