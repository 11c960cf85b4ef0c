package org.gridledger.evm.interpreter;

import static org.gridledger.evm.interpreter.Opcodes.*;

import org.gridledger.evm.gas.GasCosts;

/**
 * One enabler per EIP that changed the instruction table, applied in fork order by {@link
 * JumpTable}. Each adds opcodes or changes constant gas; the semantics live in the operation
 * classes. Gas numbers are the protocol's (Yellow Paper appendix G and the EIPs named).
 */
final class Eips {
  private Eips() {}

  /** The Frontier instruction set. */
  static JumpTable.Builder frontier() {
    JumpTable.Builder b = JumpTable.Builder.empty();
    b.add(STOP, OpInfo.of("STOP", 0, 0, GasCosts.ZERO));
    b.add(ADD, OpInfo.of("ADD", 2, 1, GasCosts.VERY_LOW));
    b.add(MUL, OpInfo.of("MUL", 2, 1, GasCosts.LOW));
    b.add(SUB, OpInfo.of("SUB", 2, 1, GasCosts.VERY_LOW));
    b.add(DIV, OpInfo.of("DIV", 2, 1, GasCosts.LOW));
    b.add(SDIV, OpInfo.of("SDIV", 2, 1, GasCosts.LOW));
    b.add(MOD, OpInfo.of("MOD", 2, 1, GasCosts.LOW));
    b.add(SMOD, OpInfo.of("SMOD", 2, 1, GasCosts.LOW));
    b.add(ADDMOD, OpInfo.of("ADDMOD", 3, 1, GasCosts.MID));
    b.add(MULMOD, OpInfo.of("MULMOD", 3, 1, GasCosts.MID));
    b.add(EXP, OpInfo.of("EXP", 2, 1, GasCosts.EXP)); // + 50 per exponent byte (EIP-160)
    b.add(SIGNEXTEND, OpInfo.of("SIGNEXTEND", 2, 1, GasCosts.LOW));
    b.add(LT, OpInfo.of("LT", 2, 1, GasCosts.VERY_LOW));
    b.add(GT, OpInfo.of("GT", 2, 1, GasCosts.VERY_LOW));
    b.add(SLT, OpInfo.of("SLT", 2, 1, GasCosts.VERY_LOW));
    b.add(SGT, OpInfo.of("SGT", 2, 1, GasCosts.VERY_LOW));
    b.add(EQ, OpInfo.of("EQ", 2, 1, GasCosts.VERY_LOW));
    b.add(ISZERO, OpInfo.of("ISZERO", 1, 1, GasCosts.VERY_LOW));
    b.add(AND, OpInfo.of("AND", 2, 1, GasCosts.VERY_LOW));
    b.add(OR, OpInfo.of("OR", 2, 1, GasCosts.VERY_LOW));
    b.add(XOR, OpInfo.of("XOR", 2, 1, GasCosts.VERY_LOW));
    b.add(NOT, OpInfo.of("NOT", 1, 1, GasCosts.VERY_LOW));
    b.add(BYTE, OpInfo.of("BYTE", 2, 1, GasCosts.VERY_LOW));
    b.add(KECCAK256, OpInfo.of("KECCAK256", 2, 1, GasCosts.KECCAK256));
    b.add(ADDRESS, OpInfo.of("ADDRESS", 0, 1, GasCosts.BASE));
    b.add(BALANCE, OpInfo.of("BALANCE", 1, 1, 20));
    b.add(ORIGIN, OpInfo.of("ORIGIN", 0, 1, GasCosts.BASE));
    b.add(CALLER, OpInfo.of("CALLER", 0, 1, GasCosts.BASE));
    b.add(CALLVALUE, OpInfo.of("CALLVALUE", 0, 1, GasCosts.BASE));
    b.add(CALLDATALOAD, OpInfo.of("CALLDATALOAD", 1, 1, GasCosts.VERY_LOW));
    b.add(CALLDATASIZE, OpInfo.of("CALLDATASIZE", 0, 1, GasCosts.BASE));
    b.add(CALLDATACOPY, OpInfo.of("CALLDATACOPY", 3, 0, GasCosts.VERY_LOW));
    b.add(CODESIZE, OpInfo.of("CODESIZE", 0, 1, GasCosts.BASE));
    b.add(CODECOPY, OpInfo.of("CODECOPY", 3, 0, GasCosts.VERY_LOW));
    b.add(GASPRICE, OpInfo.of("GASPRICE", 0, 1, GasCosts.BASE));
    b.add(EXTCODESIZE, OpInfo.of("EXTCODESIZE", 1, 1, 20));
    b.add(EXTCODECOPY, OpInfo.of("EXTCODECOPY", 4, 0, 20));
    b.add(BLOCKHASH, OpInfo.of("BLOCKHASH", 1, 1, GasCosts.BLOCKHASH));
    b.add(COINBASE, OpInfo.of("COINBASE", 0, 1, GasCosts.BASE));
    b.add(TIMESTAMP, OpInfo.of("TIMESTAMP", 0, 1, GasCosts.BASE));
    b.add(NUMBER, OpInfo.of("NUMBER", 0, 1, GasCosts.BASE));
    b.add(PREVRANDAO, OpInfo.of("DIFFICULTY", 0, 1, GasCosts.BASE));
    b.add(GASLIMIT, OpInfo.of("GASLIMIT", 0, 1, GasCosts.BASE));
    b.add(POP, OpInfo.of("POP", 1, 0, GasCosts.BASE));
    b.add(MLOAD, OpInfo.of("MLOAD", 1, 1, GasCosts.VERY_LOW));
    b.add(MSTORE, OpInfo.of("MSTORE", 2, 0, GasCosts.VERY_LOW));
    b.add(MSTORE8, OpInfo.of("MSTORE8", 2, 0, GasCosts.VERY_LOW));
    b.add(SLOAD, OpInfo.of("SLOAD", 1, 1, 50));
    b.add(SSTORE, OpInfo.of("SSTORE", 2, 0, 0)); // all dynamic
    b.add(JUMP, OpInfo.of("JUMP", 1, 0, GasCosts.MID));
    b.add(JUMPI, OpInfo.of("JUMPI", 2, 0, GasCosts.HIGH));
    b.add(PC, OpInfo.of("PC", 0, 1, GasCosts.BASE));
    b.add(MSIZE, OpInfo.of("MSIZE", 0, 1, GasCosts.BASE));
    b.add(GAS, OpInfo.of("GAS", 0, 1, GasCosts.BASE));
    b.add(JUMPDEST, OpInfo.of("JUMPDEST", 0, 0, GasCosts.JUMPDEST));
    for (int n = 1; n <= 32; n++) {
      b.add(PUSH1 + n - 1, new OpInfo("PUSH" + n, 0, 1, n, GasCosts.VERY_LOW));
    }
    for (int n = 1; n <= 16; n++) {
      b.add(DUP1 + n - 1, OpInfo.of("DUP" + n, n, n + 1, GasCosts.VERY_LOW));
      b.add(SWAP1 + n - 1, OpInfo.of("SWAP" + n, n + 1, n + 1, GasCosts.VERY_LOW));
    }
    for (int n = 0; n <= 4; n++) {
      // Constant part of a log; the 8 gas per data byte and memory are dynamic.
      b.add(LOG0 + n, OpInfo.of("LOG" + n, 2 + n, 0, GasCosts.LOG + n * GasCosts.LOG_TOPIC));
    }
    b.add(CREATE, OpInfo.of("CREATE", 3, 1, GasCosts.CREATE));
    b.add(CALL, OpInfo.of("CALL", 7, 1, 40));
    b.add(CALLCODE, OpInfo.of("CALLCODE", 7, 1, 40));
    b.add(RETURN, OpInfo.of("RETURN", 2, 0, GasCosts.ZERO));
    b.add(INVALID, OpInfo.of("INVALID", 0, 0, GasCosts.ZERO));
    b.add(SELFDESTRUCT, OpInfo.of("SELFDESTRUCT", 1, 0, GasCosts.ZERO));
    return b;
  }

