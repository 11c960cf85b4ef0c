package org.gridledger.evm.interpreter;

/**
 * What the interpreter loop needs to know about an opcode before it runs it: how many stack items
 * it takes and leaves, how many immediate bytes follow it, and its constant gas. Dynamic gas
 * (memory, cold access, copies, ...) is charged by the operation itself.
 *
 * @param name mnemonic for traces, e.g. {@code PUSH1}
 * @param pops stack items consumed
 * @param pushes stack items produced
 * @param immediates immediate bytes following the opcode (1..32 for PUSH1..PUSH32)
 * @param staticGas gas charged before the operation runs
 */
public record OpInfo(String name, int pops, int pushes, int immediates, int staticGas) {
  /** Maximum number of items on the operand stack. */
  public static final int STACK_LIMIT = 1024;

  public OpInfo {
    if (pops < 0 || pushes < 0 || immediates < 0 || staticGas < 0) {
      throw new IllegalArgumentException("negative field in " + name);
    }
  }

  /** An instruction without immediates. */
  public static OpInfo of(String name, int pops, int pushes, int staticGas) {
    return new OpInfo(name, pops, pushes, 0, staticGas);
  }

  /** Fewest items the stack must hold for the operation to run. */
  public int minStack() {
    return pops;
  }

  /** Most items the stack may hold for the operation to run without exceeding the limit. */
  public int maxStack() {
    return STACK_LIMIT + pops - pushes;
  }

  /** The same operation with another constant gas (a repricing EIP). */
  public OpInfo withStaticGas(int gas) {
    return new OpInfo(name, pops, pushes, immediates, gas);
  }
}
