package org.gridledger.bench.evm;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

/**
 * A tiny EVM assembler for benchmark programs: opcodes by name, minimal-width pushes and two-byte
 * label references patched when the program is built.
 */
final class Assembler {
  private static final Map<String, Integer> OPS =
      Map.ofEntries(
          Map.entry("STOP", 0x00),
          Map.entry("ADD", 0x01),
          Map.entry("MUL", 0x02),
          Map.entry("SUB", 0x03),
          Map.entry("DIV", 0x04),
          Map.entry("MOD", 0x06),
          Map.entry("ADDMOD", 0x08),
          Map.entry("MULMOD", 0x09),
          Map.entry("EXP", 0x0a),
          Map.entry("LT", 0x10),
          Map.entry("GT", 0x11),
          Map.entry("EQ", 0x14),
          Map.entry("ISZERO", 0x15),
          Map.entry("AND", 0x16),
          Map.entry("OR", 0x17),
          Map.entry("XOR", 0x18),
          Map.entry("SHL", 0x1b),
          Map.entry("SHR", 0x1c),
          Map.entry("KECCAK256", 0x20),
          Map.entry("CALLDATALOAD", 0x35),
          Map.entry("CALLDATASIZE", 0x36),
          Map.entry("CALLDATACOPY", 0x37),
          Map.entry("RETURNDATASIZE", 0x3d),
          Map.entry("POP", 0x50),
          Map.entry("MLOAD", 0x51),
          Map.entry("MSTORE", 0x52),
          Map.entry("SLOAD", 0x54),
          Map.entry("SSTORE", 0x55),
          Map.entry("JUMP", 0x56),
          Map.entry("JUMPI", 0x57),
          Map.entry("GAS", 0x5a),
          Map.entry("JUMPDEST", 0x5b),
          Map.entry("PUSH0", 0x5f),
          Map.entry("DUP1", 0x80),
          Map.entry("DUP2", 0x81),
          Map.entry("DUP3", 0x82),
          Map.entry("DUP4", 0x83),
          Map.entry("SWAP1", 0x90),
          Map.entry("SWAP2", 0x91),
          Map.entry("CALL", 0xf1),
          Map.entry("RETURN", 0xf3),
          Map.entry("STATICCALL", 0xfa),
          Map.entry("REVERT", 0xfd));

  private final ByteArrayOutputStream code = new ByteArrayOutputStream();
  private final Map<String, Integer> labels = new HashMap<>();
  private final Map<Integer, String> fixups = new HashMap<>();

  /** Appends opcodes by name, separated by spaces. */
  Assembler op(String names) {
    for (String n : names.trim().split("\\s+")) {
      Integer op = OPS.get(n);
      if (op == null) {
        throw new IllegalArgumentException("unknown opcode " + n);
      }
      code.write(op);
    }
    return this;
  }

  /** PUSHn of the smallest width that holds {@code value} (PUSH1 for zero). */
  Assembler push(BigInteger value) {
    byte[] b = value.toByteArray();
    int off = b.length > 1 && b[0] == 0 ? 1 : 0;
    int len = b.length - off;
    code.write(0x60 + len - 1);
    code.write(b, off, len);
    return this;
  }

  Assembler push(long value) {
    return push(BigInteger.valueOf(value));
  }

  /** Marks a jump destination here (emits JUMPDEST). */
  Assembler label(String name) {
    labels.put(name, code.size());
    code.write(0x5b);
    return this;
  }

  /** PUSH2 of a label's offset, resolved in {@link #build()}. */
  Assembler pushLabel(String name) {
    code.write(0x61);
    fixups.put(code.size(), name);
    code.write(0);
    code.write(0);
    return this;
  }

  byte[] build() {
    byte[] out = code.toByteArray();
    for (Map.Entry<Integer, String> f : fixups.entrySet()) {
      Integer target = labels.get(f.getValue());
      if (target == null) {
        throw new IllegalStateException("undefined label " + f.getValue());
      }
      out[f.getKey()] = (byte) (target >>> 8);
      out[f.getKey() + 1] = (byte) (int) target;
    }
    return out;
  }
}
