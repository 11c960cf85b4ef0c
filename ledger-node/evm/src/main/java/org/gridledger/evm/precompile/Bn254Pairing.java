package org.gridledger.evm.precompile;

import org.gridledger.evm.precompile.bn254.G1Point;
import org.gridledger.evm.precompile.bn254.G2Point;
import org.gridledger.evm.precompile.bn254.Pairing;

/**
 * 0x08: the bn254 pairing check (EIP-197), gas 45000 + 34000 per pair (EIP-1108).
 *
 * <p>Input: k pairs of a G1 point (64 bytes) and a G2 point (128 bytes, see {@link
 * G2Point#decode}); the length must be a multiple of 192 (zero pairs is allowed). Output: the
 * 32-byte word 1 if e(P1, Q1) · … · e(Pk, Qk) = 1, else 0. A malformed point, including a G2 point
 * outside the order-r subgroup, is a failure.
 */
public final class Bn254Pairing implements Precompile {
  static final long BASE_GAS = 45_000;
  static final long PAIR_GAS = 34_000;
  static final int PAIR_SIZE = G1Point.SIZE + G2Point.SIZE;

  @Override
  public long gas(byte[] input) {
    return BASE_GAS + PAIR_GAS * (input.length / PAIR_SIZE);
  }

  @Override
  public byte[] run(byte[] input) {
    if (input.length % PAIR_SIZE != 0) {
      return null;
    }
    int pairs = input.length / PAIR_SIZE;
    G1Point[] p = new G1Point[pairs];
    G2Point[] q = new G2Point[pairs];
    for (int i = 0; i < pairs; i++) {
      int offset = i * PAIR_SIZE;
      p[i] = G1Point.decode(input, offset);
      q[i] = G2Point.decode(input, offset + G1Point.SIZE);
      if (p[i] == null || q[i] == null) {
        return null;
      }
    }
    byte[] out = new byte[32];
    if (Pairing.isProductOne(p, q)) {
      out[31] = 1;
    }
    return out;
  }

  @Override
  public String name() {
    return "bn254Pairing";
  }
}
