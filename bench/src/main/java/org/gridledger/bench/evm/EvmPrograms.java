package org.gridledger.bench.evm;

import java.util.List;

/**
 * Loop programs that each stress one part of an interpreter. Each runs a fixed number of iterations
 * (chosen so a run costs roughly 20–30 million gas) and stops; gas per run is measured, not
 * assumed.
 */
public final class EvmPrograms {

  /** A named program: runtime code and calldata. */
  public record Program(String name, String description, byte[] code, byte[] calldata) {}

  private EvmPrograms() {}

  public static List<Program> all() {
    return List.of(arithmeticLoop(), memoryLoop(), keccakLoop(), storageLoop(), callLoop());
  }

  /** Counter loop with MUL/ADD in the body: 45 gas per iteration of cheap stack arithmetic. */
  public static Program arithmeticLoop() {
    byte[] code =
        new Assembler()
            .push(550_000)
            .label("loop")
            .push(1)
            .op("SWAP1 SUB DUP1")
            .push(7)
            .op("MUL")
            .push(3)
            .op("ADD POP DUP1")
            .pushLabel("loop")
            .op("JUMPI STOP")
            .build();
    return new Program(
        "arith-loop", "tight loop of PUSH/SWAP/SUB/MUL/ADD/JUMPI", code, new byte[0]);
  }

  /** MSTORE then MLOAD of the counter at an offset cycling through 4 KiB. */
  public static Program memoryLoop() {
    byte[] code =
        new Assembler()
            .push(500_000)
            .label("loop")
            .push(1)
            .op("SWAP1 SUB DUP1")
            .push(0x0fe0)
            .op("AND DUP2 DUP2 MSTORE MLOAD POP DUP1")
            .pushLabel("loop")
            .op("JUMPI STOP")
            .build();
    return new Program("memory-loop", "MSTORE/MLOAD over a 4 KiB window", code, new byte[0]);
  }

  /** KECCAK256 of 64 bytes of memory per iteration. */
  public static Program keccakLoop() {
    byte[] code =
        new Assembler()
            .push(300_000)
            .label("loop")
            .push(1)
            .op("SWAP1 SUB DUP1")
            .push(0)
            .op("MSTORE")
            .push(64)
            .push(0)
            .op("KECCAK256 POP DUP1")
            .pushLabel("loop")
            .op("JUMPI STOP")
            .build();
    return new Program("keccak-loop", "KECCAK256 of 64 bytes per iteration", code, new byte[0]);
  }

  /** SSTORE then SLOAD of one warm slot per iteration. */
  public static Program storageLoop() {
    byte[] code =
        new Assembler()
            .push(100_000)
            .label("loop")
            .push(1)
            .op("SWAP1 SUB DUP1")
            .push(1)
            .op("SSTORE")
            .push(1)
            .op("SLOAD POP DUP1")
            .pushLabel("loop")
            .op("JUMPI STOP")
            .build();
    return new Program("storage-loop", "SSTORE/SLOAD of a warm slot", code, new byte[0]);
  }

  /** STATICCALL to the identity precompile with 32 bytes per iteration. */
  public static Program callLoop() {
    byte[] code =
        new Assembler()
            .push(100_000)
            .label("loop")
            .push(1)
            .op("SWAP1 SUB")
            .push(32)
            .push(0)
            .push(32)
            .push(0)
            .push(4)
            .op("GAS STATICCALL POP DUP1")
            .pushLabel("loop")
            .op("JUMPI STOP")
            .build();
    return new Program("call-loop", "STATICCALL to the identity precompile", code, new byte[0]);
  }
}
