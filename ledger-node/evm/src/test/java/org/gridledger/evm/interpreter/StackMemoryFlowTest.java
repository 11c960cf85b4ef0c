package org.gridledger.evm.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridledger.evm.interpreter.Opcodes.*;

import java.math.BigInteger;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.Keccak;
import org.junit.jupiter.api.Test;

/** PUSH/DUP/SWAP/POP, stack limits, memory and its gas, jumps, PC, GAS, KECCAK256. */
class StackMemoryFlowTest {

  private static long gasUsed(CallExecutor.Result r) {
    return 1_000_000 - r.gasLeft();
  }

  @Test
  void push0PushesZeroForTwoGas() {
    CallExecutor.Result r = Harness.run(Asm.code().op(PUSH0, STOP));
    assertThat(gasUsed(r)).isEqualTo(2);
  }

  @Test
  void pushAtTheEndOfCodeReadsZeros() {
    // PUSH2 0x12 with its second byte missing reads 0x1200 (the code is padded with zeros).
    Code code = Code.analyze(Hex.decode("6112"));
    long[] stack = new long[4];
    StackOps.push(stack, 0, code.padded, 1, 2);
    assertThat(stack).containsExactly(0x1200, 0, 0, 0);
    // A truncated PUSH32 as the last instruction still ends with STOP.
    assertThat(Harness.run(Hex.decode("7f" + "ff".repeat(31))).status()).isEqualTo(Status.STOP);
  }

  @Test
  void dupAndSwap() {
    // PUSH1 1 PUSH1 2 PUSH1 3 DUP3 → 1; SWAP2 etc.
    CallExecutor.Result r =
        Harness.run(Asm.code().push(1).push(2).push(3).op(DUP1 + 2).returnTop());
    assertThat(Harness.word(r)).isEqualTo(1);
    r = Harness.run(Asm.code().push(1).push(2).push(3).op(SWAP1 + 1).returnTop());
    assertThat(Harness.word(r)).isEqualTo(1);
    r = Harness.run(Asm.code().push(1).push(2).push(3).op(SWAP1 + 1, POP, POP).returnTop());
    assertThat(Harness.word(r)).isEqualTo(3);
    Asm sixteen = Asm.code();
    for (int i = 1; i <= 17; i++) {
      sixteen.push(i);
    }
    r = Harness.run(sixteen.op(DUP16).returnTop());
    assertThat(Harness.word(r)).isEqualTo(2);
    Asm swap = Asm.code();
    for (int i = 1; i <= 17; i++) {
      swap.push(i);
    }
    r = Harness.run(swap.op(SWAP16).returnTop());
    assertThat(Harness.word(r)).isEqualTo(1);
  }

  @Test
  void stackUnderflowAndOverflowHaltAndConsumeAllGas() {
    CallExecutor.Result under = Harness.run(Asm.code().push(1).op(ADD));
    assertThat(under.status()).isEqualTo(Status.STACK_UNDERFLOW);
    assertThat(under.gasLeft()).isZero();
    Asm a = Asm.code();
    for (int i = 0; i < 1025; i++) {
      a.op(PUSH0);
    }
    CallExecutor.Result over = Harness.run(a);
    assertThat(over.status()).isEqualTo(Status.STACK_OVERFLOW);
    Asm exactly = Asm.code();
    for (int i = 0; i < 1024; i++) {
      exactly.op(PUSH0);
    }
    assertThat(Harness.run(exactly.op(STOP)).status()).isEqualTo(Status.STOP);
  }

  @Test
  void undefinedAndInvalidOpcodes() {
    assertThat(Harness.run(Hex.decode("0c")).status()).isEqualTo(Status.UNDEFINED_INSTRUCTION);
    assertThat(Harness.run(Hex.decode("ef")).status()).isEqualTo(Status.UNDEFINED_INSTRUCTION);
    CallExecutor.Result r = Harness.run(Hex.decode("fe"));
    assertThat(r.status()).isEqualTo(Status.INVALID_INSTRUCTION);
    assertThat(r.gasLeft()).isZero();
  }

  @Test
  void jumpsOnlyToJumpdestsOutsidePushData() {
    // PUSH1 4 JUMP INVALID JUMPDEST PUSH1 7 → returns 7.
    CallExecutor.Result ok = Harness.run(Hex.decode("600456fe5b6007" + "60005260206000f3"));
    assertThat(Harness.word(ok)).isEqualTo(7);
    // PUSH1 3 JUMP PUSH1 0x5b: byte 3 is 0x5b but inside push data.
    assertThat(Harness.run(Hex.decode("6003566" + "05b")).status()).isEqualTo(Status.INVALID_JUMP);
    // Beyond the code, and absurdly far.
    assertThat(Harness.run(Hex.decode("606456")).status()).isEqualTo(Status.INVALID_JUMP);
    assertThat(Harness.run(Asm.code().push(BigInteger.ONE.shiftLeft(200)).op(JUMP)).status())
        .isEqualTo(Status.INVALID_JUMP);
  }

  @Test
  void jumpiFallsThroughOnZeroEvenToABadTarget() {
    // PUSH1 0 PUSH1 0xff JUMPI PUSH1 9 → 9 (the bad target is not checked).
    CallExecutor.Result r =
        Harness.run(Asm.code().push(0).push(0xff).op(JUMPI).push(9).returnTop());
    assertThat(Harness.word(r)).isEqualTo(9);
    CallExecutor.Result bad = Harness.run(Asm.code().push(1).push(0xff).op(JUMPI));
    assertThat(bad.status()).isEqualTo(Status.INVALID_JUMP);
  }

