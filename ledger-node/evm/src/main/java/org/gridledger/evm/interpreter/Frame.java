package org.gridledger.evm.interpreter;

import org.gridledger.evm.gas.GasCosts;
import org.gridledger.evm.tracing.FrameView;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.UInt256;

/**
 * One activation of code: a message call or a contract creation. Holds the machine state (pc, gas,
 * operand stack of four-limb words, memory, return data) and the call context. Frames are pooled by
 * the {@link CallExecutor} and reinitialised with {@link #init}; the stack array is allocated once
 * per frame object, so pushes and pops never allocate.
 *
 * <p>Stack layout: item {@code i} (0 = bottom) occupies {@code stack[4i..4i+3]}, least significant
 * limb first; {@code sp} counts limbs, so the top item starts at {@code sp - 4}.
 */
public final class Frame implements FrameView {
  static final byte[] EMPTY = new byte[0];

  // Call context.
  int kind;
  Address address;
  Address caller;
  Address codeAddress;
  UInt256 value;
  byte[] input;
  boolean isStatic;
  int depth;
  Code code;
  Host host;

  // Machine state.
  final long[] stack = new long[OpInfo.STACK_LIMIT * 4];
  int sp;
  int pc;
  long gas;
  long refund;
  final Memory memory = new Memory();
  byte[] returnData = EMPTY;
  byte[] output = EMPTY;

  // Set by CALL/CREATE when the frame suspends; consumed by the executor.
  CallRequest pendingCall;

  // Executor bookkeeping: the journal checkpoint to revert to if the frame fails.
  int checkpoint;

  // Scratch space for arithmetic, so instructions do not allocate.
  final long[] tmp = new long[16];
  final int[] work = new int[U256.DIV_WORK];

  /** Prepares a pooled frame for a new activation. */
  void init(
      Host host,
      int kind,
      Address address,
      Address caller,
      Address codeAddress,
      UInt256 value,
      byte[] input,
      boolean isStatic,
      int depth,
      Code code,
      long gas) {
    this.host = host;
    this.kind = kind;
    this.address = address;
    this.caller = caller;
    this.codeAddress = codeAddress;
    this.value = value;
    this.input = input;
    this.isStatic = isStatic;
    this.depth = depth;
    this.code = code;
    this.gas = gas;
    this.sp = 0;
    this.pc = 0;
    this.refund = 0;
    this.memory.reset();
    this.returnData = EMPTY;
    this.output = EMPTY;
    this.pendingCall = null;
  }

  /**
   * Charges for memory covering {@code [offset, offset + length)} and grows it. A zero length never
   * costs anything whatever the offset. Returns {@code false} if gas does not suffice (or the range
   * is absurdly large), in which case the frame must halt with {@link Status#OUT_OF_GAS}.
   */
  boolean chargeMemory(long offset, long length) {
    if (length == 0) {
      return true;
    }
    if (offset < 0 || length < 0 || offset > Memory.MAX_SIZE || length > Memory.MAX_SIZE) {
      return false;
    }
    long end = offset + length;
    if (end <= memory.size()) {
      return true;
    }
    if (end > Memory.MAX_SIZE) {
      return false;
    }
    long words = GasCosts.words(end);
    long cost = Memory.cost(words) - Memory.cost(memory.words());
    if (gas < cost) {
      return false;
    }
    gas -= cost;
    memory.grow(words);
    return true;
  }

  /** Charges {@code amount} gas; returns false (charging nothing) if not enough is left. */
  boolean charge(long amount) {
    if (gas < amount) {
      return false;
    }
    gas -= amount;
    return true;
  }

  /** The request left by a CALL or CREATE that suspended this frame. */
  public CallRequest pendingCall() {
    return pendingCall;
  }

  // ---------------------------------------------------------------- stack helpers

  void push(long[] limbs4, int from) {
    U256.copy(limbs4, from, stack, sp);
    sp += 4;
  }

  void pushLong(long v) {
    U256.setLong(stack, sp, v);
    sp += 4;
  }

  void pushUInt256(UInt256 v) {
    stack[sp] = v.u0();
    stack[sp + 1] = v.u1();
    stack[sp + 2] = v.u2();
    stack[sp + 3] = v.u3();
    sp += 4;
  }

  /** Pushes 32 big-endian bytes. */
  void pushBytes32(byte[] b) {
    stack[sp + 3] = Memory.readLong(b, 0);
    stack[sp + 2] = Memory.readLong(b, 8);
    stack[sp + 1] = Memory.readLong(b, 16);
    stack[sp] = Memory.readLong(b, 24);
    sp += 4;
  }

  void pushAddress(Address a) {
    byte[] b = a.unsafeBytes();
    stack[sp + 3] = 0;
    stack[sp + 2] =
        ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
    stack[sp + 1] = Memory.readLong(b, 4);
    stack[sp] = Memory.readLong(b, 12);
    sp += 4;
  }

  /** The item at limb offset {@code o} as a {@link UInt256}. */
  UInt256 toUInt256(int o) {
    return new UInt256(stack[o + 3], stack[o + 2], stack[o + 1], stack[o]);
  }

  /** The low 160 bits of the item at limb offset {@code o} as an address. */
  Address toAddress(int o) {
    byte[] b = new byte[Address.SIZE];
    long hi = stack[o + 2];
    b[0] = (byte) (hi >>> 24);
    b[1] = (byte) (hi >>> 16);
    b[2] = (byte) (hi >>> 8);
    b[3] = (byte) hi;
    Memory.writeLong(b, 4, stack[o + 1]);
    Memory.writeLong(b, 12, stack[o]);
    return Address.wrap(b);
  }

  // ---------------------------------------------------------------- FrameView

  @Override
  public int pc() {
    return pc;
  }

  @Override
  public long gas() {
    return gas;
  }

  @Override
  public int depth() {
    return depth;
  }

  @Override
  public long refund() {
    return refund;
  }

  @Override
  public int stackSize() {
    return sp >>> 2;
  }

  @Override
  public UInt256 stackItem(int i) {
    return toUInt256(4 * i);
  }

  @Override
  public int memorySize() {
    return memory.size();
  }

  @Override
  public byte[] memory() {
    return memory.slice(0, memory.size());
  }

  @Override
  public Address address() {
    return address;
  }

  @Override
  public int returnDataSize() {
    return returnData.length;
  }

  /** Gas left after the frame ended (or now). */
  public long gasLeft() {
    return gas;
  }

  /** RETURN or REVERT data of a finished frame. */
  public byte[] output() {
    return output;
  }
}
