package org.gridledger.evm.precompile.bn254;

import java.math.BigInteger;

/**
 * A twist point in Jacobian coordinates over F_p^2; same formulas as {@link G1Jacobian}
 * (dbl-2009-l, add-2007-bl). Z = 0 is infinity.
 */
record G2Jacobian(Fp2 x, Fp2 y, Fp2 z) {
  static final G2Jacobian INFINITY = new G2Jacobian(Fp2.ONE, Fp2.ONE, Fp2.ZERO);

  // ψ = untwist ∘ Frobenius ∘ twist: ψ(x, y) = (conj(x)·ξ^((p-1)/3), conj(y)·ξ^((p-1)/2)); ψ² has
  // the exponents (p^2-1)/3 and (p^2-1)/2 and no conjugation.
  private static final BigInteger P = Fp.MODULUS;
  private static final BigInteger P_SQUARED_MINUS_1 = P.pow(2).subtract(BigInteger.ONE);
  static final Fp2 PSI_X = Fp2.XI.pow(P.subtract(BigInteger.ONE).divide(BigInteger.valueOf(3)));
  static final Fp2 PSI_Y = Fp2.XI.pow(P.subtract(BigInteger.ONE).divide(BigInteger.TWO));
  static final Fp2 PSI2_X = Fp2.XI.pow(P_SQUARED_MINUS_1.divide(BigInteger.valueOf(3)));
  static final Fp2 PSI2_Y = Fp2.XI.pow(P_SQUARED_MINUS_1.divide(BigInteger.TWO));

  /** The BN parameter u of bn254 (positive, 63 bits). */
  static final BigInteger U = BigInteger.valueOf(4965661367192848881L);

  static G2Jacobian of(G2Point p) {
    return p.isInfinity() ? INFINITY : new G2Jacobian(p.x(), p.y(), Fp2.ONE);
  }

  boolean isInfinity() {
    return z.isZero();
  }

  G2Point toAffine() {
    if (isInfinity()) {
      return G2Point.INFINITY;
    }
    Fp2 zInv = z.inverse();
    Fp2 zInv2 = zInv.square();
    return new G2Point(x.mul(zInv2), y.mul(zInv2).mul(zInv));
  }

  /** ψ(this); on Jacobian coordinates the Z coordinate is conjugated too. */
  G2Jacobian psi() {
    return new G2Jacobian(x.conjugate().mul(PSI_X), y.conjugate().mul(PSI_Y), z.conjugate());
  }

  /** ψ²(this). */
  G2Jacobian psi2() {
    return new G2Jacobian(x.mul(PSI2_X), y.mul(PSI2_Y), z);
  }

  /**
   * Whether this point of the twist lies in G2, by the test of El Housni, Guillevic, Piellard,
   * "Co-factor clearing and subgroup membership testing on pairing-friendly curves" (2022), section
   * 5.1, for BN curves: [u+1]Q + ψ([u]Q) + ψ²([u]Q) = ψ³([2u]Q). It needs one 63-bit scalar
   * multiplication instead of the 254-bit one of checking [r]Q = O.
   */
  boolean isInSubgroup() {
    if (isInfinity()) {
      return true;
    }
    G2Jacobian uq = mul(U);
    G2Jacobian lhs = uq.add(this).add(uq.psi()).add(uq.psi2());
    G2Jacobian rhs = uq.dbl().psi2().psi();
    return lhs.sameAs(rhs);
  }

  /** Equality of the points (not of the coordinates): X1·Z2² = X2·Z1², Y1·Z2³ = Y2·Z1³. */
  boolean sameAs(G2Jacobian o) {
    if (isInfinity() || o.isInfinity()) {
      return isInfinity() && o.isInfinity();
    }
    Fp2 z1z1 = z.square();
    Fp2 z2z2 = o.z.square();
    return x.mul(z2z2).equals(o.x.mul(z1z1)) && y.mul(z2z2).mul(o.z).equals(o.y.mul(z1z1).mul(z));
  }

  G2Jacobian dbl() {
    if (isInfinity() || y.isZero()) {
      return INFINITY;
    }
    Fp2 a = x.square();
    Fp2 b = y.square();
    Fp2 c = b.square();
    Fp2 d = x.add(b).square().sub(a).sub(c).dbl();
    Fp2 e = a.dbl().add(a);
    Fp2 f = e.square();
    Fp2 x3 = f.sub(d.dbl());
    Fp2 y3 = e.mul(d.sub(x3)).sub(c.dbl().dbl().dbl());
    Fp2 z3 = y.mul(z).dbl();
    return new G2Jacobian(x3, y3, z3);
  }

  G2Jacobian add(G2Jacobian o) {
    if (isInfinity()) {
      return o;
    }
    if (o.isInfinity()) {
      return this;
    }
    Fp2 z1z1 = z.square();
    Fp2 z2z2 = o.z.square();
    Fp2 u1 = x.mul(z2z2);
    Fp2 u2 = o.x.mul(z1z1);
    Fp2 s1 = y.mul(o.z).mul(z2z2);
    Fp2 s2 = o.y.mul(z).mul(z1z1);
    Fp2 h = u2.sub(u1);
    Fp2 r = s2.sub(s1).dbl();
    if (h.isZero()) {
      return r.isZero() ? dbl() : INFINITY;
    }
    Fp2 i = h.dbl().square();
    Fp2 j = h.mul(i);
    Fp2 v = u1.mul(i);
    Fp2 x3 = r.square().sub(j).sub(v.dbl());
    Fp2 y3 = r.mul(v.sub(x3)).sub(s1.mul(j).dbl());
    Fp2 z3 = z.add(o.z).square().sub(z1z1).sub(z2z2).mul(h);
    return new G2Jacobian(x3, y3, z3);
  }

  /** {@code k·this} with a fixed 4-bit window. */
  G2Jacobian mul(BigInteger k) {
    if (k.signum() == 0 || isInfinity()) {
      return INFINITY;
    }
    G2Jacobian[] table = new G2Jacobian[16];
    table[0] = INFINITY;
    table[1] = this;
    for (int i = 2; i < 16; i++) {
      table[i] = table[i - 1].add(this);
    }
    G2Jacobian acc = INFINITY;
    int top = (k.bitLength() + 3) / 4 * 4;
    for (int i = top - 4; i >= 0; i -= 4) {
      acc = acc.dbl().dbl().dbl().dbl();
      int digit =
          (k.testBit(i + 3) ? 8 : 0)
              | (k.testBit(i + 2) ? 4 : 0)
              | (k.testBit(i + 1) ? 2 : 0)
              | (k.testBit(i) ? 1 : 0);
      if (digit != 0) {
        acc = acc.add(table[digit]);
      }
    }
    return acc;
  }
}
