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
    return List.of(
        arithmeticLoop(),
        memoryLoop(),
        keccakLoop(),
        storageLoop(),
        callLoop(),
        tokenTransferLoop(),
        modexpLoop(),
        pairingLoop());
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

  /**
   * An ERC-20 style transfer done inline, hand-assembled: per iteration the sender's balance slot
   * {@code keccak(caller ‖ 0)} is read, checked and decreased, the recipient's slot (recipient =
   * the counter) is increased, and a {@code Transfer(from, to, value)} LOG3 is emitted. The first
   * write makes the sender's slot non-zero; every later iteration touches one new recipient slot.
   */
  public static Program tokenTransferLoop() {
    byte[] transferTopic =
        new java.math.BigInteger(
                "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef", 16)
            .toByteArray();
    Assembler a = new Assembler();
    // Give the sender a large balance: sstore(keccak(caller, 0), 2^200).
    a.op("CALLER").push(0).op("MSTORE").push(0).push(32).op("MSTORE");
    a.push(java.math.BigInteger.ONE.shiftLeft(200)).push(64).push(0).op("KECCAK256 SSTORE");
    a.push(900);
    a.label("loop");
    a.push(1).op("SWAP1 SUB"); // counter = recipient
    // from balance: slot keccak(caller ‖ 0) is still in memory [0, 64)
    a.push(64).push(0).op("KECCAK256 DUP1 SLOAD"); // counter, slotFrom, balFrom
    a.push(1).op("DUP2 LT"); // balFrom < 1 ?
    a.pushLabel("fail").op("JUMPI");
    a.push(1).op("SWAP1 SUB SWAP1 SSTORE"); // balFrom - 1 → slotFrom
    // to balance: slot keccak(counter ‖ 0) in memory [64, 128)
    a.op("DUP1").push(64).op("MSTORE").push(0).push(96).op("MSTORE");
    a.push(64).push(64).op("KECCAK256 DUP1 SLOAD");
    a.push(1).op("ADD SWAP1 SSTORE");
    // Transfer(caller, counter, 1): data = 1 at memory [128, 160)
    a.push(1).push(128).op("MSTORE");
    a.op("DUP1 CALLER")
        .push(new java.math.BigInteger(1, transferTopic))
        .push(32)
        .push(128)
        .op("LOG3");
    a.op("DUP1").pushLabel("loop").op("JUMPI STOP");
    a.label("fail").push(0).push(0).op("REVERT");
    return new Program(
        "token-transfer-loop",
        "ERC-20 style balance update + Transfer log",
        a.build(),
        new byte[0]);
  }

  /** MODEXP precompile (0x05) on a 64-byte base/exponent/modulus per iteration. */
  public static Program modexpLoop() {
    Assembler a = new Assembler();
    // Input: lengths 64, 64, 64, then base, exponent, modulus (filled with counter-derived words).
    a.push(64).push(0).op("MSTORE").push(64).push(32).op("MSTORE").push(64).push(64).op("MSTORE");
    for (int i = 0; i < 6; i++) {
      a.push(java.math.BigInteger.ONE.shiftLeft(255).subtract(java.math.BigInteger.valueOf(19 + i)))
          .push(96 + 32 * i)
          .op("MSTORE");
    }
    a.push(2_000);
    a.label("loop");
    a.push(1).op("SWAP1 SUB");
    a.push(64).push(288).push(288).push(0).push(5).op("GAS STATICCALL POP DUP1");
    a.pushLabel("loop").op("JUMPI STOP");
    return new Program(
        "modexp-loop", "MODEXP 512-bit base/exponent/modulus", a.build(), new byte[0]);
  }

  /** bn254 pairing precompile (0x08) on two pairs (e(P, Q)·e(−P, Q) = 1) per iteration. */
  public static Program pairingLoop() {
    String[] words = {
      // G1 generator (1, 2), G2 generator, then -G1 = (1, p - 2), G2 generator.
      "0000000000000000000000000000000000000000000000000000000000000001",
      "0000000000000000000000000000000000000000000000000000000000000002",
      "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2",
      "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed",
      "090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b",
      "12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa",
      "0000000000000000000000000000000000000000000000000000000000000001",
      "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd45",
      "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2",
      "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed",
      "090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b",
      "12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa"
    };
    Assembler a = new Assembler();
    for (int i = 0; i < words.length; i++) {
      a.push(new java.math.BigInteger(words[i], 16)).push(32 * i).op("MSTORE");
    }
    a.push(150);
    a.label("loop");
    a.push(1).op("SWAP1 SUB");
    a.push(32).push(384).push(384).push(0).push(8).op("GAS STATICCALL POP");
    // The pairing must hold: output word is 1.
    a.push(384).op("MLOAD ISZERO");
    a.pushLabel("fail").op("JUMPI DUP1");
    a.pushLabel("loop").op("JUMPI STOP");
    a.label("fail").push(0).push(0).op("REVERT");
    return new Program("pairing-loop", "bn254 pairing check of two pairs", a.build(), new byte[0]);
  }
}
