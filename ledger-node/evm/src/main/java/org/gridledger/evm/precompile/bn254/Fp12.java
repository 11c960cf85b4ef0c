package org.gridledger.evm.precompile.bn254;

import java.math.BigInteger;

/**
 * An element {@code c0 + c1·w} of F_p^12 = F_p^6[w]/(w^2 - v), the pairing's target field.
 * Immutable.
 *
 * <p>In the basis {@code 1, w, …, w^5} over F_p^2 (w^6 = ξ) the coefficient of w^k is {@code
 * c0.c(k/2)} for even k and {@code c1.c(k/2)} for odd k; the Frobenius maps act on that basis.
 */
public record Fp12(Fp6 c0, Fp6 c1) {
  public static final Fp12 ONE = new Fp12(Fp6.ONE, Fp6.ZERO);

  // γ_k = ξ^(k(p-1)/6) and δ_k = ξ^(k(p^2-1)/6): (w^k)^p = γ_k·w^k, (w^k)^(p^2) = δ_k·w^k.
  private static final Fp2[] FROBENIUS_1 =
      frobeniusCoefficients(Fp.MODULUS.subtract(BigInteger.ONE));
  private static final Fp2[] FROBENIUS_2 =
      frobeniusCoefficients(Fp.MODULUS.pow(2).subtract(BigInteger.ONE));

  public boolean isOne() {
    return equals(ONE);
  }

  public Fp12 mul(Fp12 o) {
    Fp6 t0 = c0.mul(o.c0);
    Fp6 t1 = c1.mul(o.c1);
    Fp6 cross = c0.add(c1).mul(o.c0.add(o.c1)).sub(t0).sub(t1);
    return new Fp12(t0.add(t1.mulByV()), cross);
  }

  /** Complex squaring: two F_p^6 products. */
  public Fp12 square() {
    Fp6 t = c0.mul(c1);
    Fp6 r0 = c0.add(c1).mul(c0.add(c1.mulByV())).sub(t).sub(t.mulByV());
    return new Fp12(r0, t.dbl());
  }

  /**
   * Squaring for elements of the cyclotomic subgroup (norm 1 over F_p^6, as after the easy part of
   * the final exponentiation), by Granger and Scott, "Faster Squaring in the Cyclotomic Subgroup of
   * Sixth Degree Extensions" (PKC 2010), section 3.1: nine F_p^2 squarings.
   *
   * <p>Seen as F_p^4[t]/(t^3 - s) with F_p^4 = F_p^2[s]/(s^2 - ξ), s = w^3, t = w, the element is A
   * + B·t + C·t^2 with A = g0 + g3·s, B = g1 + g4·s, C = g2 + g5·s (g_k the coefficient of w^k),
   * and its square is (3A² - 2Ā) + (3s·C² + 2B̄)·t + (3B² - 2C̄)·t², where x̄ = a - b·s.
   */
  public Fp12 cyclotomicSquare() {
    Fp2 g0 = c0.c0();
    Fp2 g1 = c1.c0();
    Fp2 g2 = c0.c1();
    Fp2 g3 = c1.c1();
    Fp2 g4 = c0.c2();
    Fp2 g5 = c1.c2();

    // A² = (a0 + a1·s)² = (a0² + ξ·a1²) + 2·a0·a1·s, likewise B² and C²
    Fp2 a0Sq = g0.square();
    Fp2 a1Sq = g3.square();
    Fp2 aSq0 = a1Sq.mulByXi().add(a0Sq);
    Fp2 aSq1 = g0.add(g3).square().sub(a0Sq).sub(a1Sq);
    Fp2 b0Sq = g1.square();
    Fp2 b1Sq = g4.square();
    Fp2 bSq0 = b1Sq.mulByXi().add(b0Sq);
    Fp2 bSq1 = g1.add(g4).square().sub(b0Sq).sub(b1Sq);
    Fp2 c0Sq = g2.square();
    Fp2 c1Sq = g5.square();
    Fp2 cSq0 = c1Sq.mulByXi().add(c0Sq);
    Fp2 cSq1 = g2.add(g5).square().sub(c0Sq).sub(c1Sq);
    // s·C² = ξ·(C²)_1 + (C²)_0·s
    Fp2 sCSq0 = cSq1.mulByXi();
    Fp2 sCSq1 = cSq0;

    // 3X - 2Y computed as 2(X - Y) + X; 3X + 2Y as 2(X + Y) + X
    Fp2 r0 = aSq0.sub(g0).dbl().add(aSq0); // A'_0 = 3(A²)_0 - 2·a0
    Fp2 r3 = aSq1.add(g3).dbl().add(aSq1); // A'_1 = 3(A²)_1 + 2·a1
    Fp2 r1 = sCSq0.add(g1).dbl().add(sCSq0); // B'_0 = 3(sC²)_0 + 2·b0
    Fp2 r4 = sCSq1.sub(g4).dbl().add(sCSq1); // B'_1 = 3(sC²)_1 - 2·b1
    Fp2 r2 = bSq0.sub(g2).dbl().add(bSq0); // C'_0 = 3(B²)_0 - 2·c0
    Fp2 r5 = bSq1.add(g5).dbl().add(bSq1); // C'_1 = 3(B²)_1 + 2·c1
    return new Fp12(new Fp6(r0, r2, r4), new Fp6(r1, r3, r5));
  }

