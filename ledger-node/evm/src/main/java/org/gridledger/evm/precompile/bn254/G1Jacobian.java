package org.gridledger.evm.precompile.bn254;

import java.math.BigInteger;

/**
 * A G1 point in Jacobian coordinates: (X, Y, Z) stands for (X/Z^2, Y/Z^3); Z = 0 is infinity.
 * Formulas from the Explicit-Formulas Database (hyperelliptic.org/EFD, short Weierstrass, a = 0):
 * dbl-2009-l, add-2007-bl and madd-2007-bl.
 */
record G1Jacobian(Fp x, Fp y, Fp z) {
  static final G1Jacobian INFINITY = new G1Jacobian(Fp.ONE, Fp.ONE, Fp.ZERO);

  static G1Jacobian of(G1Point p) {
    return p.isInfinity() ? INFINITY : new G1Jacobian(p.x(), p.y(), Fp.ONE);
  }

  boolean isInfinity() {
    return z.isZero();
  }

  G1Point toAffine() {
    if (isInfinity()) {
      return G1Point.INFINITY;
    }
    Fp zInv = z.inverse();
    Fp zInv2 = zInv.square();
    return new G1Point(x.mul(zInv2), y.mul(zInv2).mul(zInv));
  }

  G1Jacobian dbl() {
    if (isInfinity() || y.isZero()) {
      return INFINITY;
    }
    Fp a = x.square();
    Fp b = y.square();
    Fp c = b.square();
    Fp d = x.add(b).square().sub(a).sub(c).dbl();
    Fp e = a.dbl().add(a);
    Fp f = e.square();
    Fp x3 = f.sub(d.dbl());
    Fp y3 = e.mul(d.sub(x3)).sub(c.dbl().dbl().dbl());
    Fp z3 = y.mul(z).dbl();
    return new G1Jacobian(x3, y3, z3);
  }

  G1Jacobian add(G1Jacobian o) {
    if (isInfinity()) {
      return o;
    }
    if (o.isInfinity()) {
      return this;
    }
    Fp z1z1 = z.square();
    Fp z2z2 = o.z.square();
    Fp u1 = x.mul(z2z2);
    Fp u2 = o.x.mul(z1z1);
    Fp s1 = y.mul(o.z).mul(z2z2);
    Fp s2 = o.y.mul(z).mul(z1z1);
    Fp h = u2.sub(u1);
    Fp r = s2.sub(s1).dbl();
    if (h.isZero()) {
      return r.isZero() ? dbl() : INFINITY;
    }
    Fp i = h.dbl().square();
    Fp j = h.mul(i);
    Fp v = u1.mul(i);
    Fp x3 = r.square().sub(j).sub(v.dbl());
    Fp y3 = r.mul(v.sub(x3)).sub(s1.mul(j).dbl());
    Fp z3 = z.add(o.z).square().sub(z1z1).sub(z2z2).mul(h);
    return new G1Jacobian(x3, y3, z3);
  }

  /** Mixed addition with an affine point. */
  G1Jacobian addAffine(G1Point o) {
    if (o.isInfinity()) {
      return this;
    }
    if (isInfinity()) {
      return of(o);
    }
    Fp z1z1 = z.square();
    Fp u2 = o.x().mul(z1z1);
    Fp s2 = o.y().mul(z).mul(z1z1);
    Fp h = u2.sub(x);
    Fp r = s2.sub(y).dbl();
    if (h.isZero()) {
      return r.isZero() ? dbl() : INFINITY;
    }
    Fp hh = h.square();
    Fp i = hh.dbl().dbl();
    Fp j = h.mul(i);
    Fp v = x.mul(i);
    Fp x3 = r.square().sub(j).sub(v.dbl());
    Fp y3 = r.mul(v.sub(x3)).sub(y.mul(j).dbl());
    Fp z3 = z.add(h).square().sub(z1z1).sub(hh);
    return new G1Jacobian(x3, y3, z3);
  }

  /** {@code k·this} with a fixed 4-bit window: about 256 doublings and 64 additions. */
  G1Jacobian mul(BigInteger k) {
    if (k.signum() == 0 || isInfinity()) {
      return INFINITY;
    }
    G1Jacobian[] table = new G1Jacobian[16];
    table[0] = INFINITY;
    table[1] = this;
    for (int i = 2; i < 16; i++) {
      table[i] = table[i - 1].add(this);
    }
    G1Jacobian acc = INFINITY;
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
