package org.gridledger.evm.interpreter;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hex;

/** A tiny assembler for test bytecode. */
final class Asm {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  static Asm code() {
    return new Asm();
  }

  Asm op(int... opcodes) {
    for (int op : opcodes) {
      out.write(op);
    }
    return this;
  }

  /** Raw bytes in hex. */
  Asm raw(String hex) {
    out.writeBytes(Hex.decode(hex));
    return this;
  }

  /** The shortest PUSH of a non-negative value (PUSH0 for zero). */
  Asm push(BigInteger v) {
    if (v.signum() < 0) {
      v = v.add(BigInteger.ONE.shiftLeft(256));
    }
    if (v.signum() == 0) {
      return op(Opcodes.PUSH0);
    }
    byte[] b = v.toByteArray();
    int start = b[0] == 0 ? 1 : 0;
    int n = b.length - start;
    out.write(Opcodes.PUSH1 + n - 1);
    out.write(b, start, n);
    return this;
  }

  Asm push(long v) {
    return push(BigInteger.valueOf(v));
  }

  Asm push(String hex) {
    return push(new BigInteger(hex.startsWith("0x") ? hex.substring(2) : hex, 16));
  }

  Asm push(Address a) {
    out.write(Opcodes.PUSH1 + 19);
    out.writeBytes(a.toArray());
    return this;
  }

  /** PUSHn with exactly n bytes, for fixed-width jump targets. */
  Asm pushN(int n, long v) {
    out.write(Opcodes.PUSH1 + n - 1);
    for (int i = n - 1; i >= 0; i--) {
      out.write((int) (v >>> (8 * i)));
    }
    return this;
  }

  /** Stores the top of the stack at memory 0 and returns those 32 bytes. */
  Asm returnTop() {
    return push(0).op(Opcodes.MSTORE).push(32).push(0).op(Opcodes.RETURN);
  }

  /** SSTORE(key, top of stack). */
  Asm storeTop(long key) {
    return push(key).op(Opcodes.SSTORE);
  }

  int size() {
    return out.size();
  }

  byte[] bytes() {
    return out.toByteArray();
  }
}
