package org.gridledger.evm.precompile.bn254;

import java.math.BigInteger;

/**
 * A point on the sextic twist E': y^2 = x^3 + 3/ξ over F_p^2, in affine coordinates (EIP-197). The
 * point at infinity is written (0, 0). G2 is the order-r subgroup of E'(F_p^2), whose cofactor is
 * not 1, so decoding checks subgroup membership. Immutable.
 */
public record G2Point(Fp2 x, Fp2 y) {
  public static final G2Point INFINITY = new G2Point(Fp2.ZERO, Fp2.ZERO);

  /** b' = 3/ξ, the twist's constant term. */
  static final Fp2 B = new Fp2(Fp.of(3), Fp.ZERO).mul(Fp2.XI.inverse());

  /** The generator used by EIP-197's examples. */
  public static final G2Point GENERATOR =
      new G2Point(
          new Fp2(
              Fp.fromBigInteger(
                  new BigInteger(
                      "10857046999023057135944570762232829481370756359578518086990519993285655852781")),
              Fp.fromBigInteger(
                  new BigInteger(
                      "11559732032986387107991004021392285783925812861821192530917403151452391805634"))),
          new Fp2(
              Fp.fromBigInteger(
                  new BigInteger(
                      "8495653923123431417604973247489272438418190587263600148770280649306958101930")),
              Fp.fromBigInteger(
                  new BigInteger(
                      "4082367875863433681332203403145435568316851327593401208105741076214120093531"))));

  /** Encoded size: x and y, each as imaginary part ‖ real part (32 bytes each). */
  public static final int SIZE = 128;

  /**
   * Decodes x_im ‖ x_re ‖ y_im ‖ y_re at {@code offset} (EIP-197 orders an F_p^2 element as {@code
   * a·i + b} ↦ a ‖ b). Returns {@code null} if a coordinate is not below p, or the point is neither
   * (0, 0) nor on the twist, or not in the order-r subgroup.
   */
  public static G2Point decode(byte[] in, int offset) {
    Fp xIm = Fp.fromBytes(in, offset);
    Fp xRe = Fp.fromBytes(in, offset + 32);
    Fp yIm = Fp.fromBytes(in, offset + 64);
    Fp yRe = Fp.fromBytes(in, offset + 96);
    if (xIm == null || xRe == null || yIm == null || yRe == null) {
      return null;
    }
    G2Point point = new G2Point(new Fp2(xRe, xIm), new Fp2(yRe, yIm));
    if (point.isInfinity()) {
      return point;
    }
    if (!point.isOnCurve() || !point.isInSubgroup()) {
      return null;
    }
    return point;
  }

  public void encode(byte[] out, int offset) {
    x.c1().toBytes(out, offset);
    x.c0().toBytes(out, offset + 32);
    y.c1().toBytes(out, offset + 64);
    y.c0().toBytes(out, offset + 96);
  }

  public boolean isInfinity() {
    return x.isZero() && y.isZero();
  }

  public boolean isOnCurve() {
    return y.square().equals(x.square().mul(x).add(B));
  }

  /** Whether this twist point is in G2, i.e. r·this is infinity for r = {@link G1Point#ORDER}. */
  public boolean isInSubgroup() {
    return G2Jacobian.of(this).isInSubgroup();
  }

  public G2Point negate() {
    return isInfinity() ? this : new G2Point(x, y.neg());
  }

  public G2Point add(G2Point o) {
    return G2Jacobian.of(this).add(G2Jacobian.of(o)).toAffine();
  }

  /** {@code k·this} for {@code k >= 0} (not reduced: also meaningful outside the subgroup). */
  public G2Point mul(BigInteger k) {
    return G2Jacobian.of(this).mul(k).toAffine();
  }
}
