package org.gridledger.evm.precompile.bn254;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The optimal ate pairing on bn254 (EIP-197): e(P, Q) = f_{6u+2,Q}(P) · l_{[6u+2]Q,π(Q)}(P) ·
 * l_{[6u+2]Q+π(Q),-π²(Q)}(P), raised to (p^12 - 1)/r.
 *
 * <p>The Miller loop keeps the twist point in homogeneous projective coordinates and uses the
 * doubling and mixed-addition formulas with line evaluation of Aranha, Barreto, Longa, Ricardini,
 * "The Realm of the Pairings" (SAC 2013), section 4, for a D-type twist: each line is the sparse
 * element l0 + l1·w + l2·w^3. Factors in F_p^2 dropped from the lines vanish in the final
 * exponentiation.
 *
 * <p>The hard part of the final exponentiation follows Scott, Benger, Charlemagne, Dominguez Perez,
 * Kachisa, "On the Final Exponentiation for Calculating Pairings on Ordinary Elliptic Curves"
 * (Pairing 2009), section 5, for BN curves.
 */
public final class Pairing {
  /** 6u + 2, the optimal ate loop count, in non-adjacent form (least significant digit first). */
  private static final int[] ATE_LOOP_NAF =
      nonAdjacentForm(G2Jacobian.U.multiply(BigInteger.valueOf(6)).add(BigInteger.TWO));

  /** u in non-adjacent form: 24 non-zero digits instead of 28 bits. */
  private static final int[] U_NAF = nonAdjacentForm(G2Jacobian.U);

  private static final Fp2 THREE_B = G2Point.B.dbl().add(G2Point.B);

  private Pairing() {}

  /**
   * Whether e(p[0], q[0]) · … · e(p[n-1], q[n-1]) = 1 in the target group (the EIP-197 check). The
   * points must already be validated; pairs with a point at infinity contribute 1.
   */
  public static boolean isProductOne(G1Point[] p, G2Point[] q) {
    if (p.length != q.length) {
      throw new IllegalArgumentException("need as many G1 as G2 points");
    }
    return finalExponentiation(millerLoop(p, q)).isOne();
  }

  /** The reduced pairing e(p, q). */
  public static Fp12 pair(G1Point p, G2Point q) {
    return finalExponentiation(millerLoop(new G1Point[] {p}, new G2Point[] {q}));
  }

  /** The product of the Miller loops of all pairs, sharing the squarings of the accumulator. */
  static Fp12 millerLoop(G1Point[] p, G2Point[] q) {
    int n = 0;
    LoopState[] states = new LoopState[p.length];
    for (int i = 0; i < p.length; i++) {
      if (!p[i].isInfinity() && !q[i].isInfinity()) {
        states[n++] = new LoopState(p[i], q[i]);
      }
    }
    Fp12 f = Fp12.ONE;
    if (n == 0) {
      return f;
    }
    for (int digit = ATE_LOOP_NAF.length - 2; digit >= 0; digit--) {
      f = f.square();
      for (int i = 0; i < n; i++) {
        f = states[i].doubleStep(f);
      }
      if (ATE_LOOP_NAF[digit] != 0) {
        boolean negative = ATE_LOOP_NAF[digit] < 0;
        for (int i = 0; i < n; i++) {
          LoopState s = states[i];
          f = s.addStep(f, s.qx, negative ? s.negQy : s.qy);
        }
      }
    }
    for (int i = 0; i < n; i++) {
      LoopState s = states[i];
      // π(Q) and -π²(Q), with π the Frobenius endomorphism ψ of the twist
      Fp2 q1x = s.qx.conjugate().mul(G2Jacobian.PSI_X);
      Fp2 q1y = s.qy.conjugate().mul(G2Jacobian.PSI_Y);
      Fp2 q2x = s.qx.mul(G2Jacobian.PSI2_X);
      Fp2 minusQ2y = s.qy.mul(G2Jacobian.PSI2_Y).neg();
      f = s.addStep(f, q1x, q1y);
      f = s.addStep(f, q2x, minusQ2y);
    }
    return f;
  }

