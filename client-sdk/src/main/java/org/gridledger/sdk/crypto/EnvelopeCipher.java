package org.gridledger.sdk.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * Seals and opens version-1 envelopes (docs/encryption.md).
 *
 * <ol>
 *   <li>An ephemeral X25519 key pair {@code (e, E)} per envelope; {@code shared = X25519(e, R)}
 *       with the recipient's public key R (an all-zero result, from a low-order R, is refused).
 *   <li>{@code key = HKDF-SHA256(ikm = shared, salt = E ‖ R, info = "gridledger envelope v1", 32
 *       bytes)} (RFC 5869). Binding both public keys into the salt ties the key to this recipient.
 *   <li>{@code ciphertext = AES-256-GCM(key, nonce (12 random bytes), plaintext, aad)} with a
 *       128-bit tag, where {@code aad = version byte ‖ associatedData}: the contract context
 *       ({@link ContractContext}), so an envelope cannot be replayed into another contract or
 *       chain.
 * </ol>
 */
public final class EnvelopeCipher {
  /** HKDF info of version 1. */
  public static final byte[] HKDF_INFO_V1 =
      "gridledger envelope v1".getBytes(StandardCharsets.US_ASCII);

  private final SecureRandom random;

  /** A cipher drawing ephemeral keys and nonces from {@code random}. */
  public EnvelopeCipher(SecureRandom random) {
    this.random = random;
  }

  /** A cipher drawing from a new {@link SecureRandom}. */
  public EnvelopeCipher() {
    this(new SecureRandom());
  }

  /**
   * Encrypts {@code plaintext} to {@code recipientPublicKey}, authenticating {@code
   * associatedData}.
   *
   * @throws EnvelopeException INVALID_KEY if the public key is not 32 bytes or of low order
   */
  public byte[] seal(byte[] recipientPublicKey, byte[] plaintext, byte[] associatedData)
      throws EnvelopeException {
    byte[] ephemeral = new byte[X25519KeyPair.KEY_SIZE];
    X25519.generatePrivateKey(random, ephemeral);
    byte[] nonce = new byte[Envelope.NONCE_SIZE];
    random.nextBytes(nonce);
    return sealWith(recipientPublicKey, plaintext, associatedData, ephemeral, nonce);
  }

  /** HKDF info prefix of {@link #sealDeterministic}. */
  public static final byte[] DETERMINISTIC_INFO_V1 =
      "gridledger deterministic envelope v1".getBytes(StandardCharsets.US_ASCII);

