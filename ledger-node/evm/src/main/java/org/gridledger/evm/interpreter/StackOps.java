package org.gridledger.evm.interpreter;

/** PUSH0–PUSH32, DUP1–DUP16 and SWAP1–SWAP16: pure operand stack manipulation. */
final class StackOps {
  private StackOps() {}

  /**
   * Implements PUSHn: pushes the {@code n} big-endian bytes at {@code code[start..]} (the code is
   * padded, so reading past its end yields zeros as the protocol requires).
   */
  static void push(long[] s, int sp, byte[] code, int start, int n) {
    long l0 = 0, l1 = 0, l2 = 0, l3 = 0;
    for (int i = 0; i < n; i++) {
      int fromRight = n - 1 - i;
      long b = (code[start + i] & 0xffL) << ((fromRight & 7) << 3);
      switch (fromRight >>> 3) {
        case 0 -> l0 |= b;
        case 1 -> l1 |= b;
        case 2 -> l2 |= b;
        default -> l3 |= b;
      }
    }
    s[sp] = l0;
    s[sp + 1] = l1;
    s[sp + 2] = l2;
    s[sp + 3] = l3;
  }

  /** Implements DUPn: copies the n-th item from the top onto the top. */
  static void dup(long[] s, int sp, int n) {
    int from = sp - 4 * n;
    s[sp] = s[from];
    s[sp + 1] = s[from + 1];
    s[sp + 2] = s[from + 2];
    s[sp + 3] = s[from + 3];
  }

  /** Implements SWAPn: exchanges the top with the (n+1)-th item from the top. */
  static void swap(long[] s, int sp, int n) {
    int a = sp - 4;
    int b = sp - 4 - 4 * n;
    long t0 = s[a], t1 = s[a + 1], t2 = s[a + 2], t3 = s[a + 3];
    s[a] = s[b];
    s[a + 1] = s[b + 1];
    s[a + 2] = s[b + 2];
    s[a + 3] = s[b + 3];
    s[b] = t0;
    s[b + 1] = t1;
    s[b + 2] = t2;
    s[b + 3] = t3;
  }
}
