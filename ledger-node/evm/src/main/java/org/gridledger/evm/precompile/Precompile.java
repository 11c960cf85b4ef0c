package org.gridledger.evm.precompile;

/** A precompiled contract. Implementations are stateless and never modify {@code input}. */
public interface Precompile {
  /** Gas the call costs for this input; may exceed any real gas limit (then the call fails). */
  long gas(byte[] input);

  /**
   * Runs the contract. Returns the output, or {@code null} when the input is invalid (the call then
   * fails and consumes all gas given to it, as every precompile failure does).
   */
  byte[] run(byte[] input);

  /** Human-readable name for traces, e.g. {@code ecrecover}. */
  String name();
}
