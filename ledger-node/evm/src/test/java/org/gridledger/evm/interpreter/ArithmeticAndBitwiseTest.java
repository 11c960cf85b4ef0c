package org.gridledger.evm.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridledger.evm.interpreter.Opcodes.*;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Arithmetic, comparison and bitwise instructions, run as bytecode and checked against a reference
 * written with {@link BigInteger} from the Yellow Paper definitions (an oracle independent of the
 * limb arithmetic), over edge values and random words; plus hand-worked cases.
 */
class ArithmeticAndBitwiseTest {
  private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);
  private static final BigInteger TWO_255 = BigInteger.ONE.shiftLeft(255);
  private static final BigInteger MAX = TWO_256.subtract(BigInteger.ONE);

  /** Edge values plus random words of assorted widths. */
  static List<BigInteger> operands() {
    List<BigInteger> v = new ArrayList<>();
    for (long x : new long[] {0, 1, 2, 3, 7, 31, 32, 255, 256, 0x7fffffffffffffffL}) {
      v.add(BigInteger.valueOf(x));
    }
    for (int bits : new int[] {32, 63, 64, 65, 127, 128, 129, 192, 255, 256}) {
      v.add(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).mod(TWO_256));
      v.add(BigInteger.ONE.shiftLeft(bits).mod(TWO_256));
    }
    v.add(TWO_255);
    v.add(MAX);
    v.add(MAX.subtract(BigInteger.ONE));
    Random rnd = new Random(42);
    for (int i = 0; i < 12; i++) {
      v.add(new BigInteger(1 + rnd.nextInt(256), rnd));
    }
    return v;
  }

  static BigInteger signed(BigInteger x) {
    return x.testBit(255) ? x.subtract(TWO_256) : x;
  }

  static BigInteger wrap(BigInteger x) {
    return x.mod(TWO_256);
  }

  /** Runs {@code a OP b} (a on top) and returns the result word. */
  static BigInteger binary(int op, BigInteger a, BigInteger b) {
    CallExecutor.Result r = Harness.run(Asm.code().push(b).push(a).op(op).returnTop());
    assertThat(r.isSuccess()).as("status %s", Status.name(r.status())).isTrue();
    return Harness.word(r);
  }

  static BigInteger ternary(int op, BigInteger a, BigInteger b, BigInteger c) {
    CallExecutor.Result r = Harness.run(Asm.code().push(c).push(b).push(a).op(op).returnTop());
    assertThat(r.isSuccess()).isTrue();
    return Harness.word(r);
  }

  private static void checkBinary(int op, BinaryOperator<BigInteger> reference) {
    List<BigInteger> values = operands();
    for (BigInteger a : values) {
      for (BigInteger b : values) {
        assertThat(binary(op, a, b))
            .as("%s(0x%s, 0x%s)", JumpTable.cancun().name(op), a.toString(16), b.toString(16))
            .isEqualTo(reference.apply(a, b));
      }
    }
  }

  private static BigInteger bool(boolean b) {
    return b ? BigInteger.ONE : BigInteger.ZERO;
  }

  @Test
  void addSubMul() {
    checkBinary(ADD, (a, b) -> wrap(a.add(b)));
    checkBinary(SUB, (a, b) -> wrap(a.subtract(b)));
    checkBinary(MUL, (a, b) -> wrap(a.multiply(b)));
  }

  @Test
  void divisionByZeroIsZeroAndSignedDivisionTruncates() {
    checkBinary(DIV, (a, b) -> b.signum() == 0 ? BigInteger.ZERO : a.divide(b));
    checkBinary(MOD, (a, b) -> b.signum() == 0 ? BigInteger.ZERO : a.mod(b));
    // BigInteger.divide and remainder truncate toward zero, as SDIV and SMOD require.
    checkBinary(
        SDIV, (a, b) -> b.signum() == 0 ? BigInteger.ZERO : wrap(signed(a).divide(signed(b))));
    checkBinary(
        SMOD, (a, b) -> b.signum() == 0 ? BigInteger.ZERO : wrap(signed(a).remainder(signed(b))));
  }

  @Test
  void sdivOfMostNegativeByMinusOneOverflowsToItself() {
    assertThat(binary(SDIV, TWO_255, MAX)).isEqualTo(TWO_255);
  }

  @Test
  void modularArithmeticUsesFullWidthIntermediates() {
    List<BigInteger> values = operands().subList(0, 20);
    List<BigInteger> moduli =
        List.of(
            BigInteger.ZERO,
            BigInteger.ONE,
            BigInteger.valueOf(7),
            BigInteger.ONE.shiftLeft(64).add(BigInteger.ONE),
            TWO_255.add(BigInteger.valueOf(19)),
            MAX);
    for (BigInteger a : values) {
      for (BigInteger b : values) {
        for (BigInteger n : moduli) {
          BigInteger add = n.signum() == 0 ? BigInteger.ZERO : a.add(b).mod(n);
          BigInteger mul = n.signum() == 0 ? BigInteger.ZERO : a.multiply(b).mod(n);
          assertThat(ternary(ADDMOD, a, b, n)).isEqualTo(add);
          assertThat(ternary(MULMOD, a, b, n)).isEqualTo(mul);
        }
      }
    }
    // (2^256 - 1) + (2^256 - 1) mod 2^256 - 1 = 0 needs the 257th bit.
    assertThat(ternary(ADDMOD, MAX, MAX, MAX)).isZero();
    assertThat(ternary(ADDMOD, MAX, BigInteger.ONE, BigInteger.TEN))
        .isEqualTo(TWO_256.mod(BigInteger.TEN));
    assertThat(ternary(MULMOD, MAX, MAX, BigInteger.valueOf(12)))
        .isEqualTo(MAX.multiply(MAX).mod(BigInteger.valueOf(12)));
  }

  @Test
  void exponentiation() {
    List<BigInteger> bases = operands().subList(0, 16);
    for (BigInteger a : bases) {
      for (BigInteger e :
          List.of(
              BigInteger.ZERO,
              BigInteger.ONE,
              BigInteger.TWO,
              BigInteger.valueOf(255),
              BigInteger.valueOf(256),
              MAX)) {
        assertThat(binary(EXP, a, e)).isEqualTo(a.modPow(e, TWO_256));
      }
    }
  }

  @Test
  void expChargesFiftyGasPerExponentByte() {
    // PUSH2 0x0100 (exponent, 2 bytes), PUSH1 2, EXP, STOP: 3 + 3 + 10 + 50 * 2.
    CallExecutor.Result r = Harness.run(Asm.code().pushN(2, 0x100).push(2).op(EXP, STOP));
    assertThat(1_000_000 - r.gasLeft()).isEqualTo(3 + 3 + 10 + 100);
  }

  @Test
  void comparisons() {
    checkBinary(LT, (a, b) -> bool(a.compareTo(b) < 0));
    checkBinary(GT, (a, b) -> bool(a.compareTo(b) > 0));
    checkBinary(SLT, (a, b) -> bool(signed(a).compareTo(signed(b)) < 0));
    checkBinary(SGT, (a, b) -> bool(signed(a).compareTo(signed(b)) > 0));
    checkBinary(EQ, (a, b) -> bool(a.equals(b)));
  }

  @Test
  void bitwise() {
    checkBinary(AND, BigInteger::and);
    checkBinary(OR, BigInteger::or);
    checkBinary(XOR, BigInteger::xor);
    for (BigInteger a : operands()) {
      CallExecutor.Result not = Harness.run(Asm.code().push(a).op(NOT).returnTop());
      assertThat(Harness.word(not)).isEqualTo(MAX.xor(a));
      CallExecutor.Result isZero = Harness.run(Asm.code().push(a).op(ISZERO).returnTop());
      assertThat(Harness.word(isZero)).isEqualTo(bool(a.signum() == 0));
    }
  }

  @Test
  void byteIndexesFromTheMostSignificantEnd() {
    checkBinary(
        BYTE,
        (i, x) ->
            i.compareTo(BigInteger.valueOf(32)) >= 0
                ? BigInteger.ZERO
                : x.shiftRight(8 * (31 - i.intValue())).and(BigInteger.valueOf(0xff)));
  }

  @Test
  void shifts() {
    BigInteger limit = BigInteger.valueOf(256);
    checkBinary(
        SHL, (s, v) -> s.compareTo(limit) >= 0 ? BigInteger.ZERO : wrap(v.shiftLeft(s.intValue())));
    checkBinary(
        SHR, (s, v) -> s.compareTo(limit) >= 0 ? BigInteger.ZERO : v.shiftRight(s.intValue()));
    checkBinary(
        SAR, (s, v) -> wrap(signed(v).shiftRight(s.compareTo(limit) >= 0 ? 256 : s.intValue())));
  }

  /** Examples from EIP-145 (value, shift, expected). */
  @ParameterizedTest
  @CsvSource({
    "SHL, 0x01, 0x00, 0x01",
    "SHL, 0x01, 0xff, 0x8000000000000000000000000000000000000000000000000000000000000000",
    "SHL, 0x01, 0x0100, 0x00",
    "SHL, 0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff, 0x01,"
        + " 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe",
    "SHR, 0x8000000000000000000000000000000000000000000000000000000000000000, 0x01,"
        + " 0x4000000000000000000000000000000000000000000000000000000000000000",
    "SHR, 0x8000000000000000000000000000000000000000000000000000000000000000, 0xff, 0x01",
    "SAR, 0x8000000000000000000000000000000000000000000000000000000000000000, 0x01,"
        + " 0xc000000000000000000000000000000000000000000000000000000000000000",
    "SAR, 0x8000000000000000000000000000000000000000000000000000000000000000, 0x0101,"
        + " 0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "SAR, 0x4000000000000000000000000000000000000000000000000000000000000000, 0xfe, 0x01",
    "SAR, 0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff, 0xf8, 0x7f",
  })
  void eip145Examples(String op, String value, String shift, String expected) {
    int opcode =
        switch (op) {
          case "SHL" -> SHL;
          case "SHR" -> SHR;
          default -> SAR;
        };
    BigInteger v = new BigInteger(value.substring(2), 16);
    BigInteger s = new BigInteger(shift.substring(2), 16);
    assertThat(binary(opcode, s, v)).isEqualTo(new BigInteger(expected.substring(2), 16));
  }

  @Test
  void signextend() {
    // SIGNEXTEND(0, 0xff) = -1; SIGNEXTEND(0, 0x7f) = 0x7f; SIGNEXTEND(1, 0x8000) sets bits 16+.
    assertThat(binary(SIGNEXTEND, BigInteger.ZERO, BigInteger.valueOf(0xff))).isEqualTo(MAX);
    assertThat(binary(SIGNEXTEND, BigInteger.ZERO, BigInteger.valueOf(0x7f)))
        .isEqualTo(BigInteger.valueOf(0x7f));
    assertThat(binary(SIGNEXTEND, BigInteger.ONE, BigInteger.valueOf(0x8000)))
        .isEqualTo(MAX.shiftLeft(16).mod(TWO_256).or(BigInteger.valueOf(0x8000)));
    // A set byte above the extended one is cleared when the sign is positive.
    assertThat(binary(SIGNEXTEND, BigInteger.ZERO, BigInteger.valueOf(0xff7f)))
        .isEqualTo(BigInteger.valueOf(0x7f));
    // Index 31 or more leaves the value alone.
    assertThat(binary(SIGNEXTEND, BigInteger.valueOf(31), BigInteger.valueOf(0x80)))
        .isEqualTo(BigInteger.valueOf(0x80));
    assertThat(binary(SIGNEXTEND, MAX, BigInteger.valueOf(0x80)))
        .isEqualTo(BigInteger.valueOf(0x80));
    checkBinary(
        SIGNEXTEND,
        (b, x) -> {
          if (b.compareTo(BigInteger.valueOf(31)) >= 0) {
            return x;
          }
          int bit = b.intValue() * 8 + 7;
          BigInteger low = x.and(BigInteger.ONE.shiftLeft(bit + 1).subtract(BigInteger.ONE));
          return x.testBit(bit) ? low.or(MAX.shiftLeft(bit + 1).mod(TWO_256)) : low;
        });
  }
}
