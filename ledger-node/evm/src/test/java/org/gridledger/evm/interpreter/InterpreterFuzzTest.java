package org.gridledger.evm.interpreter;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.Random;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.UInt256;
import org.junit.jupiter.api.Test;

/**
 * Random bytecode under a gas cap always ends in a normal result (success, revert or exceptional
 * halt): never an exception, a Java stack overflow, running out of heap or hanging. The code is
 * installed at two addresses that can call each other (and themselves), so calls, creations and
 * deep recursion are reached too.
 *
 * <p>The Jazzer target replays the seeds in {@code InterpreterFuzzTestInputs/} under Surefire
 * ({@code JAZZER_FUZZ=1} fuzzes); {@link #randomProgramsEndNormally} runs a few thousand generated
 * programs in every build.
 */
class InterpreterFuzzTest {
  static final Address PEER = Address.fromHex("0x00000000000000000000000000000000000000aa");
  static final long MAX_GAS = 3_000_000;

  @FuzzTest(maxDuration = "60s")
  void anyBytecodeEndsNormally(byte[] data) {
    if (data.length < 2) {
      return;
    }
    long gas = 1 + ((data[0] & 0xffL) << 8 | (data[1] & 0xffL)) * (MAX_GAS / 65_536);
    runAndCheck(Arrays.copyOfRange(data, 2, data.length), gas);
  }

  static void runAndCheck(byte[] code, long gas) {
    Harness h = Harness.with(code);
    h.pre.put(Harness.CONTRACT, 1, UInt256.of(1_000_000), code);
    h.pre.put(PEER, 1, UInt256.of(1_000_000), code);
    CallExecutor.Result r = h.call(code, gas);
    int s = r.status();
    assertThat(Status.isSuccess(s) || Status.isRevert(s) || Status.isError(s))
        .as("status %s", Status.name(s))
        .isTrue();
    assertThat(r.gasLeft()).isBetween(0L, gas);
    if (!Status.isSuccess(s)) {
      assertThat(r.refund()).isZero();
    }
    h.state.commitTransaction();
  }

  /** Opcodes weighted toward ones that do something interesting with small operands. */
  private static final int[] INTERESTING = {
    0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x10, 0x11, 0x12, 0x13,
    0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x20, 0x30, 0x31, 0x32, 0x33,
    0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f, 0x40, 0x41, 0x42,
    0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56,
    0x57, 0x58, 0x59, 0x5a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f, 0x80, 0x81, 0x82, 0x90, 0x91, 0xa0,
    0xa1, 0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xfa, 0xfd, 0xfe, 0xff,
  };

  @Test
  void randomProgramsEndNormally() {
    Random rnd = new Random(20_260_101);
    for (int program = 0; program < 3000; program++) {
      int length = 1 + rnd.nextInt(96);
      byte[] code = new byte[length];
      for (int i = 0; i < length; i++) {
        int choice = rnd.nextInt(10);
        if (choice < 4) {
          code[i] = (byte) (0x60 + rnd.nextInt(2)); // PUSH1/PUSH2 with random data following
        } else if (choice < 5) {
          code[i] = (byte) rnd.nextInt(256);
        } else if (choice < 6) {
          // Small operands that make memory, jumps and calls land somewhere plausible.
          code[i] = (byte) (rnd.nextBoolean() ? 0x5f : rnd.nextInt(64));
        } else if (choice < 7) {
          // The peer's address, so calls reach code.
          code[i] = (byte) 0x73;
          if (i + 20 < length) {
            System.arraycopy(PEER.toArray(), 0, code, i + 1, 20);
            i += 20;
          }
        } else {
          code[i] = (byte) INTERESTING[rnd.nextInt(INTERESTING.length)];
        }
      }
      long gas = 1 + rnd.nextInt((int) MAX_GAS);
      try {
        runAndCheck(code, gas);
      } catch (Throwable t) {
        throw new AssertionError(
            "program "
                + program
                + " code "
                + org.gridledger.evm.types.Hex.encode(code)
                + " gas "
                + gas,
            t);
      }
    }
  }
}
