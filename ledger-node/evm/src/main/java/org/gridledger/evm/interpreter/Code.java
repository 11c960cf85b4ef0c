package org.gridledger.evm.interpreter;

import java.util.Arrays;

/**
 * Bytecode prepared for the interpreter: padded with zero bytes (STOP) so that neither reading the
 * next opcode nor reading a PUSH's immediates past the end needs a bounds check, and the set of
 * valid jump destinations as a bitmap (a JUMPDEST byte that is not inside PUSH data).
 */
public final class Code {
  /** Enough padding for a PUSH32 in the last byte plus the STOP after it. */
  private static final int PADDING = 33;

  public static final Code EMPTY = analyze(new byte[0]);

  final byte[] padded;
  final int length;
  final long[] jumpDests;

  private Code(byte[] padded, int length, long[] jumpDests) {
    this.padded = padded;
    this.length = length;
    this.jumpDests = jumpDests;
  }

  /** Analyses {@code code} (which is copied). */
  public static Code analyze(byte[] code) {
    byte[] padded = Arrays.copyOf(code, code.length + PADDING);
    long[] dests = new long[(code.length + 63) >>> 6];
    int pc = 0;
    while (pc < code.length) {
      int op = code[pc] & 0xff;
      if (op == Opcodes.JUMPDEST) {
        dests[pc >>> 6] |= 1L << (pc & 63);
        pc++;
      } else if (op >= Opcodes.PUSH1 && op <= Opcodes.PUSH32) {
        pc += op - Opcodes.PUSH1 + 2;
      } else {
        pc++;
      }
    }
    return new Code(padded, code.length, dests);
  }

  public int length() {
    return length;
  }

  /** Whether a jump to {@code dest} is valid. */
  boolean isJumpDest(long dest) {
    return dest >= 0 && dest < length && (jumpDests[(int) (dest >>> 6)] & (1L << dest)) != 0;
  }

  /** The unpadded code (a copy). */
  public byte[] bytes() {
    return Arrays.copyOf(padded, length);
  }
}