  /** EIP-7 (Homestead): DELEGATECALL. */
  static void eip7(JumpTable.Builder b) {
    b.add(DELEGATECALL, OpInfo.of("DELEGATECALL", 6, 1, 40));
  }

  /** EIP-150 (Tangerine Whistle): repricing of IO-heavy operations. */
  static void eip150(JumpTable.Builder b) {
    b.update(BALANCE, i -> i.withStaticGas(400));
    b.update(EXTCODESIZE, i -> i.withStaticGas(700));
    b.update(EXTCODECOPY, i -> i.withStaticGas(700));
    b.update(SLOAD, i -> i.withStaticGas(200));
    b.update(CALL, i -> i.withStaticGas(700));
    b.update(CALLCODE, i -> i.withStaticGas(700));
    b.update(DELEGATECALL, i -> i.withStaticGas(700));
    b.update(SELFDESTRUCT, i -> i.withStaticGas(GasCosts.SELFDESTRUCT));
  }

  /** EIP-140 (Byzantium): REVERT. */
  static void eip140(JumpTable.Builder b) {
    b.add(REVERT, OpInfo.of("REVERT", 2, 0, GasCosts.ZERO));
  }

  /** EIP-211 (Byzantium): return data buffer. */
  static void eip211(JumpTable.Builder b) {
    b.add(RETURNDATASIZE, OpInfo.of("RETURNDATASIZE", 0, 1, GasCosts.BASE));
    b.add(RETURNDATACOPY, OpInfo.of("RETURNDATACOPY", 3, 0, GasCosts.VERY_LOW));
  }