  /** f^((p^12 - 1)/r). */
  static Fp12 finalExponentiation(Fp12 f) {
    // Easy part: f^((p^6 - 1)(p^2 + 1)); afterwards f is in the cyclotomic subgroup, where the
    // inverse is the conjugate.
    Fp12 t = f.conjugate().mul(f.inverse());
    t = t.frobeniusSquare().mul(t);

    // Hard part: t^((p^4 - p^2 + 1)/r) by Scott et al.'s addition chain in u.
    Fp12 fp = t.frobenius();
    Fp12 fp2 = t.frobeniusSquare();
    Fp12 fp3 = fp2.frobenius();
    Fp12 fu = powU(t);
    Fp12 fu2 = powU(fu);
    Fp12 fu3 = powU(fu2);

    Fp12 y0 = fp.mul(fp2).mul(fp3);
    Fp12 y1 = t.conjugate();
    Fp12 y2 = fu2.frobeniusSquare();
    Fp12 y3 = fu.frobenius().conjugate();
    Fp12 y4 = fu.mul(fu2.frobenius()).conjugate();
    Fp12 y5 = fu2.conjugate();
    Fp12 y6 = fu3.mul(fu3.frobenius()).conjugate();

    Fp12 t0 = y6.cyclotomicSquare().mul(y4).mul(y5);
    Fp12 t1 = y3.mul(y5).mul(t0);
    t0 = t0.mul(y2);
    t1 = t1.cyclotomicSquare().mul(t0).cyclotomicSquare();
    t0 = t1.mul(y1);
    t1 = t1.mul(y0);
    t0 = t0.cyclotomicSquare().mul(t1);
    return t0;
  }

  /**
   * f^u for f in the cyclotomic subgroup: cyclotomic squarings and a signed-digit chain, since
   * there the inverse is the conjugate.
   */
  private static Fp12 powU(Fp12 f) {
    Fp12 fInverse = f.conjugate();
    Fp12 result = f; // top digit is 1
    for (int digit = U_NAF.length - 2; digit >= 0; digit--) {
      result = result.cyclotomicSquare();
      if (U_NAF[digit] > 0) {
        result = result.mul(f);
      } else if (U_NAF[digit] < 0) {
        result = result.mul(fInverse);
      }
    }
    return result;
  }

  /** Non-adjacent form of k > 0: digits in {-1, 0, 1}, least significant first, top digit 1. */
  private static int[] nonAdjacentForm(BigInteger k) {
    int[] digits = new int[k.bitLength() + 1];
    int length = 0;
    BigInteger rest = k;
    while (rest.signum() > 0) {
      int digit = 0;
      if (rest.testBit(0)) {
        digit = rest.testBit(1) ? -1 : 1; // rest mod 4 is 3 or 1
        rest = rest.subtract(BigInteger.valueOf(digit));
      }
      digits[length++] = digit;
      rest = rest.shiftRight(1);
    }
    return Arrays.copyOf(digits, length);
  }

  /** The Miller-loop state of one pair: the running twist point T = (X : Y : Z) and P. */
  private static final class LoopState {
    final Fp2 qx;
    final Fp2 qy;
    final Fp2 negQy;
    final Fp px;
    final Fp negPx;
    final Fp py;
    final Fp negPy;
    final Fp threePx;
    Fp2 x;
    Fp2 y;
    Fp2 z;

    LoopState(G1Point p, G2Point q) {
      qx = q.x();
      qy = q.y();
      negQy = qy.neg();
      px = p.x();
      negPx = px.neg();
      py = p.y();
      negPy = py.neg();
      threePx = px.dbl().add(px);
      x = qx;
      y = qy;
      z = Fp2.ONE;
    }

    /** T ← 2T; returns f · l_{T,T}(P) with l = -2YZ·yP + 3X²·xP·w + (3b'Z² - Y²)·w³. */
    Fp12 doubleStep(Fp12 f) {
      Fp2 a = x.mul(y).half();
      Fp2 b = y.square();
      Fp2 c = z.square();
      Fp2 e = THREE_B.mul(c);
      Fp2 f3 = e.dbl().add(e);
      Fp2 g = b.add(f3).half();
      Fp2 h = y.add(z).square().sub(b.add(c));
      Fp2 i = e.sub(b);
      Fp2 j = x.square();
      Fp2 eSquared = e.square();
      x = a.mul(b.sub(f3));
      y = g.square().sub(eSquared.dbl().add(eSquared));
      z = b.mul(h);
      return f.mulByLine(h.mul(negPy), j.mul(threePx), i);
    }

    /**
     * T ← T + (rx, ry) for an affine twist point; returns f · l_{T,R}(P) with l = λ·yP - θ·xP·w +
     * (θ·rx - λ·ry)·w³, θ = Y - ry·Z, λ = X - rx·Z.
     */
    Fp12 addStep(Fp12 f, Fp2 rx, Fp2 ry) {
      Fp2 theta = y.sub(ry.mul(z));
      Fp2 lambda = x.sub(rx.mul(z));
      Fp2 c = theta.square();
      Fp2 d = lambda.square();
      Fp2 e = lambda.mul(d);
      Fp2 ff = z.mul(c);
      Fp2 g = x.mul(d);
      Fp2 h = e.add(ff).sub(g.dbl());
      Fp2 l2 = theta.mul(rx).sub(lambda.mul(ry));
      x = lambda.mul(h);
      y = theta.mul(g.sub(h)).sub(y.mul(e));
      z = z.mul(e);
      return f.mulByLine(lambda.mul(py), theta.mul(negPx), l2);
    }
  }
}