  /**
   * Product with a line value {@code l0 + l1·w + l2·w^3} (the shape the Miller loop produces for
   * bn254's D-type twist): 13 F_p^2 multiplications instead of 18.
   */
  public Fp12 mulByLine(Fp2 l0, Fp2 l1, Fp2 l2) {
    Fp6 t0 = c0.mul(l0);
    Fp6 t1 = c1.mulBy01(l1, l2);
    Fp6 cross = c0.add(c1).mulBy01(l0.add(l1), l2).sub(t0).sub(t1);
    return new Fp12(t0.add(t1.mulByV()), cross);
  }

  /** The conjugate c0 - c1·w, which is x ↦ x^(p^6); the inverse in the cyclotomic subgroup. */
  public Fp12 conjugate() {
    return new Fp12(c0, c1.neg());
  }

  public Fp12 inverse() {
    Fp6 norm = c0.square().sub(c1.square().mulByV());
    Fp6 inv = norm.inverse();
    return new Fp12(c0.mul(inv), c1.mul(inv).neg());
  }

  /** x ↦ x^p. */
  public Fp12 frobenius() {
    Fp2[] g = FROBENIUS_1;
    return new Fp12(
        new Fp6(c0.c0().conjugate(), c0.c1().conjugate().mul(g[2]), c0.c2().conjugate().mul(g[4])),
        new Fp6(
            c1.c0().conjugate().mul(g[1]),
            c1.c1().conjugate().mul(g[3]),
            c1.c2().conjugate().mul(g[5])));
  }

  /** x ↦ x^(p^2). */
  public Fp12 frobeniusSquare() {
    Fp2[] g = FROBENIUS_2;
    return new Fp12(
        new Fp6(c0.c0(), c0.c1().mul(g[2]), c0.c2().mul(g[4])),
        new Fp6(c1.c0().mul(g[1]), c1.c1().mul(g[3]), c1.c2().mul(g[5])));
  }

  /** {@code this^e} for {@code e >= 0}, by square-and-multiply. */
  public Fp12 pow(BigInteger e) {
    Fp12 result = ONE;
    for (int i = e.bitLength() - 1; i >= 0; i--) {
      result = result.square();
      if (e.testBit(i)) {
        result = result.mul(this);
      }
    }
    return result;
  }

  private static Fp2[] frobeniusCoefficients(BigInteger qMinusOne) {
    BigInteger sixth = qMinusOne.divide(BigInteger.valueOf(6));
    Fp2[] out = new Fp2[6];
    for (int k = 0; k < 6; k++) {
      out[k] = Fp2.XI.pow(sixth.multiply(BigInteger.valueOf(k)));
    }
    return out;
  }
}
