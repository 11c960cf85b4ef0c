package org.gridledger.evm.tracing;

/**
 * Observes execution step by step. The interpreter holds {@code null} when tracing is off and
 * checks it once per instruction, so tracing costs nothing when unused. Callbacks run on the
 * executing thread and must not throw.
 */
public interface OperationTracer {
  /**
   * Before an instruction runs (before its constant gas is charged).
   *
   * @param frame the frame, valid only during the call
   * @param opcode the instruction byte
   * @param opName its mnemonic ({@code 0xNN} if undefined)
   * @param staticGas the constant gas it will be charged first
   */
  void onStep(FrameView frame, int opcode, String opName, int staticGas);

  /**
   * When a frame ends (after its last instruction, or at once for a precompile or a call to an
   * account without code).
   *
   * @param depth the frame's depth
   * @param status an {@link org.gridledger.evm.interpreter.Status} code
   * @param gasLeft gas the frame returns to its parent
   * @param output return or revert data
   */
  default void onFrameEnd(int depth, int status, long gasLeft, byte[] output) {}

  /** When the transaction's execution ends. */
  default void onTransactionEnd(boolean success, long gasUsed, byte[] output) {}
}
