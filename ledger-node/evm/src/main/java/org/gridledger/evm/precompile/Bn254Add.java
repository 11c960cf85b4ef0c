package org.gridledger.evm.precompile;

import org.gridledger.evm.precompile.bn254.G1Point;

/**
 * 0x06: point addition on bn254 G1 (EIP-196), gas 150 (EIP-1108).
 *
 * <p>Input: two points x1 ‖ y1 ‖ x2 ‖ y2 (32-byte big-endian words; shorter input is padded with
 * zeros, longer input is truncated). (0, 0) is the point at infinity. A coordinate not below p or a
 * point off the curve is a failure. Output: the sum, 64 bytes.
 */
public final class Bn254Add implements Precompile {
  static final long GAS = 150;

  @Override
  public long gas(byte[] input) {
    return GAS;
  }

  @Override
  public byte[] run(byte[] input) {
    byte[] in = InputPadding.rightPad(input, 2 * G1Point.SIZE);
    G1Point a = G1Point.decode(in, 0);
    G1Point b = G1Point.decode(in, G1Point.SIZE);
    if (a == null || b == null) {
      return null;
    }
    return a.add(b).encode();
  }

  @Override
  public String name() {
    return "bn254Add";
  }
}
