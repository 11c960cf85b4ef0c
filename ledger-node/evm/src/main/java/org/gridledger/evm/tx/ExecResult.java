package org.gridledger.evm.tx;

import org.gridledger.evm.interpreter.Status;

/** How the execution of a valid transaction ended. */
public sealed interface ExecResult permits ExecResult.Success, ExecResult.Revert, ExecResult.Halt {

  /** The top-level output: return data, revert data, or the deployed code of a creation. */
  byte[] output();

  /** Ended normally (STOP, RETURN, SELFDESTRUCT, or a call to an account without code). */
  record Success(byte[] output) implements ExecResult {}

  /** Ended with REVERT: state changes undone, unused gas returned. */
  record Revert(byte[] output) implements ExecResult {}

  /**
   * Ended with an exceptional halt: state changes undone, all gas consumed.
   *
   * @param status the {@link Status} code, e.g. {@link Status#OUT_OF_GAS}
   */
  record Halt(int status) implements ExecResult {
    public String reason() {
      return Status.name(status);
    }

    @Override
    public byte[] output() {
      return new byte[0];
    }
  }
}
