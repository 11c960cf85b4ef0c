package org.gridledger.evm.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Random;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.Keccak;
import org.junit.jupiter.api.Test;

class Secp256k1Test {
  /** secp256k1 field prime (SEC 2, section 2.4.1), written out independently of Bouncy Castle. */
  private static final BigInteger P =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F", 16);

  /** Group order n (SEC 2, section 2.4.1). */
  private static final BigInteger N =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

  static Path fixtures() {
    String root = System.getProperty("gridledger.repo.root", "");
    for (Path p = Path.of(root).toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("fixtures/ethereum-tests");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("fixtures/ethereum-tests not found above " + root);
  }

  @Test
  void curveConstantsMatchSec2() {
    assertThat(Secp256k1.N).isEqualTo(N);
    assertThat(Secp256k1.HALF_N).isEqualTo(N.shiftRight(1));
  }

  /**
   * BasicTests/keyaddrtest.json: the key is Keccak-256 of the seed ("brain wallet") and maps to the
   * address. The file's {@code sig_of_emptystring} is not used: it does not recover to the address
   * over Keccak-256(""), the zero hash or SHA-256("") with either parity, and other clients
   * (Nethermind's KeyAddressTests) ignore it as wrong for the same reason.
   */
  @Test
  void keyAddressVectors() throws IOException {
    JsonNode vectors =
        new ObjectMapper().readTree(fixtures().resolve("BasicTests/keyaddrtest.json").toFile());
    assertThat(vectors.size()).isPositive();
    for (JsonNode v : vectors) {
      String seed = v.get("seed").asText();
      byte[] keyBytes = Hex.decode(v.get("key").asText());
      assertThat(keyBytes).isEqualTo(Keccak.hash(seed.getBytes(StandardCharsets.UTF_8)));
      PrivateKey key = PrivateKey.fromBytes(keyBytes);
      Address expected = Address.fromHex(v.get("addr").asText());
      assertThat(key.address()).as(seed).isEqualTo(expected);
      // Our own signature of Keccak-256("") recovers to the vector's address.
      byte[] hash = Keccak.hash(new byte[0]);
      assertThat(Secp256k1.recoverAddress(hash, Secp256k1.sign(hash, key))).isEqualTo(expected);
    }
  }

  /**
   * The ecrecover input of go-ethereum's precompile benchmark (BenchmarkPrecompiledEcrecover in
   * core/vm/contracts_test.go): hash, v = 27, r, s → address.
   */
  @Test
  void knownRecoveryVector() {
    byte[] hash = Hex.decode("0x38d18acb67d25c8bb9942764b62f18e17054f66a817bd4295423adf9ed98873e");
    BigInteger r =
        new BigInteger("38d18acb67d25c8bb9942764b62f18e17054f66a817bd4295423adf9ed98873e", 16);
    BigInteger s =
        new BigInteger("789d1dd423d25f0772d2748d60f7e4b81bb14d086eba8e8e8efb6dcff8a4ae02", 16);
    assertThat(Secp256k1.recoverAddress(hash, 27 - 27, r, s))
        .isEqualTo(Address.fromHex("0xceaccac640adf55b2028469bd36ba501f28b699d"));
  }

  @Test
  void signRecoverRoundTripsAndIsLowS() {
    SecureRandom random = new SecureRandom(new byte[] {1});
    Random hashes = new Random(42);
    for (int i = 0; i < 200; i++) {
      PrivateKey key = PrivateKey.random(random);
      byte[] hash = new byte[32];
      hashes.nextBytes(hash);
      Signature sig = Secp256k1.sign(hash, key);
      assertThat(sig.isCanonical()).isTrue();
      assertThat(sig.s()).isLessThanOrEqualTo(N.shiftRight(1));
      assertThat(Secp256k1.recoverPublicKey(hash, sig)).isEqualTo(key.publicKey());
      assertThat(Secp256k1.recoverAddress(hash, sig)).isEqualTo(key.address());
      assertThat(Secp256k1.verify(hash, sig, key.publicKey())).isTrue();
      // The other parity recovers a different key; a different hash does not verify.
      assertThat(Secp256k1.recoverPublicKey(hash, sig.recId() ^ 1, sig.r(), sig.s()))
          .isNotEqualTo(key.publicKey());
      byte[] other = hash.clone();
      other[0] ^= 1;
      assertThat(Secp256k1.verify(other, sig, key.publicKey())).isFalse();
      // ECDSA malleability: (r, n - s) with flipped parity is the same signer (ecrecover accepts
      // it).
      assertThat(Secp256k1.recoverAddress(hash, sig.recId() ^ 1, sig.r(), N.subtract(sig.s())))
          .isEqualTo(key.address());
    }
  }

  @Test
  void signingIsDeterministic() {
    PrivateKey key = PrivateKey.fromHex("0x" + "11".repeat(32));
    byte[] hash = Keccak.hash(new byte[] {1, 2, 3});
    assertThat(Secp256k1.sign(hash, key)).isEqualTo(Secp256k1.sign(hash, key));
  }

  @Test
  void recoveryRejectsOutOfRangeValuesWithNull() {
    byte[] hash = Keccak.hash(new byte[0]);
    BigInteger one = BigInteger.ONE;
    assertThat(Secp256k1.recoverPublicKey(hash, 0, BigInteger.ZERO, one)).isNull();
    assertThat(Secp256k1.recoverPublicKey(hash, 0, one, BigInteger.ZERO)).isNull();
    assertThat(Secp256k1.recoverPublicKey(hash, 0, N, one)).isNull();
    assertThat(Secp256k1.recoverPublicKey(hash, 0, one, N)).isNull();
    assertThat(Secp256k1.recoverPublicKey(hash, 0, one.negate(), one)).isNull();
    assertThat(Secp256k1.recoverPublicKey(hash, 0, null, one)).isNull();
    assertThat(Secp256k1.recoverPublicKey(hash, 4, one, one)).isNull();
    assertThat(Secp256k1.recoverPublicKey(hash, -1, one, one)).isNull();
    assertThat(Secp256k1.recoverPublicKey(new byte[31], 0, one, one)).isNull();
    assertThat(Secp256k1.recoverPublicKey(null, 0, one, one)).isNull();
    // r + n ≥ p: no such x coordinate.
    assertThat(Secp256k1.recoverPublicKey(hash, 2, N.subtract(one), one)).isNull();
  }

  /** r values whose x³ + 7 is a quadratic non-residue mod p (Euler's criterion) recover nothing. */
  @Test
  void recoveryOfNonPointsIsNull() {
    byte[] hash = Keccak.hash(new byte[] {7});
    int nonPoints = 0;
    int points = 0;
    for (int x = 1; x <= 40; x++) {
      BigInteger bx = BigInteger.valueOf(x);
      boolean onCurve = isXCoordinate(bx);
      byte[] key = Secp256k1.recoverPublicKey(hash, 0, bx, BigInteger.TWO);
      if (onCurve) {
        points++;
        assertThat(key).as("x=%d", x).hasSize(64);
      } else {
        nonPoints++;
        assertThat(key).as("x=%d", x).isNull();
      }
    }
    assertThat(points).isPositive();
    assertThat(nonPoints).isPositive();
  }

  /**
   * Recovery ids 2 and 3 (x = r + n): recover a key for a nonce point with x in [n, p) and check
   * with plain ECDSA verification, which uses x mod n and so agrees independently.
   */
  @Test
  void recoveryIdsTwoAndThree() {
    BigInteger x = N.add(BigInteger.ONE);
    while (!isXCoordinate(x)) {
      x = x.add(BigInteger.ONE);
    }
    assertThat(x).isLessThan(P);
    BigInteger r = x.subtract(N);
    BigInteger s = new BigInteger("123456789abcdef", 16);
    byte[] hash = Keccak.hash(new byte[] {9});
    for (int recId = 2; recId <= 3; recId++) {
      byte[] key = Secp256k1.recoverPublicKey(hash, recId, r, s);
      assertThat(key).hasSize(64);
      assertThat(Secp256k1.verify(hash, new Signature(r, s, recId), key)).isTrue();
    }
  }

  @Test
  void verifyRejectsMalformedInput() {
    PrivateKey key = PrivateKey.fromHex("0x" + "22".repeat(32));
    byte[] hash = Keccak.hash(new byte[] {5});
    Signature sig = Secp256k1.sign(hash, key);
    assertThat(Secp256k1.verify(hash, sig, new byte[64])).isFalse();
    assertThat(Secp256k1.verify(hash, sig, new byte[63])).isFalse();
    assertThat(Secp256k1.verify(new byte[1], sig, key.publicKey())).isFalse();
    assertThat(Secp256k1.verify(hash, new Signature(N, sig.s(), 0), key.publicKey())).isFalse();
  }

  @Test
  void privateKeyRangeAndToString() {
    assertThatThrownBy(() -> PrivateKey.fromBytes(new byte[32]))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] n = toBytes32(N);
    assertThatThrownBy(() -> PrivateKey.fromBytes(n)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PrivateKey.fromBytes(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
    String hex = "c85ef7d79691fe79573b1a7064c19c1a9819ebdbd1faaab1a8ec92344438aaf4";
    PrivateKey key = PrivateKey.fromHex(hex);
    assertThat(Hex.encodeNoPrefix(key.toBytes())).isEqualTo(hex);
    assertThat(key.toString()).doesNotContain(hex).doesNotContain(hex.substring(0, 8));
    assertThat(key.toString()).contains(key.address().toHex());
  }

  private static boolean isXCoordinate(BigInteger x) {
    BigInteger rhs = x.pow(3).add(BigInteger.valueOf(7)).mod(P);
    return rhs.signum() == 0
        || rhs.modPow(P.subtract(BigInteger.ONE).shiftRight(1), P).equals(BigInteger.ONE);
  }

  private static byte[] toBytes32(BigInteger v) {
    byte[] out = new byte[32];
    byte[] b = v.toByteArray();
    int off = b.length > 32 ? b.length - 32 : 0;
    System.arraycopy(b, off, out, 32 - (b.length - off), b.length - off);
    return out;
  }
}