  @Test
  void pcAndGas() {
    CallExecutor.Result r = Harness.run(Asm.code().op(PUSH0, POP, PC).returnTop());
    assertThat(Harness.word(r)).isEqualTo(2);
    // GAS reports what is left after its own 2 gas: 1_000_000 - 2.
    r = Harness.run(Asm.code().op(GAS).returnTop());
    assertThat(Harness.word(r)).isEqualTo(1_000_000 - 2);
  }

  @Test
  void memoryExpansionIsChargedPerWordWithTheQuadraticTerm() {
    // PUSH1 1 (3), PUSH0 (2), MSTORE8 at offset 0 (3) plus one word of memory (3).
    CallExecutor.Result r = Harness.run(Asm.code().push(1).push(0).op(MSTORE8, STOP));
    assertThat(gasUsed(r)).isEqualTo(3 + 2 + 3 + 3);
    // PUSH2, MLOAD at 1024*32-32: 1024 words cost 3*1024 + 1024^2/512 = 5120.
    r = Harness.run(Asm.code().push(1024 * 32 - 32).op(MLOAD, STOP));
    assertThat(gasUsed(r)).isEqualTo(3 + 3 + 5120);
    r = Harness.run(Asm.code().push(33).op(MLOAD, POP, MSIZE).returnTop());
    assertThat(Harness.word(r)).isEqualTo(96);
  }

  @Test
  void hugeMemoryOffsetsRunOutOfGasButZeroLengthsAreFree() {
    CallExecutor.Result r = Harness.run(Asm.code().push(BigInteger.ONE.shiftLeft(64)).op(MLOAD));
    assertThat(r.status()).isEqualTo(Status.OUT_OF_GAS);
    // RETURN(2^200, 0) returns nothing and expands no memory.
    r = Harness.run(Asm.code().push(0).push(BigInteger.ONE.shiftLeft(200)).op(RETURN));
    assertThat(r.status()).isEqualTo(Status.RETURN);
    assertThat(r.output()).isEmpty();
    assertThat(gasUsed(r)).isEqualTo(2 + 3);
  }

  @Test
  void mstoreAndMloadRoundTripBigEndian() {
    BigInteger v =
        new BigInteger("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20", 16);
    CallExecutor.Result r =
        Harness.run(Asm.code().push(v).push(0).op(MSTORE).push(32).push(0).op(RETURN));
    assertThat(Hex.encodeNoPrefix(r.output()))
        .isEqualTo("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");
    // MLOAD at offset 1 shifts by one byte.
    r = Harness.run(Asm.code().push(v).push(0).op(MSTORE).push(1).op(MLOAD).returnTop());
    assertThat(Harness.word(r)).isEqualTo(v.shiftLeft(8).mod(BigInteger.ONE.shiftLeft(256)));
  }

  @Test
  void mcopyHandlesOverlapAndChargesCopyAndMemory() {
    // Memory 0..31 = 0x00 01 02 ... 1f; MCOPY(dest=1, src=0, size=31) shifts right by one byte.
    BigInteger v =
        new BigInteger("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", 16);
    CallExecutor.Result r =
        Harness.run(
            Asm.code()
                .push(v)
                .push(0)
                .op(MSTORE)
                .push(31)
                .push(0)
                .push(1)
                .op(MCOPY)
                .push(32)
                .push(0)
                .op(RETURN));
    assertThat(Hex.encodeNoPrefix(r.output()))
        .isEqualTo("00000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e");
    // MCOPY(dest=32, src=0, size=32) on empty memory: PUSH1, PUSH0, PUSH1 (8), 3 static,
    // 3 per word copied, 2 words of memory (6).
    r = Harness.run(Asm.code().push(32).push(0).push(32).op(MCOPY, STOP));
    assertThat(gasUsed(r)).isEqualTo(8 + 3 + 3 + 6);
    // Zero size touches no memory even at a huge offset.
    r =
        Harness.run(
            Asm.code()
                .push(0)
                .push(BigInteger.ONE.shiftLeft(100))
                .push(0)
                .op(MCOPY, MSIZE)
                .returnTop());
    assertThat(Harness.word(r)).isZero();
  }

  @Test
  void keccak256OfMemory() {
    // keccak256 of the empty string, and of 32 zero bytes.
    CallExecutor.Result r = Harness.run(Asm.code().push(0).push(0).op(KECCAK256).returnTop());
    assertThat(r.output()).isEqualTo(Keccak.EMPTY.toArray());
    r = Harness.run(Asm.code().push(32).push(0).op(KECCAK256).returnTop());
    assertThat(r.output()).isEqualTo(Keccak.hash(new byte[32]));
    // Gas: PUSH1 (3) + PUSH0 (2) + 30 + 6 per word + one word of memory (3).
    r = Harness.run(Asm.code().push(32).push(0).op(KECCAK256, STOP));
    assertThat(gasUsed(r)).isEqualTo(5 + 30 + 6 + 3);
  }

  @Test
  void revertKeepsGasAndReturnsData() {
    CallExecutor.Result r =
        Harness.run(Asm.code().push(0xaa).push(0).op(MSTORE8).push(1).push(0).op(REVERT));
    assertThat(r.status()).isEqualTo(Status.REVERT);
    assertThat(r.output()).containsExactly(0xaa);
    // PUSH1 (3), PUSH0 (2), MSTORE8 (3 + 3 memory), PUSH1 (3), PUSH0 (2), REVERT (0).
    assertThat(r.gasLeft()).isEqualTo(1_000_000 - (3 + 2 + 6 + 3 + 2));
  }
}
