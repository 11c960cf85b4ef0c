package org.gridledger.evm.interpreter;

import org.gridledger.evm.gas.GasCosts;
import org.gridledger.evm.state.JournaledState;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;

/**
 * Instructions about the executing account, the call and other accounts (0x30–0x3f, SELFBALANCE).
 * Account reads pay the EIP-2929 cold surcharge on first access in the transaction.
 */
final class EnvironmentOps {
  private EnvironmentOps() {}

  private static final long COLD_SURCHARGE = GasCosts.COLD_ACCOUNT_ACCESS - GasCosts.WARM_ACCESS;

  /** Warms {@code a}, charging the cold surcharge if it was cold; false if out of gas. */
  static boolean accessAccount(Frame f, Address a) {
    return !f.host.state.warmAccount(a) || f.charge(COLD_SURCHARGE);
  }

  /** Implements ADDRESS. */
  static int address(Frame f) {
    f.pushAddress(f.address);
    return Status.CONTINUE;
  }

  /** Implements BALANCE (EIP-2929 access cost). */
  static int balance(Frame f) {
    int o = f.sp - 4;
    Address a = f.toAddress(o);
    if (!accessAccount(f, a)) {
      return Status.OUT_OF_GAS;
    }
    f.sp = o;
    f.pushUInt256(f.host.state.balance(a));
    return Status.CONTINUE;
  }

  /** Implements ORIGIN. */
  static int origin(Frame f) {
    f.pushAddress(f.host.origin);
    return Status.CONTINUE;
  }

  /** Implements CALLER. */
  static int caller(Frame f) {
    f.pushAddress(f.caller);
    return Status.CONTINUE;
  }

  /** Implements CALLVALUE. */
  static int callvalue(Frame f) {
    f.pushUInt256(f.value);
    return Status.CONTINUE;
  }

  /** Implements CALLDATALOAD: 32 bytes of input at the offset, zero-padded. */
  static int calldataload(Frame f) {
    long[] s = f.stack;
    int o = f.sp - 4;
    byte[] input = f.input;
    long offset = U256.toLongSaturated(s, o);
    if (offset >= input.length) {
      U256.setZero(s, o);
      return Status.CONTINUE;
    }
    int start = (int) offset;
    if (start + 32 <= input.length) {
      s[o + 3] = Memory.readLong(input, start);
      s[o + 2] = Memory.readLong(input, start + 8);
      s[o + 1] = Memory.readLong(input, start + 16);
      s[o] = Memory.readLong(input, start + 24);
    } else {
      byte[] word = new byte[32];
      System.arraycopy(input, start, word, 0, input.length - start);
      f.sp = o;
      f.pushBytes32(word);
    }
    return Status.CONTINUE;
  }

  /** Implements CALLDATASIZE. */
  static int calldatasize(Frame f) {
    f.pushLong(f.input.length);
    return Status.CONTINUE;
  }

  /**
   * The shared shape of CALLDATACOPY, CODECOPY, EXTCODECOPY and RETURNDATACOPY: memory expansion
   * for the destination plus 3 gas per word copied. Returns the destination offset, or -1 if out of
   * gas. A zero size never touches memory.
   */
  private static long chargeCopy(Frame f, int destIdx, int sizeIdx) {
    long[] s = f.stack;
    long dest = U256.toLongSaturated(s, destIdx);
    long size = U256.toLongSaturated(s, sizeIdx);
    if (!f.chargeMemory(dest, size)) {
      return -1;
    }
    if (!f.charge(GasCosts.COPY_WORD * GasCosts.words(size))) {
      return -1;
    }
    return size == 0 ? 0 : dest;
  }

  /** Implements CALLDATACOPY(destOffset, offset, size). */
  static int calldatacopy(Frame f) {
    int sp = f.sp;
    long dest = chargeCopy(f, sp - 4, sp - 12);
    if (dest < 0) {
      return Status.OUT_OF_GAS;
    }
    long size = U256.toLongSaturated(f.stack, sp - 12);
    if (size > 0) {
      long offset = U256.toLongSaturated(f.stack, sp - 8);
      f.memory.copyIn((int) dest, f.input, offset, (int) size);
    }
    f.sp = sp - 12;
    return Status.CONTINUE;
  }

