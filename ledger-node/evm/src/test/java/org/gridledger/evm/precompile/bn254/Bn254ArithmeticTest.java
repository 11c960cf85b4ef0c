package org.gridledger.evm.precompile.bn254;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Field and group laws checked against BigInteger arithmetic and against each other. */
class Bn254ArithmeticTest {
  private static final BigInteger P = Fp.MODULUS;
  private static final BigInteger R = G1Point.ORDER;
  private final Random random = new Random(20240313);

  private BigInteger randomBelow(BigInteger bound) {
    BigInteger v;
    do {
      v = new BigInteger(bound.bitLength(), random);
    } while (v.compareTo(bound) >= 0);
    return v;
  }

  private Fp randomFp() {
    return Fp.fromBigInteger(randomBelow(P));
  }

  private Fp2 randomFp2() {
    return new Fp2(randomFp(), randomFp());
  }

  private Fp6 randomFp6() {
    return new Fp6(randomFp2(), randomFp2(), randomFp2());
  }

  private Fp12 randomFp12() {
    return new Fp12(randomFp6(), randomFp6());
  }

  @Test
  void baseFieldMatchesBigInteger() {
    BigInteger[] edge = {
      BigInteger.ZERO,
      BigInteger.ONE,
      P.subtract(BigInteger.ONE),
      P.subtract(BigInteger.TWO),
      BigInteger.ONE.shiftLeft(253),
      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)
    };
    for (int i = 0; i < 2000; i++) {
      BigInteger a = i < edge.length ? edge[i] : randomBelow(P);
      BigInteger b = i < edge.length ? edge[edge.length - 1 - i] : randomBelow(P);
      Fp fa = Fp.fromBigInteger(a);
      Fp fb = Fp.fromBigInteger(b);
      assertThat(fa.toBigInteger()).isEqualTo(a);
      assertThat(fa.add(fb).toBigInteger()).isEqualTo(a.add(b).mod(P));
      assertThat(fa.sub(fb).toBigInteger()).isEqualTo(a.subtract(b).mod(P));
      assertThat(fa.mul(fb).toBigInteger()).isEqualTo(a.multiply(b).mod(P));
      assertThat(fa.square().toBigInteger()).isEqualTo(a.multiply(a).mod(P));
      assertThat(fa.neg().toBigInteger()).isEqualTo(a.negate().mod(P));
      assertThat(fa.half().dbl()).isEqualTo(fa);
      if (a.signum() != 0) {
        assertThat(fa.inverse().toBigInteger()).isEqualTo(a.modInverse(P));
      }
    }
  }

  @Test
  void baseFieldDecodingRejectsNonCanonicalValues() {
    byte[] pBytes = to32(P);
    assertThat(Fp.fromBytes(pBytes, 0)).isNull();
    assertThat(Fp.fromBytes(to32(P.add(BigInteger.ONE)), 0)).isNull();
    byte[] max = new byte[32];
    java.util.Arrays.fill(max, (byte) 0xff);
    assertThat(Fp.fromBytes(max, 0)).isNull();
    Fp pMinusOne = Fp.fromBytes(to32(P.subtract(BigInteger.ONE)), 0);
    assertThat(pMinusOne).isNotNull();
    byte[] out = new byte[32];
    pMinusOne.toBytes(out, 0);
    assertThat(out).isEqualTo(to32(P.subtract(BigInteger.ONE)));
  }

  @Test
  void extensionFieldsObeyFieldLaws() {
    for (int i = 0; i < 20; i++) {
      Fp2 a2 = randomFp2();
      Fp2 b2 = randomFp2();
      assertThat(a2.square()).isEqualTo(a2.mul(a2));
      assertThat(a2.mul(b2).mul(b2.inverse())).isEqualTo(a2);
      assertThat(a2.mulByXi()).isEqualTo(a2.mul(Fp2.XI));
      assertThat(a2.pow(P)).isEqualTo(a2.conjugate());

      Fp6 a6 = randomFp6();
      Fp6 b6 = randomFp6();
      Fp6 c6 = randomFp6();
      assertThat(a6.square()).isEqualTo(a6.mul(a6));
      assertThat(a6.mul(b6).mul(c6)).isEqualTo(a6.mul(b6.mul(c6)));
      assertThat(a6.mul(b6.add(c6))).isEqualTo(a6.mul(b6).add(a6.mul(c6)));
      assertThat(a6.mul(a6.inverse())).isEqualTo(Fp6.ONE);
      Fp6 v = new Fp6(Fp2.ZERO, Fp2.ONE, Fp2.ZERO);
      assertThat(a6.mulByV()).isEqualTo(a6.mul(v));
      assertThat(v.square().mul(v)).isEqualTo(new Fp6(Fp2.XI, Fp2.ZERO, Fp2.ZERO));
      assertThat(a6.mulBy01(b6.c0(), b6.c1()))
          .isEqualTo(a6.mul(new Fp6(b6.c0(), b6.c1(), Fp2.ZERO)));
      assertThat(a6.mulBy1(b6.c1())).isEqualTo(a6.mul(new Fp6(Fp2.ZERO, b6.c1(), Fp2.ZERO)));

      Fp12 a12 = randomFp12();
      Fp12 b12 = randomFp12();
      Fp12 c12 = randomFp12();
      assertThat(a12.square()).isEqualTo(a12.mul(a12));
      assertThat(a12.mul(b12).mul(c12)).isEqualTo(a12.mul(b12.mul(c12)));
      assertThat(a12.mul(a12.inverse())).isEqualTo(Fp12.ONE);
      Fp2 l0 = randomFp2();
      Fp2 l1 = randomFp2();
      Fp2 l2 = randomFp2();
      Fp12 line = new Fp12(new Fp6(l0, Fp2.ZERO, Fp2.ZERO), new Fp6(l1, l2, Fp2.ZERO));
      assertThat(a12.mulByLine(l0, l1, l2)).isEqualTo(a12.mul(line));
    }
  }

  @Test
  void frobeniusMapsArePowers() {
    Fp12 a = randomFp12();
    assertThat(a.frobenius()).isEqualTo(a.pow(P));
    assertThat(a.frobeniusSquare()).isEqualTo(a.pow(P.pow(2)));
    assertThat(a.conjugate()).isEqualTo(a.pow(P.pow(6)));
    // w^6 = ξ: the tower is the one EIP-197 specifies
    Fp12 w = new Fp12(Fp6.ZERO, Fp6.ONE);
    Fp12 w6 = w.square().mul(w.square()).mul(w.square());
    assertThat(w6).isEqualTo(new Fp12(new Fp6(Fp2.XI, Fp2.ZERO, Fp2.ZERO), Fp6.ZERO));
  }

  @Test
  void g1GroupLaw() {
    G1Point g = G1Point.GENERATOR;
    assertThat(g.isOnCurve()).isTrue();
    assertThat(g.mul(R)).isEqualTo(G1Point.INFINITY);
    assertThat(g.mul(R.subtract(BigInteger.ONE))).isEqualTo(g.negate());
    assertThat(g.add(g)).isEqualTo(g.mul(BigInteger.TWO));
    assertThat(g.add(g.negate())).isEqualTo(G1Point.INFINITY);
    assertThat(g.add(G1Point.INFINITY)).isEqualTo(g);
    assertThat(G1Point.INFINITY.add(g)).isEqualTo(g);
    for (int i = 0; i < 10; i++) {
      BigInteger a = randomBelow(R);
      BigInteger b = randomBelow(R);
      G1Point sum = g.mul(a).add(g.mul(b));
      assertThat(sum).isEqualTo(g.mul(a.add(b)));
      assertThat(g.mul(a).mul(b)).isEqualTo(g.mul(a.multiply(b)));
      assertThat(sum.isOnCurve()).isTrue();
    }
  }

  @Test
  void g2GroupLaw() {
    G2Point g = G2Point.GENERATOR;
    assertThat(g.isOnCurve()).isTrue();
    assertThat(g.isInSubgroup()).isTrue();
    assertThat(g.mul(R)).isEqualTo(G2Point.INFINITY);
    assertThat(g.add(g)).isEqualTo(g.mul(BigInteger.TWO));
    BigInteger a = randomBelow(R);
    BigInteger b = randomBelow(R);
    assertThat(g.mul(a).add(g.mul(b))).isEqualTo(g.mul(a.add(b).mod(R)));
    assertThat(g.mul(a).isInSubgroup()).isTrue();
  }

  @Test
  void pairingIsBilinearAndNonDegenerate() {
    G1Point p = G1Point.GENERATOR;
    G2Point q = G2Point.GENERATOR;
    Fp12 e = Pairing.pair(p, q);
    assertThat(e.isOne()).isFalse();
    assertThat(e.pow(R).isOne()).isTrue();
    BigInteger a = randomBelow(R);
    BigInteger b = randomBelow(R);
    Fp12 eab = Pairing.pair(p.mul(a), q.mul(b));
    assertThat(eab).isEqualTo(e.pow(a.multiply(b)));
    assertThat(Pairing.pair(p.mul(b), q.mul(a))).isEqualTo(eab);
    assertThat(
            Pairing.isProductOne(new G1Point[] {p.mul(a), p.negate()}, new G2Point[] {q, q.mul(a)}))
        .isTrue();
    assertThat(Pairing.isProductOne(new G1Point[] {p.mul(a), p}, new G2Point[] {q, q.mul(a)}))
        .isFalse();
  }

  @Test
  void cyclotomicSquaringMatchesSquaringInTheCyclotomicSubgroup() {
    for (int i = 0; i < 5; i++) {
      Fp12 f = randomFp12();
      // f^((p^6 - 1)(p^2 + 1)) has norm 1 over F_p^6: the subgroup Granger-Scott applies to
      Fp12 g = f.conjugate().mul(f.inverse());
      g = g.frobeniusSquare().mul(g);
      assertThat(g.cyclotomicSquare()).isEqualTo(g.square());
    }
  }

  @Test
  void fastSubgroupTestAgreesWithMultiplicationByTheOrder() {
    // In G2: multiples of the generator.
    for (int i = 0; i < 5; i++) {
      G2Point q = G2Point.GENERATOR.mul(randomBelow(R));
      assertThat(q.isInSubgroup()).isTrue();
      assertThat(G2Jacobian.of(q).mul(R).isInfinity()).isTrue();
    }
    // On the twist but (with overwhelming probability) outside G2: points with random x.
    int found = 0;
    while (found < 10) {
      Fp2 x = randomFp2();
      Fp2 y = sqrt(x.square().mul(x).add(G2Point.B));
      if (y == null) {
        continue;
      }
      G2Point q = new G2Point(x, y);
      assertThat(q.isOnCurve()).isTrue();
      boolean byOrder = G2Jacobian.of(q).mul(R).isInfinity();
      assertThat(q.isInSubgroup()).isEqualTo(byOrder);
      assertThat(byOrder).isFalse();
      // clearing the cofactor h = 2p - r lands in G2
      G2Point cleared = q.mul(P.multiply(BigInteger.TWO).subtract(R));
      assertThat(cleared.isInSubgroup()).isTrue();
      assertThat(G2Jacobian.of(cleared).mul(R).isInfinity()).isTrue();
      found++;
    }
  }

  /**
   * A square root in F_p^2 (p = 3 mod 4) by Algorithm 9 of Adj and Rodríguez-Henríquez, "Square
   * root computation over even extension fields" (2014), or null if there is none.
   */
  private static Fp2 sqrt(Fp2 a) {
    Fp2 minusOne = Fp2.ONE.neg();
    Fp2 a1 = a.pow(P.subtract(BigInteger.valueOf(3)).shiftRight(2));
    Fp2 alpha = a1.square().mul(a);
    Fp2 a0 = alpha.pow(P).mul(alpha);
    if (a0.equals(minusOne)) {
      return null;
    }
    Fp2 x0 = a1.mul(a);
    Fp2 root;
    if (alpha.equals(minusOne)) {
      root = new Fp2(Fp.ZERO, Fp.ONE).mul(x0);
    } else {
      root = Fp2.ONE.add(alpha).pow(P.subtract(BigInteger.ONE).shiftRight(1)).mul(x0);
    }
    return root.square().equals(a) ? root : null;
  }

  @Test
  void fastFinalExponentiationEqualsTheDefinition() {
    BigInteger exponent = P.pow(12).subtract(BigInteger.ONE).divide(R);
    Fp12 f = randomFp12();
    assertThat(Pairing.finalExponentiation(f)).isEqualTo(f.pow(exponent));
  }

  private static byte[] to32(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, out, 32 - n, n);
    return out;
  }
}
