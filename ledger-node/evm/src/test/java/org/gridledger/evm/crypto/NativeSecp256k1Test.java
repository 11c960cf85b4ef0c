package org.gridledger.evm.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

/**
 * libsecp256k1 and Bouncy Castle recover the same key or refuse the same signature, on signatures
 * made here and on arbitrary (r, s, recovery id) triples, the edge cases of recovery ids 2 and 3
 * included. The module's build installs the library (Debian libsecp256k1-1) before its tests.
 */
class NativeSecp256k1Test {
  private static final BigInteger P =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F", 16);
  private static final BigInteger N = Secp256k1.N;

  private static NativeSecp256k1 library() {
    assertThat(NativeSecp256k1.unavailableReason())
        .as(
            "libsecp256k1 is not usable here (%s); install it with"
                + " scripts/ensure-os-packages.sh libsecp256k1-1",
            NativeSecp256k1.unavailableReason().orElse(""))
        .isEmpty();
    assertThat(Secp256k1.recoveryImplementation()).isEqualTo("libsecp256k1");
    return NativeSecp256k1.get().orElseThrow();
  }

  @Test
  void signaturesMadeHereRecoverToTheSignersKeyOnBothImplementations() {
    NativeSecp256k1 library = library();
    Random random = new Random(7);
    for (int i = 0; i < 200; i++) {
      PrivateKey key = key(random);
      byte[] hash = new byte[32];
      random.nextBytes(hash);
      Signature signature = Secp256k1.sign(hash, key);
      byte[] expected = Secp256k1.publicKey(key);
      assertThat(library.recover(hash, rs(signature.r(), signature.s()), signature.recId()))
          .isEqualTo(expected);
      assertThat(
              Secp256k1.recoverWithBouncyCastle(
                  hash, signature.recId(), signature.r(), signature.s()))
          .isEqualTo(expected);
      // high s with the other parity is the same signature (ecrecover accepts it)
      assertThat(
              Secp256k1.recoverPublicKey(
                  hash, signature.recId() ^ 1, signature.r(), N.subtract(signature.s())))
          .isEqualTo(expected);
    }
  }

  @Test
  void arbitraryTriplesGetTheSameAnswerFromBoth() {
    library();
    Random random = new Random(11);
    BigInteger pMinusN = P.subtract(N);
    int recovered = 0;
    int refused = 0;
    for (int i = 0; i < 400; i++) {
      byte[] hash = new byte[32];
      random.nextBytes(hash);
      // every fourth r is below p − n, where recovery ids 2 and 3 name a point (x = r + n < p)
      BigInteger r =
          i % 4 == 0
              ? new BigInteger(pMinusN.bitLength(), random)
                  .mod(pMinusN.subtract(BigInteger.ONE))
                  .add(BigInteger.ONE)
              : new BigInteger(256, random).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
      BigInteger s =
          new BigInteger(256, random).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
      for (int recId = 0; recId < 4; recId++) {
        byte[] viaLibrary = Secp256k1.recoverPublicKey(hash, recId, r, s);
        byte[] viaJava = Secp256k1.recoverWithBouncyCastle(hash, recId, r, s);
        assertThat(viaLibrary).as("r=%s s=%s recId=%d", r, s, recId).isEqualTo(viaJava);
        if (viaJava == null) {
          refused++;
        } else {
          recovered++;
        }
      }
    }
    // about half of all x have a point; ids 2 and 3 above p − n never do
    assertThat(recovered).isGreaterThan(400);
    assertThat(refused).isGreaterThan(400);
  }

  @Test
  void edgeValuesAreRefusedByBoth() {
    library();
    byte[] hash = new byte[32];
    hash[31] = 1;
    BigInteger one = BigInteger.ONE;
    BigInteger[][] pairs = {
      {N.subtract(one), one},
      {one, N.subtract(one)},
      {P.subtract(N), one},
      {P.subtract(N).subtract(one), one}
    };
    for (BigInteger[] pair : pairs) {
      for (int recId = 0; recId < 4; recId++) {
        assertThat(Secp256k1.recoverPublicKey(hash, recId, pair[0], pair[1]))
            .isEqualTo(Secp256k1.recoverWithBouncyCastle(hash, recId, pair[0], pair[1]));
      }
    }
    // out-of-range values never reach either implementation
    assertThat(Secp256k1.recoverPublicKey(hash, 0, N, one)).isNull();
    assertThat(Secp256k1.recoverPublicKey(hash, 0, one, BigInteger.ZERO)).isNull();
    assertThat(Secp256k1.recoverPublicKey(hash, 4, one, one)).isNull();
  }

  /**
   * Jazzer target: 32 bytes of hash, 32 of r, 32 of s and a recovery id byte; both implementations
   * give the same answer. Replays the seeds in {@code NativeSecp256k1TestInputs/} under Surefire;
   * {@code JAZZER_FUZZ=1} fuzzes.
   */
  @FuzzTest(maxDuration = "30s")
  void bothImplementationsAgreeOnAnyInput(byte[] data) {
    if (data.length < 97) {
      return;
    }
    byte[] hash = Arrays.copyOfRange(data, 0, 32);
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(data, 32, 64));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(data, 64, 96));
    int recId = data[96] & 3;
    byte[] viaLibrary = Secp256k1.recoverPublicKey(hash, recId, r, s);
    byte[] viaJava =
        Secp256k1.isValidScalar(r) && Secp256k1.isValidScalar(s)
            ? Secp256k1.recoverWithBouncyCastle(hash, recId, r, s)
            : null;
    assertThat(viaLibrary).isEqualTo(viaJava);
  }

  private static PrivateKey key(Random random) {
    BigInteger d = new BigInteger(256, random).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
    return PrivateKey.fromBytes(BigIntegers.asUnsignedByteArray(32, d));
  }

  private static byte[] rs(BigInteger r, BigInteger s) {
    byte[] out = new byte[64];
    BigIntegers.asUnsignedByteArray(r, out, 0, 32);
    BigIntegers.asUnsignedByteArray(s, out, 32, 32);
    return out;
  }
}
