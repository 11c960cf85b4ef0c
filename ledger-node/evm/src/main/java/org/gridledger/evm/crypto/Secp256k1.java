package org.gridledger.evm.crypto;

import java.math.BigInteger;
import java.util.Optional;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;
import org.gridledger.evm.types.Address;

/**
 * ECDSA over secp256k1 (SEC 2) as Ethereum uses it. All methods are stateless and thread-safe;
 * Bouncy Castle caches the base point's precomputed tables internally and synchronises that cache.
 *
 * <p>Hashes are always 32 bytes (Keccak-256 digests in Ethereum); this class does not hash. The
 * recovery methods never throw on bad signature values: they return {@code null}, because they are
 * also the core of the ecrecover precompile, whose input is arbitrary.
 */
public final class Secp256k1 {
  private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256k1");
  private static final ECCurve CURVE = PARAMS.getCurve();
  private static final ECPoint G = PARAMS.getG();

  /** The group order n. */
  public static final BigInteger N = PARAMS.getN();

  /** ⌊n/2⌋: the largest s a signature may have under EIP-2. */
  public static final BigInteger HALF_N = N.shiftRight(1);

  /** The field prime p; an x coordinate r + n is only a point if it is below p. */
  private static final BigInteger P = CURVE.getField().getCharacteristic();

  private Secp256k1() {}

  /**
   * Signs a 32-byte hash. The nonce is derived deterministically from the key and hash (RFC 6979
   * with HMAC-SHA256), so signing the same hash twice gives the same signature. The result is low-s
   * (EIP-2) and its recovery id is 0 or 1: a nonce whose point has x ≥ n (probability about 2^-128)
   * is skipped, since Ethereum cannot express such a recovery id.
   */
  public static Signature sign(byte[] hash, PrivateKey key) {
    requireHash(hash);
    BigInteger d = key.secret();
    BigInteger e = new BigInteger(1, hash);
    HMacDSAKCalculator nonces = new HMacDSAKCalculator(new SHA256Digest());
    nonces.init(N, d, hash);
    FixedPointCombMultiplier multiplier = new FixedPointCombMultiplier();
    while (true) {
      BigInteger k = nonces.nextK();
      ECPoint point = multiplier.multiply(G, k).normalize();
      BigInteger x = point.getAffineXCoord().toBigInteger();
      if (x.compareTo(N) >= 0) {
        continue;
      }
      BigInteger r = x;
      if (r.signum() == 0) {
        continue;
      }
      BigInteger s = BigIntegers.modOddInverse(N, k).multiply(e.add(d.multiply(r))).mod(N);
      if (s.signum() == 0) {
        continue;
      }
      int recId = point.getAffineYCoord().testBitZero() ? 1 : 0;
      if (s.compareTo(HALF_N) > 0) {
        // (r, n - s) is the same signature for the negated nonce point, whose y parity flips.
        s = N.subtract(s);
        recId ^= 1;
      }
      return new Signature(r, s, recId);
    }
  }

  /**
   * Recovers the public key that produced {@code (r, s)} over {@code hash}.
   *
   * <p>Accepts any r and s in [1, n) (high s included, as ecrecover does) and any recovery id 0..3.
   *
   * @return the 64-byte uncompressed public key (x ‖ y), or {@code null} if the hash is not 32
   *     bytes, a value is out of range, r is not the x coordinate of a curve point, or the
   *     recovered point is the point at infinity
   */
  public static byte[] recoverPublicKey(byte[] hash, int recId, BigInteger r, BigInteger s) {
    if (hash == null || hash.length != 32 || recId < 0 || recId > 3) {
      return null;
    }
    if (!isValidScalar(r) || !isValidScalar(s)) {
      return null;
    }
    Optional<NativeSecp256k1> library = NativeSecp256k1.get();
    if (library.isPresent()) {
      byte[] rs = new byte[64];
      BigIntegers.asUnsignedByteArray(r, rs, 0, 32);
      BigIntegers.asUnsignedByteArray(s, rs, 32, 32);
      return library.get().recover(hash, rs, recId);
    }
    return recoverWithBouncyCastle(hash, recId, r, s);
  }

  /**
   * {@link #recoverPublicKey(byte[], int, BigInteger, BigInteger)} in Java, for machines without
   * libsecp256k1; arguments already checked.
   */
  static byte[] recoverWithBouncyCastle(byte[] hash, int recId, BigInteger r, BigInteger s) {
    BigInteger x = (recId & 2) != 0 ? r.add(N) : r;
    if (x.compareTo(P) >= 0) {
      return null;
    }
    ECPoint noncePoint = decompress(x, (recId & 1) != 0);
    if (noncePoint == null) {
      return null;
    }
    // Q = r^-1 (s·R − e·G), computed as one double-scalar multiplication u1·G + u2·R.
    BigInteger rInv = BigIntegers.modOddInverseVar(N, r);
    BigInteger e = new BigInteger(1, hash);
    BigInteger u1 = e.multiply(rInv).negate().mod(N);
    BigInteger u2 = s.multiply(rInv).mod(N);
    ECPoint q = ECAlgorithms.sumOfTwoMultiplies(G, u1, noncePoint, u2).normalize();
    if (q.isInfinity()) {
      return null;
    }
    return encodeAffine(q);
  }

