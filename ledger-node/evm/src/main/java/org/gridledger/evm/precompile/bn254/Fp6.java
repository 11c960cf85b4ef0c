package org.gridledger.evm.precompile.bn254;

/** An element {@code c0 + c1·v + c2·v^2} of F_p^6 = F_p^2[v]/(v^3 - ξ). Immutable. */
public record Fp6(Fp2 c0, Fp2 c1, Fp2 c2) {
  public static final Fp6 ZERO = new Fp6(Fp2.ZERO, Fp2.ZERO, Fp2.ZERO);
  public static final Fp6 ONE = new Fp6(Fp2.ONE, Fp2.ZERO, Fp2.ZERO);

  public boolean isZero() {
    return c0.isZero() && c1.isZero() && c2.isZero();
  }

  public Fp6 add(Fp6 o) {
    return new Fp6(c0.add(o.c0), c1.add(o.c1), c2.add(o.c2));
  }

  public Fp6 sub(Fp6 o) {
    return new Fp6(c0.sub(o.c0), c1.sub(o.c1), c2.sub(o.c2));
  }

  public Fp6 dbl() {
    return new Fp6(c0.dbl(), c1.dbl(), c2.dbl());
  }

  public Fp6 neg() {
    return new Fp6(c0.neg(), c1.neg(), c2.neg());
  }

  /**
   * Karatsuba-style product with six F_p^2 multiplications (Devegili, Ó hÉigeartaigh, Scott, Dahab,
   * "Multiplication and Squaring on Pairing-Friendly Fields", 2006).
   */
  public Fp6 mul(Fp6 o) {
    Fp2 t0 = c0.mul(o.c0);
    Fp2 t1 = c1.mul(o.c1);
    Fp2 t2 = c2.mul(o.c2);
    Fp2 r0 = c1.add(c2).mul(o.c1.add(o.c2)).sub(t1).sub(t2).mulByXi().add(t0);
    Fp2 r1 = c0.add(c1).mul(o.c0.add(o.c1)).sub(t0).sub(t1).add(t2.mulByXi());
    Fp2 r2 = c0.add(c2).mul(o.c0.add(o.c2)).sub(t0).sub(t2).add(t1);
    return new Fp6(r0, r1, r2);
  }

  /** Squaring by the CH-SQR2 formulas of the same paper: two squarings fewer than a product. */
  public Fp6 square() {
    Fp2 s0 = c0.square();
    Fp2 ab = c0.mul(c1);
    Fp2 s1 = ab.dbl();
    Fp2 s2 = c0.sub(c1).add(c2).square();
    Fp2 bc = c1.mul(c2);
    Fp2 s3 = bc.dbl();
    Fp2 s4 = c2.square();
    return new Fp6(s3.mulByXi().add(s0), s4.mulByXi().add(s1), s1.add(s2).add(s3).sub(s0).sub(s4));
  }

  public Fp6 mul(Fp2 k) {
    return new Fp6(c0.mul(k), c1.mul(k), c2.mul(k));
  }

  /** Multiplies by v: (c0 + c1·v + c2·v^2)·v = ξ·c2 + c0·v + c1·v^2. */
  public Fp6 mulByV() {
    return new Fp6(c2.mulByXi(), c0, c1);
  }

  /** Product with the sparse element {@code b0 + b1·v}: five F_p^2 multiplications. */
  public Fp6 mulBy01(Fp2 b0, Fp2 b1) {
    Fp2 t0 = c0.mul(b0);
    Fp2 t1 = c1.mul(b1);
    Fp2 r0 = c1.add(c2).mul(b1).sub(t1).mulByXi().add(t0);
    Fp2 r1 = c0.add(c1).mul(b0.add(b1)).sub(t0).sub(t1);
    Fp2 r2 = c0.add(c2).mul(b0).sub(t0).add(t1);
    return new Fp6(r0, r1, r2);
  }

  /** Product with the sparse element {@code b1·v}. */
  public Fp6 mulBy1(Fp2 b1) {
    return new Fp6(c2.mul(b1).mulByXi(), c0.mul(b1), c1.mul(b1));
  }

  public Fp6 inverse() {
    Fp2 a = c0.square().sub(c1.mul(c2).mulByXi());
    Fp2 b = c2.square().mulByXi().sub(c0.mul(c1));
    Fp2 c = c1.square().sub(c0.mul(c2));
    Fp2 norm = c0.mul(a).add(c2.mul(b).add(c1.mul(c)).mulByXi());
    Fp2 inv = norm.inverse();
    return new Fp6(a.mul(inv), b.mul(inv), c.mul(inv));
  }
}
