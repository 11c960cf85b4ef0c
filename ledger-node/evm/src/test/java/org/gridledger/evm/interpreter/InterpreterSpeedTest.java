package org.gridledger.evm.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridledger.evm.interpreter.Opcodes.*;

import org.junit.jupiter.api.Test;

/**
 * Prints the interpreter's throughput on a tight arithmetic loop (ADD, MUL, SUB, LT, JUMPI over
 * about 30M gas). A measurement, not an assertion on time: only the result is checked (against
 * BigInteger). Run alone with {@code -Dtest=InterpreterSpeedTest} for a meaningful figure.
 */
class InterpreterSpeedTest {

  /** acc = acc * 3 + 7, n times; returns acc. */
  static byte[] loop(long n) {
    Asm a = Asm.code().push(0).pushN(4, n);
    int loop = a.size();
    a.op(JUMPDEST, SWAP1)
        .push(3)
        .op(MUL)
        .push(7)
        .op(ADD, SWAP1)
        .push(1)
        .op(SWAP1, SUB, DUP1)
        .push(0)
        .op(LT)
        .pushN(1, loop)
        .op(JUMPI, POP)
        .returnTop();
    return a.bytes();
  }

  /**
   * Reports the best of several runs, by wall clock and by the thread's CPU time (the latter is
   * steadier on a machine shared with other work).
   */
  @Test
  void arithmeticLoopThroughput() {
    long iterations = 570_000; // 51 gas each: about 29M gas
    byte[] code = loop(iterations);
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    double best = 0;
    double bestCpu = 0;
    for (int round = 0; round < 20; round++) {
      Harness h = Harness.with(code);
      long cpuStart = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      CallExecutor.Result r = h.call(new byte[0], 40_000_000);
      long elapsed = System.nanoTime() - start;
      long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
      assertThat(r.isSuccess()).isTrue();
      long gasUsed = 40_000_000 - r.gasLeft();
      best = Math.max(best, gasUsed / (elapsed / 1e9) / 1e6);
      bestCpu = Math.max(bestCpu, gasUsed / (cpu / 1e9) / 1e6);
      if (round == 0) {
        // acc_{k+1} = 3 acc_k + 7 mod 2^256, computed independently with BigInteger.
        java.math.BigInteger acc = java.math.BigInteger.ZERO;
        java.math.BigInteger mod = java.math.BigInteger.ONE.shiftLeft(256);
        for (long i = 0; i < iterations; i++) {
          acc =
              acc.multiply(java.math.BigInteger.valueOf(3))
                  .add(java.math.BigInteger.valueOf(7))
                  .mod(mod);
        }
        assertThat(Harness.word(r)).isEqualTo(acc);
        System.out.printf("arithmetic loop: %d gas per run%n", gasUsed);
      }
    }
    System.out.printf(
        "arithmetic loop: best %.0f Mgas/s (wall clock), %.0f Mgas/s (thread CPU time)%n",
        best, bestCpu);
  }
}
