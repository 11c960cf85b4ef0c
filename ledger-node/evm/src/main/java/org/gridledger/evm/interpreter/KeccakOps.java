package org.gridledger.evm.interpreter;

import org.gridledger.evm.gas.GasCosts;
import org.gridledger.evm.types.Keccak;

/** KECCAK256 (0x20). */
final class KeccakOps {
  private KeccakOps() {}

  /** Implements KECCAK256: hash of memory[offset, offset+size); 6 gas per word plus memory. */
  static int keccak256(Frame f) {
    long[] s = f.stack;
    int sp = f.sp;
    long offset = U256.toLongSaturated(s, sp - 4);
    long size = U256.toLongSaturated(s, sp - 8);
    if (!f.chargeMemory(offset, size)) {
      return Status.OUT_OF_GAS;
    }
    if (!f.charge(GasCosts.KECCAK256_WORD * GasCosts.words(size))) {
      return Status.OUT_OF_GAS;
    }
    byte[] hash =
        size == 0
            ? Keccak.EMPTY.unsafeBytes()
            : Keccak.hash(f.memory.array(), (int) offset, (int) size);
    f.sp = sp - 8;
    f.pushBytes32(hash);
    return Status.CONTINUE;
  }
}
