package org.gridledger.evm.precompile;

import java.math.BigInteger;
import java.util.Arrays;
import org.gridledger.evm.precompile.bn254.G1Point;

/**
 * 0x07: scalar multiplication on bn254 G1 (EIP-196), gas 6000 (EIP-1108).
 *
 * <p>Input: x ‖ y ‖ s (32-byte big-endian words, padded or truncated to 96 bytes); s is any 256-bit
 * scalar. A coordinate not below p or a point off the curve is a failure. Output: s·(x, y), 64
 * bytes.
 */
public final class Bn254Mul implements Precompile {
  static final long GAS = 6000;

  @Override
  public long gas(byte[] input) {
    return GAS;
  }

  @Override
  public byte[] run(byte[] input) {
    byte[] in = InputPadding.rightPad(input, G1Point.SIZE + 32);
    G1Point point = G1Point.decode(in, 0);
    if (point == null) {
      return null;
    }
    BigInteger scalar = new BigInteger(1, Arrays.copyOfRange(in, G1Point.SIZE, G1Point.SIZE + 32));
    return point.mul(scalar).encode();
  }

  @Override
  public String name() {
    return "bn254Mul";
  }
}
