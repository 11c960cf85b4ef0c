package org.gridledger.evm.interpreter;

/** RETURN and REVERT, which end a frame with output. JUMP/JUMPI live in the interpreter loop. */
final class FlowOps {
  private FlowOps() {}

  /** Implements RETURN(offset, size). */
  static int ret(Frame f) {
    return halt(f, Status.RETURN);
  }

  /** Implements REVERT(offset, size) (EIP-140): ends the frame, undoing it, keeping its gas. */
  static int revert(Frame f) {
    return halt(f, Status.REVERT);
  }

  private static int halt(Frame f, int status) {
    long[] s = f.stack;
    int sp = f.sp;
    long offset = U256.toLongSaturated(s, sp - 4);
    long size = U256.toLongSaturated(s, sp - 8);
    if (!f.chargeMemory(offset, size)) {
      return Status.OUT_OF_GAS;
    }
    f.output = size == 0 ? Frame.EMPTY : f.memory.slice((int) offset, (int) size);
    f.sp = sp - 8;
    return status;
  }
}