  /** Implements CODESIZE. */
  static int codesize(Frame f) {
    f.pushLong(f.code.length);
    return Status.CONTINUE;
  }

  /** Implements CODECOPY(destOffset, offset, size). */
  static int codecopy(Frame f) {
    int sp = f.sp;
    long dest = chargeCopy(f, sp - 4, sp - 12);
    if (dest < 0) {
      return Status.OUT_OF_GAS;
    }
    long size = U256.toLongSaturated(f.stack, sp - 12);
    if (size > 0) {
      long offset = U256.toLongSaturated(f.stack, sp - 8);
      // The padding after the code is zeros, so copying from the padded array is exact.
      f.memory.copyIn((int) dest, f.code.padded, offset, (int) size);
    }
    f.sp = sp - 12;
    return Status.CONTINUE;
  }

  /** Implements GASPRICE: the effective gas price of the transaction. */
  static int gasprice(Frame f) {
    f.pushUInt256(f.host.gasPrice);
    return Status.CONTINUE;
  }

  /** Implements EXTCODESIZE (EIP-2929 access cost). */
  static int extcodesize(Frame f) {
    int o = f.sp - 4;
    Address a = f.toAddress(o);
    if (!accessAccount(f, a)) {
      return Status.OUT_OF_GAS;
    }
    U256.setLong(f.stack, o, f.host.state.code(a).length);
    return Status.CONTINUE;
  }

  /** Implements EXTCODECOPY(address, destOffset, offset, size). */
  static int extcodecopy(Frame f) {
    int sp = f.sp;
    Address a = f.toAddress(sp - 4);
    if (!accessAccount(f, a)) {
      return Status.OUT_OF_GAS;
    }
    long dest = chargeCopy(f, sp - 8, sp - 16);
    if (dest < 0) {
      return Status.OUT_OF_GAS;
    }
    long size = U256.toLongSaturated(f.stack, sp - 16);
    if (size > 0) {
      long offset = U256.toLongSaturated(f.stack, sp - 12);
      f.memory.copyIn((int) dest, f.host.state.code(a), offset, (int) size);
    }
    f.sp = sp - 16;
    return Status.CONTINUE;
  }

  /** Implements RETURNDATASIZE (EIP-211). */
  static int returndatasize(Frame f) {
    f.pushLong(f.returnData.length);
    return Status.CONTINUE;
  }

  /**
   * Implements RETURNDATACOPY(destOffset, offset, size) (EIP-211): reading past the end of the
   * return data is an exceptional halt, even for a zero size with an out-of-range offset.
   */
  static int returndatacopy(Frame f) {
    int sp = f.sp;
    long[] s = f.stack;
    long offset = U256.fitsUnsignedLong(s, sp - 8) ? s[sp - 8] : -1;
    long size = U256.toLongSaturated(s, sp - 12);
    if (offset < 0 || Long.compareUnsigned(offset, f.returnData.length) > 0) {
      return Status.RETURN_DATA_OUT_OF_BOUNDS;
    }
    if (size > f.returnData.length - offset) {
      return Status.RETURN_DATA_OUT_OF_BOUNDS;
    }
    long dest = chargeCopy(f, sp - 4, sp - 12);
    if (dest < 0) {
      return Status.OUT_OF_GAS;
    }
    if (size > 0) {
      f.memory.copyIn((int) dest, f.returnData, offset, (int) size);
    }
    f.sp = sp - 12;
    return Status.CONTINUE;
  }

  /** Implements EXTCODEHASH (EIP-1052): 0 for an empty or missing account. */
  static int extcodehash(Frame f) {
    int o = f.sp - 4;
    Address a = f.toAddress(o);
    if (!accessAccount(f, a)) {
      return Status.OUT_OF_GAS;
    }
    JournaledState state = f.host.state;
    f.sp = o;
    if (state.isEmpty(a)) {
      f.pushLong(0);
    } else {
      Hash h = state.codeHash(a);
      f.pushBytes32(h.unsafeBytes());
    }
    return Status.CONTINUE;
  }

  /** Implements SELFBALANCE (EIP-1884). */
  static int selfbalance(Frame f) {
    f.pushUInt256(f.host.state.balance(f.address));
    return Status.CONTINUE;
  }
}