  /** EIP-214 (Byzantium): STATICCALL. */
  static void eip214(JumpTable.Builder b) {
    b.add(STATICCALL, OpInfo.of("STATICCALL", 6, 1, 700));
  }

  /** EIP-145 (Constantinople): bitwise shifts. */
  static void eip145(JumpTable.Builder b) {
    b.add(SHL, OpInfo.of("SHL", 2, 1, GasCosts.VERY_LOW));
    b.add(SHR, OpInfo.of("SHR", 2, 1, GasCosts.VERY_LOW));
    b.add(SAR, OpInfo.of("SAR", 2, 1, GasCosts.VERY_LOW));
  }

  /** EIP-1014 (Constantinople): CREATE2. */
  static void eip1014(JumpTable.Builder b) {
    b.add(CREATE2, OpInfo.of("CREATE2", 4, 1, GasCosts.CREATE));
  }

  /** EIP-1052 (Constantinople): EXTCODEHASH. */
  static void eip1052(JumpTable.Builder b) {
    b.add(EXTCODEHASH, OpInfo.of("EXTCODEHASH", 1, 1, 400));
  }

  /** EIP-1344 (Istanbul): CHAINID. */
  static void eip1344(JumpTable.Builder b) {
    b.add(CHAINID, OpInfo.of("CHAINID", 0, 1, GasCosts.BASE));
  }

  /** EIP-1884 (Istanbul): trie-size-dependent repricing and SELFBALANCE. */
  static void eip1884(JumpTable.Builder b) {
    b.update(SLOAD, i -> i.withStaticGas(800));
    b.update(BALANCE, i -> i.withStaticGas(700));
    b.update(EXTCODEHASH, i -> i.withStaticGas(700));
    b.add(SELFBALANCE, OpInfo.of("SELFBALANCE", 0, 1, GasCosts.LOW));
  }

  /**
   * EIP-2929 (Berlin): state access costs a warm 100 up front; the cold surcharge is dynamic. SLOAD
   * is fully dynamic (100 warm, 2100 cold).
   */
  static void eip2929(JumpTable.Builder b) {
    b.update(SLOAD, i -> i.withStaticGas(0));
    for (int op : new int[] {BALANCE, EXTCODESIZE, EXTCODECOPY, EXTCODEHASH}) {
      b.update(op, i -> i.withStaticGas(GasCosts.WARM_ACCESS));
    }
    for (int op : new int[] {CALL, CALLCODE, DELEGATECALL, STATICCALL}) {
      b.update(op, i -> i.withStaticGas(GasCosts.WARM_ACCESS));
    }
  }

  /** EIP-3198 (London): BASEFEE. */
  static void eip3198(JumpTable.Builder b) {
    b.add(BASEFEE, OpInfo.of("BASEFEE", 0, 1, GasCosts.BASE));
  }

  /** EIP-4399 (Paris): DIFFICULTY returns the beacon chain's randomness. */
  static void eip4399(JumpTable.Builder b) {
    b.update(PREVRANDAO, i -> new OpInfo("PREVRANDAO", 0, 1, 0, i.staticGas()));
  }

  /** EIP-3855 (Shanghai): PUSH0. */
  static void eip3855(JumpTable.Builder b) {
    b.add(PUSH0, OpInfo.of("PUSH0", 0, 1, GasCosts.BASE));
  }

  /** EIP-1153 (Cancun): transient storage. */
  static void eip1153(JumpTable.Builder b) {
    b.add(TLOAD, OpInfo.of("TLOAD", 1, 1, GasCosts.TRANSIENT));
    b.add(TSTORE, OpInfo.of("TSTORE", 2, 0, GasCosts.TRANSIENT));
  }

  /** EIP-5656 (Cancun): MCOPY. */
  static void eip5656(JumpTable.Builder b) {
    b.add(MCOPY, OpInfo.of("MCOPY", 3, 0, GasCosts.VERY_LOW));
  }

  /** EIP-4844 (Cancun): BLOBHASH. */
  static void eip4844(JumpTable.Builder b) {
    b.add(BLOBHASH, OpInfo.of("BLOBHASH", 1, 1, GasCosts.VERY_LOW));
  }

  /** EIP-7516 (Cancun): BLOBBASEFEE. */
  static void eip7516(JumpTable.Builder b) {
    b.add(BLOBBASEFEE, OpInfo.of("BLOBBASEFEE", 0, 1, GasCosts.BASE));
  }
}
