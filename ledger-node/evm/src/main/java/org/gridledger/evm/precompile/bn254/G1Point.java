package org.gridledger.evm.precompile.bn254;

import java.math.BigInteger;

/**
 * A point of G1, the bn254 curve y^2 = x^3 + 3 over F_p, in affine coordinates (EIP-196). The point
 * at infinity is written (0, 0), which is not on the curve. Every curve point is in G1: the group
 * E(F_p) has prime order {@link #ORDER}. Immutable.
 */
public record G1Point(Fp x, Fp y) {
  /** r, the order of G1, G2 and the target group. */
  public static final BigInteger ORDER =
      new BigInteger("30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001", 16);

  public static final G1Point INFINITY = new G1Point(Fp.ZERO, Fp.ZERO);

  /** The generator (1, 2). */
  public static final G1Point GENERATOR = new G1Point(Fp.ONE, Fp.of(2));

  static final Fp B = Fp.of(3);

  /** Encoded size: two 32-byte big-endian coordinates. */
  public static final int SIZE = 64;

  /**
   * Decodes x ‖ y at {@code offset}. Returns {@code null} if a coordinate is not below p or the
   * point is neither (0, 0) nor on the curve.
   */
  public static G1Point decode(byte[] in, int offset) {
    Fp x = Fp.fromBytes(in, offset);
    Fp y = Fp.fromBytes(in, offset + 32);
    if (x == null || y == null) {
      return null;
    }
    G1Point point = new G1Point(x, y);
    if (point.isInfinity() || point.isOnCurve()) {
      return point;
    }
    return null;
  }

  public void encode(byte[] out, int offset) {
    x.toBytes(out, offset);
    y.toBytes(out, offset + 32);
  }

  public byte[] encode() {
    byte[] out = new byte[SIZE];
    encode(out, 0);
    return out;
  }

  public boolean isInfinity() {
    return x.isZero() && y.isZero();
  }

  public boolean isOnCurve() {
    return y.square().equals(x.square().mul(x).add(B));
  }

  public G1Point add(G1Point o) {
    return G1Jacobian.of(this).addAffine(o).toAffine();
  }

  public G1Point negate() {
    return isInfinity() ? this : new G1Point(x, y.neg());
  }

  /** {@code k·this} for any {@code k >= 0}; the scalar is reduced mod {@link #ORDER} first. */
  public G1Point mul(BigInteger k) {
    return G1Jacobian.of(this).mul(k.mod(ORDER)).toAffine();
  }
}