  /**
   * Which implementation recovers public keys in this process: {@code "libsecp256k1"} or, where the
   * library is not installed or turned off, {@code "Bouncy Castle (" + why + ")"}; for a node's
   * start-up log.
   */
  public static String recoveryImplementation() {
    return NativeSecp256k1.unavailableReason()
        .map(why -> "Bouncy Castle (" + why + ")")
        .orElse("libsecp256k1");
  }

  /**
   * Recovers the public key for a signature; see {@link #recoverPublicKey(byte[], int, BigInteger,
   * BigInteger)}.
   */
  public static byte[] recoverPublicKey(byte[] hash, Signature signature) {
    return recoverPublicKey(hash, signature.recId(), signature.r(), signature.s());
  }

  /**
   * The address of the key that produced {@code (r, s)} over {@code hash}, or {@code null} where
   * {@link #recoverPublicKey(byte[], int, BigInteger, BigInteger)} gives {@code null}.
   */
  public static Address recoverAddress(byte[] hash, int recId, BigInteger r, BigInteger s) {
    byte[] publicKey = recoverPublicKey(hash, recId, r, s);
    return publicKey == null ? null : Address.fromPublicKey(publicKey);
  }

  /** The signer's address, or {@code null} if the signature does not recover to a key. */
  public static Address recoverAddress(byte[] hash, Signature signature) {
    return recoverAddress(hash, signature.recId(), signature.r(), signature.s());
  }

  /**
   * Plain ECDSA verification of {@code (r, s)} against a 64-byte public key. The recovery id is not
   * used and high s is accepted; callers that need EIP-2 check {@link Signature#isCanonical()}.
   * Returns {@code false} (never throws) for malformed input.
   */
  public static boolean verify(byte[] hash, Signature signature, byte[] publicKey64) {
    if (hash == null || hash.length != 32 || publicKey64 == null || publicKey64.length != 64) {
      return false;
    }
    BigInteger r = signature.r();
    BigInteger s = signature.s();
    if (!isValidScalar(r) || !isValidScalar(s)) {
      return false;
    }
    ECPoint q;
    try {
      byte[] encoded = new byte[65];
      encoded[0] = 0x04;
      System.arraycopy(publicKey64, 0, encoded, 1, 64);
      q = CURVE.decodePoint(encoded);
    } catch (IllegalArgumentException notOnCurve) {
      return false;
    }
    BigInteger w = BigIntegers.modOddInverseVar(N, s);
    BigInteger e = new BigInteger(1, hash);
    BigInteger u1 = e.multiply(w).mod(N);
    BigInteger u2 = r.multiply(w).mod(N);
    ECPoint point = ECAlgorithms.sumOfTwoMultiplies(G, u1, q, u2).normalize();
    return !point.isInfinity() && point.getAffineXCoord().toBigInteger().mod(N).equals(r);
  }

  /** The 64-byte uncompressed public key (x ‖ y) of a private key. */
  public static byte[] publicKey(PrivateKey key) {
    ECPoint q = new FixedPointCombMultiplier().multiply(G, key.secret()).normalize();
    return encodeAffine(q);
  }

  /** The address of a 64-byte uncompressed public key: the low 20 bytes of its Keccak-256. */
  public static Address toAddress(byte[] publicKey64) {
    return Address.fromPublicKey(publicKey64);
  }

  /** Whether {@code v} lies in [1, n): the range of r, s and private keys. */
  public static boolean isValidScalar(BigInteger v) {
    return v != null && v.signum() > 0 && v.compareTo(N) < 0;
  }

  /** Whether {@code s} lies in [1, n/2] (EIP-2). */
  public static boolean isLowS(BigInteger s) {
    return s != null && s.signum() > 0 && s.compareTo(HALF_N) <= 0;
  }

  /** The curve point with x coordinate {@code x} and the given y parity, or null if none exists. */
  private static ECPoint decompress(BigInteger x, boolean yOdd) {
    byte[] compressed = new byte[33];
    compressed[0] = (byte) (yOdd ? 0x03 : 0x02);
    BigIntegers.asUnsignedByteArray(x, compressed, 1, 32);
    try {
      return CURVE.decodePoint(compressed);
    } catch (IllegalArgumentException notOnCurve) {
      // x³ + 7 has no square root modulo p: r does not name a point.
      return null;
    }
  }

  /** x ‖ y of a normalised, finite point. */
  private static byte[] encodeAffine(ECPoint normalized) {
    byte[] out = new byte[64];
    normalized.getAffineXCoord().encodeTo(out, 0);
    normalized.getAffineYCoord().encodeTo(out, 32);
    return out;
  }

  private static void requireHash(byte[] hash) {
    if (hash == null || hash.length != 32) {
      throw new IllegalArgumentException(
          "a message hash is 32 bytes, got " + (hash == null ? "null" : hash.length));
    }
  }
}