  /**
   * Seals so that the same inputs give the same envelope (docs/encryption.md, "Deterministic
   * sealing"): the ephemeral key and nonce are {@code HKDF-SHA256(IKM = senderSecret, salt = R,
   * info = "gridledger deterministic envelope v1" ‖ SHA-256(len(aad) (4 bytes, big-endian) ‖ aad ‖
   * plaintext), 44 bytes)}, split 32 + 12. Different plaintexts, contexts or recipients give
   * different ephemeral keys, so a key and nonce pair never encrypts two messages; identical
   * submissions give identical envelopes (and on-chain deployment hashes), which is what lets a
   * client recognise a repeated submit. It reveals that two envelopes carry the same message to the
   * same recipient, nothing else.
   *
   * @param senderSecret a 32-byte secret of the sender (the SDK uses its twin's X25519 private key)
   */
  public static byte[] sealDeterministic(
      byte[] recipientPublicKey, byte[] plaintext, byte[] associatedData, byte[] senderSecret)
      throws EnvelopeException {
    checkKey(recipientPublicKey, "recipient public key");
    checkKey(senderSecret, "sender secret");
    byte[] ad = associatedData == null ? new byte[0] : associatedData;
    org.bouncycastle.crypto.digests.SHA256Digest sha = new SHA256Digest();
    sha.update(
        new byte[] {
          (byte) (ad.length >>> 24),
          (byte) (ad.length >>> 16),
          (byte) (ad.length >>> 8),
          (byte) ad.length
        },
        0,
        4);
    sha.update(ad, 0, ad.length);
    sha.update(plaintext, 0, plaintext.length);
    byte[] digest = new byte[32];
    sha.doFinal(digest, 0);
    byte[] info = new byte[DETERMINISTIC_INFO_V1.length + 32];
    System.arraycopy(DETERMINISTIC_INFO_V1, 0, info, 0, DETERMINISTIC_INFO_V1.length);
    System.arraycopy(digest, 0, info, DETERMINISTIC_INFO_V1.length, 32);
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(senderSecret, recipientPublicKey, info));
    byte[] okm = new byte[44];
    hkdf.generateBytes(okm, 0, okm.length);
    return sealWith(
        recipientPublicKey,
        plaintext,
        ad,
        java.util.Arrays.copyOf(okm, 32),
        java.util.Arrays.copyOfRange(okm, 32, 44));
  }

  /**
   * Seals with a given ephemeral private key and nonce. Test-only hook for the published vectors
   * (docs/encryption.md): reusing an ephemeral key or nonce breaks the encryption, so this is not
   * public.
   */
  static byte[] sealWith(
      byte[] recipientPublicKey,
      byte[] plaintext,
      byte[] associatedData,
      byte[] ephemeralPrivateKey,
      byte[] nonce)
      throws EnvelopeException {
    checkKey(recipientPublicKey, "recipient public key");
    byte[] ephemeralPublic = new byte[X25519KeyPair.KEY_SIZE];
    X25519.generatePublicKey(ephemeralPrivateKey, 0, ephemeralPublic, 0);
    byte[] key =
        deriveKey(ephemeralPrivateKey, recipientPublicKey, ephemeralPublic, recipientPublicKey);
    byte[] ciphertext = gcm(true, key, nonce, aad(associatedData), plaintext);
    return new Envelope(Envelope.VERSION_1, ephemeralPublic, nonce, ciphertext).toBytes();
  }

  /**
   * Decrypts an envelope with the recipient's private key.
   *
   * @throws EnvelopeException MALFORMED or UNSUPPORTED_VERSION for bad bytes, AUTHENTICATION_FAILED
   *     for a changed envelope, other associated data or another key, INVALID_KEY for a bad key
   */
  public static byte[] open(byte[] recipientPrivateKey, byte[] envelope, byte[] associatedData)
      throws EnvelopeException {
    checkKey(recipientPrivateKey, "recipient private key");
    Envelope parsed = Envelope.parse(envelope);
    byte[] recipientPublic = new byte[X25519KeyPair.KEY_SIZE];
    X25519.generatePublicKey(recipientPrivateKey, 0, recipientPublic, 0);
    byte[] ephemeralPublic = parsed.ephemeralPublicKey();
    byte[] key;
    try {
      key = deriveKey(recipientPrivateKey, ephemeralPublic, ephemeralPublic, recipientPublic);
    } catch (EnvelopeException lowOrder) {
      // A low-order ephemeral key can only come from a forged envelope.
      throw new EnvelopeException(
          EnvelopeException.Reason.AUTHENTICATION_FAILED,
          "envelope's ephemeral key (offset 1) is a low-order point: the envelope is forged");
    }
    return gcm(false, key, parsed.nonce(), aad(associatedData), parsed.ciphertext());
  }

  private static void checkKey(byte[] key, String what) throws EnvelopeException {
    if (key == null || key.length != X25519KeyPair.KEY_SIZE) {
      throw new EnvelopeException(
          EnvelopeException.Reason.INVALID_KEY,
          what
              + " must be "
              + X25519KeyPair.KEY_SIZE
              + " bytes, got "
              + (key == null ? "none" : key.length));
    }
  }

  private static byte[] deriveKey(
      byte[] privateKey, byte[] peerPublic, byte[] ephemeralPublic, byte[] recipientPublic)
      throws EnvelopeException {
    byte[] shared = new byte[32];
    if (!X25519.calculateAgreement(privateKey, 0, peerPublic, 0, shared, 0)) {
      throw new EnvelopeException(
          EnvelopeException.Reason.INVALID_KEY,
          "X25519 gave an all-zero shared secret: the public key is a low-order point");
    }
    byte[] salt = new byte[64];
    System.arraycopy(ephemeralPublic, 0, salt, 0, 32);
    System.arraycopy(recipientPublic, 0, salt, 32, 32);
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(shared, salt, HKDF_INFO_V1));
    byte[] key = new byte[32];
    hkdf.generateBytes(key, 0, key.length);
    return key;
  }

  private static byte[] aad(byte[] associatedData) {
    byte[] ad = associatedData == null ? new byte[0] : associatedData;
    byte[] out = new byte[1 + ad.length];
    out[0] = (byte) Envelope.VERSION_1;
    System.arraycopy(ad, 0, out, 1, ad.length);
    return out;
  }

  private static byte[] gcm(boolean encrypt, byte[] key, byte[] nonce, byte[] aad, byte[] input)
      throws EnvelopeException {
    GCMModeCipher cipher = GCMBlockCipher.newInstance(AESEngine.newInstance());
    cipher.init(
        encrypt, new AEADParameters(new KeyParameter(key), Envelope.TAG_SIZE * 8, nonce, aad));
    byte[] out = new byte[cipher.getOutputSize(input.length)];
    int n = cipher.processBytes(input, 0, input.length, out, 0);
    try {
      cipher.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      throw new EnvelopeException(
          EnvelopeException.Reason.AUTHENTICATION_FAILED,
          "envelope does not authenticate: it was changed, the contract context differs, or this"
              + " is not the recipient's key");
    }
    return out;
  }
}
