package org.gridledger.evm.interpreter;

import org.gridledger.evm.gas.GasCosts;

/** MLOAD, MSTORE, MSTORE8, MSIZE and MCOPY (EIP-5656). Memory expansion is charged here. */
final class MemoryOps {
  private MemoryOps() {}

  /** Implements MLOAD. */
  static int mload(Frame f) {
    long[] s = f.stack;
    int o = f.sp - 4;
    long offset = U256.toLongSaturated(s, o);
    if (!f.chargeMemory(offset, 32)) {
      return Status.OUT_OF_GAS;
    }
    f.memory.loadWord((int) offset, s, o);
    return Status.CONTINUE;
  }

  /** Implements MSTORE. */
  static int mstore(Frame f) {
    long[] s = f.stack;
    int sp = f.sp;
    long offset = U256.toLongSaturated(s, sp - 4);
    if (!f.chargeMemory(offset, 32)) {
      return Status.OUT_OF_GAS;
    }
    f.memory.storeWord((int) offset, s, sp - 8);
    f.sp = sp - 8;
    return Status.CONTINUE;
  }

  /** Implements MSTORE8: stores the low byte of the value. */
  static int mstore8(Frame f) {
    long[] s = f.stack;
    int sp = f.sp;
    long offset = U256.toLongSaturated(s, sp - 4);
    if (!f.chargeMemory(offset, 1)) {
      return Status.OUT_OF_GAS;
    }
    f.memory.storeByte((int) offset, (byte) s[sp - 8]);
    f.sp = sp - 8;
    return Status.CONTINUE;
  }

  /** Implements MSIZE. */
  static int msize(Frame f) {
    f.pushLong(f.memory.size());
    return Status.CONTINUE;
  }

  /** Implements MCOPY(dest, src, size) (EIP-5656): memory for both ranges plus 3 gas per word. */
  static int mcopy(Frame f) {
    long[] s = f.stack;
    int sp = f.sp;
    long dest = U256.toLongSaturated(s, sp - 4);
    long src = U256.toLongSaturated(s, sp - 8);
    long size = U256.toLongSaturated(s, sp - 12);
    if (size > 0) {
      if (!f.chargeMemory(Math.max(dest, src), size)) {
        return Status.OUT_OF_GAS;
      }
    }
    if (!f.charge(GasCosts.COPY_WORD * GasCosts.words(size))) {
      return Status.OUT_OF_GAS;
    }
    if (size > 0) {
      f.memory.copyWithin((int) dest, (int) src, (int) size);
    }
    f.sp = sp - 12;
    return Status.CONTINUE;
  }
}
