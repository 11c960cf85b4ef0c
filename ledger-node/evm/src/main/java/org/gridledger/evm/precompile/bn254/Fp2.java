package org.gridledger.evm.precompile.bn254;

import java.math.BigInteger;

/**
 * An element {@code c0 + c1·u} of F_p^2 = F_p[u]/(u^2 + 1), the field of the G2 coordinates
 * (EIP-197). Immutable.
 */
public record Fp2(Fp c0, Fp c1) {
  public static final Fp2 ZERO = new Fp2(Fp.ZERO, Fp.ZERO);
  public static final Fp2 ONE = new Fp2(Fp.ONE, Fp.ZERO);

  /** ξ = 9 + u, the non-residue that defines F_p^6 and the twist (EIP-197). */
  public static final Fp2 XI = new Fp2(Fp.of(9), Fp.ONE);

  public boolean isZero() {
    return c0.isZero() && c1.isZero();
  }

  public Fp2 add(Fp2 o) {
    return new Fp2(c0.add(o.c0), c1.add(o.c1));
  }

  public Fp2 sub(Fp2 o) {
    return new Fp2(c0.sub(o.c0), c1.sub(o.c1));
  }

  public Fp2 dbl() {
    return new Fp2(c0.dbl(), c1.dbl());
  }

  public Fp2 half() {
    return new Fp2(c0.half(), c1.half());
  }

  public Fp2 neg() {
    return new Fp2(c0.neg(), c1.neg());
  }

  /** Karatsuba: three base-field products. */
  public Fp2 mul(Fp2 o) {
    Fp v0 = c0.mul(o.c0);
    Fp v1 = c1.mul(o.c1);
    Fp cross = c0.add(c1).mul(o.c0.add(o.c1));
    return new Fp2(v0.sub(v1), cross.sub(v0).sub(v1));
  }

  /** (c0 + c1)(c0 - c1) + 2·c0·c1·u: two base-field products. */
  public Fp2 square() {
    Fp a = c0.add(c1).mul(c0.sub(c1));
    Fp b = c0.mul(c1);
    return new Fp2(a, b.dbl());
  }

  public Fp2 mul(Fp k) {
    return new Fp2(c0.mul(k), c1.mul(k));
  }

  /** Multiplies by ξ = 9 + u: (9·c0 - c1) + (c0 + 9·c1)·u. */
  public Fp2 mulByXi() {
    Fp nine0 = c0.dbl().dbl().dbl().add(c0);
    Fp nine1 = c1.dbl().dbl().dbl().add(c1);
    return new Fp2(nine0.sub(c1), c0.add(nine1));
  }

  /** The conjugate c0 - c1·u, which is also the Frobenius map x ↦ x^p. */
  public Fp2 conjugate() {
    return new Fp2(c0, c1.neg());
  }

  public Fp2 inverse() {
    Fp norm = c0.square().add(c1.square());
    Fp inv = norm.inverse();
    return new Fp2(c0.mul(inv), c1.neg().mul(inv));
  }

  /** {@code this^e} for {@code e >= 0}. */
  public Fp2 pow(BigInteger e) {
    Fp2 result = ONE;
    for (int i = e.bitLength() - 1; i >= 0; i--) {
      result = result.square();
      if (e.testBit(i)) {
        result = result.mul(this);
      }
    }
    return result;
  }
}
