package org.gridledger.sdk.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
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
 * Seals and opens envelopes (docs/encryption.md). Version 1 ({@link #seal}) has one recipient;
 * version 2 ({@link #sealToAll}) encrypts the plaintext once with a random content key and wraps
 * that key for each recipient the same way version 1 derives its key (ephemeral X25519, HKDF with
 * info "gridledger envelope v2"), so the node and the owner both open a deployment. {@link #open}
 * reads both. Version 1:
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
    byte[] okm =
        deterministicOkm(
            senderSecret, recipientPublicKey, DETERMINISTIC_INFO_V1, ad, plaintext, 44);
    return sealWith(
        recipientPublicKey,
        plaintext,
        ad,
        java.util.Arrays.copyOf(okm, 32),
        java.util.Arrays.copyOfRange(okm, 32, 44));
  }

  /**
   * {@code HKDF-SHA256(IKM = senderSecret, salt, info = infoPrefix ‖ SHA-256(len(aad) (4 bytes,
   * big-endian) ‖ aad ‖ plaintext), length)}: the secret values of deterministic sealing.
   */
  private static byte[] deterministicOkm(
      byte[] senderSecret,
      byte[] salt,
      byte[] infoPrefix,
      byte[] ad,
      byte[] plaintext,
      int length) {
    SHA256Digest sha = new SHA256Digest();
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
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(senderSecret, salt, concat(infoPrefix, digest)));
    byte[] okm = new byte[length];
    hkdf.generateBytes(okm, 0, okm.length);
    return okm;
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
        deriveKey(
            ephemeralPrivateKey,
            recipientPublicKey,
            ephemeralPublic,
            recipientPublicKey,
            HKDF_INFO_V1);
    byte[] ciphertext = gcm(true, key, nonce, aad(Envelope.VERSION_1, associatedData), plaintext);
    return new Envelope.V1(ephemeralPublic, nonce, ciphertext).toBytes();
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
    return switch (parsed) {
      case Envelope.V1 v1 -> {
        byte[] key = peerKey(recipientPrivateKey, ephemeralPublic, recipientPublic, HKDF_INFO_V1);
        yield gcm(false, key, v1.nonce(), aad(Envelope.VERSION_1, associatedData), v1.ciphertext());
      }
      case Envelope.V2 v2 -> {
        byte[] kek = peerKey(recipientPrivateKey, ephemeralPublic, recipientPublic, HKDF_INFO_V2);
        byte[] wrapAad = aad(Envelope.VERSION_2, associatedData);
        byte[] contentKey = null;
        for (byte[] wrapped : v2.wrappedKeys()) {
          try {
            contentKey = gcm(false, kek, WRAP_NONCE, wrapAad, wrapped);
            break;
          } catch (EnvelopeException notThisSlot) {
            // Each slot authenticates only under its own recipient's key: try the next one.
          }
        }
        if (contentKey == null) {
          throw new EnvelopeException(
              EnvelopeException.Reason.AUTHENTICATION_FAILED,
              "no wrapped key of this version-2 envelope opens with this key: it was changed, the"
                  + " contract context differs, or this key is not one of its "
                  + v2.wrappedKeys().size()
                  + " recipients");
        }
        yield gcm(
            false,
            contentKey,
            v2.nonce(),
            concat(v2.header(), associatedData == null ? new byte[0] : associatedData),
            v2.ciphertext());
      }
    };
  }

  private static byte[] peerKey(
      byte[] recipientPrivateKey, byte[] ephemeralPublic, byte[] recipientPublic, byte[] info)
      throws EnvelopeException {
    try {
      return deriveKey(
          recipientPrivateKey, ephemeralPublic, ephemeralPublic, recipientPublic, info);
    } catch (EnvelopeException lowOrder) {
      // A low-order ephemeral key can only come from a forged envelope.
      throw new EnvelopeException(
          EnvelopeException.Reason.AUTHENTICATION_FAILED,
          "envelope's ephemeral key (offset 1) is a low-order point: the envelope is forged");
    }
  }

  // ------------------------------------------------------------------ version 2

  /** HKDF info of version 2 (the key that wraps the content key for one recipient). */
  public static final byte[] HKDF_INFO_V2 =
      "gridledger envelope v2".getBytes(StandardCharsets.US_ASCII);

  /** HKDF info prefix of {@link #sealDeterministicToAll}. */
  public static final byte[] DETERMINISTIC_INFO_V2 =
      "gridledger deterministic envelope v2".getBytes(StandardCharsets.US_ASCII);

  /**
   * The nonce of every key wrap: all zero. Safe because each wrapping key encrypts exactly one
   * message: it is derived from this envelope's ephemeral key and one recipient's key, and a new
   * ephemeral key is drawn (or derived from the message) for every envelope.
   */
  private static final byte[] WRAP_NONCE = new byte[Envelope.NONCE_SIZE];

  /**
   * Encrypts {@code plaintext} once to every key of {@code recipientPublicKeys} (a version-2
   * envelope): any one of their private keys opens it, no other key does.
   *
   * @throws EnvelopeException INVALID_KEY for a key that is not 32 bytes or of low order, or for a
   *     recipient list that is empty, longer than {@link Envelope#MAX_RECIPIENTS} or repeats a key
   */
  public byte[] sealToAll(List<byte[]> recipientPublicKeys, byte[] plaintext, byte[] associatedData)
      throws EnvelopeException {
    byte[] ephemeral = new byte[X25519KeyPair.KEY_SIZE];
    X25519.generatePrivateKey(random, ephemeral);
    byte[] contentKey = new byte[32];
    random.nextBytes(contentKey);
    byte[] nonce = new byte[Envelope.NONCE_SIZE];
    random.nextBytes(nonce);
    return sealWithV2(recipientPublicKeys, plaintext, associatedData, ephemeral, contentKey, nonce);
  }

  /**
   * {@link #sealToAll} where the same inputs give the same envelope (docs/encryption.md,
   * "Deterministic sealing"): the ephemeral key, content key and nonce are {@code HKDF-SHA256(IKM =
   * senderSecret, salt = R1 ‖ … ‖ Rk, info = "gridledger deterministic envelope v2" ‖
   * SHA-256(len(aad) (4 bytes, big-endian) ‖ aad ‖ plaintext), 76 bytes)}, split 32 + 32 + 12.
   *
   * @param senderSecret a 32-byte secret of the sender (the SDK uses its twin's X25519 private key)
   */
  public static byte[] sealDeterministicToAll(
      List<byte[]> recipientPublicKeys,
      byte[] plaintext,
      byte[] associatedData,
      byte[] senderSecret)
      throws EnvelopeException {
    checkRecipients(recipientPublicKeys);
    checkKey(senderSecret, "sender secret");
    byte[] ad = associatedData == null ? new byte[0] : associatedData;
    byte[] okm =
        deterministicOkm(
            senderSecret,
            concat(recipientPublicKeys.toArray(byte[][]::new)),
            DETERMINISTIC_INFO_V2,
            ad,
            plaintext,
            76);
    return sealWithV2(
        recipientPublicKeys,
        plaintext,
        ad,
        java.util.Arrays.copyOf(okm, 32),
        java.util.Arrays.copyOfRange(okm, 32, 64),
        java.util.Arrays.copyOfRange(okm, 64, 76));
  }

  /**
   * Seals a version-2 envelope with a given ephemeral private key, content key and nonce. Test-only
   * hook for the published vectors, like {@link #sealWith}.
   */
  static byte[] sealWithV2(
      List<byte[]> recipientPublicKeys,
      byte[] plaintext,
      byte[] associatedData,
      byte[] ephemeralPrivateKey,
      byte[] contentKey,
      byte[] nonce)
      throws EnvelopeException {
    checkRecipients(recipientPublicKeys);
    byte[] ad = associatedData == null ? new byte[0] : associatedData;
    byte[] ephemeralPublic = new byte[X25519KeyPair.KEY_SIZE];
    X25519.generatePublicKey(ephemeralPrivateKey, 0, ephemeralPublic, 0);
    List<byte[]> wrapped = new ArrayList<>();
    for (byte[] recipient : recipientPublicKeys) {
      byte[] kek =
          deriveKey(ephemeralPrivateKey, recipient, ephemeralPublic, recipient, HKDF_INFO_V2);
      wrapped.add(gcm(true, kek, WRAP_NONCE, aad(Envelope.VERSION_2, ad), contentKey));
    }
    // The ciphertext field is filled below; a placeholder tag keeps the record's size check.
    Envelope.V2 headerOnly =
        new Envelope.V2(ephemeralPublic, wrapped, nonce, new byte[Envelope.TAG_SIZE]);
    byte[] ciphertext = gcm(true, contentKey, nonce, concat(headerOnly.header(), ad), plaintext);
    return new Envelope.V2(ephemeralPublic, wrapped, nonce, ciphertext).toBytes();
  }

  private static void checkRecipients(List<byte[]> recipients) throws EnvelopeException {
    if (recipients == null || recipients.isEmpty() || recipients.size() > Envelope.MAX_RECIPIENTS) {
      throw new EnvelopeException(
          EnvelopeException.Reason.INVALID_KEY,
          "a version-2 envelope has 1 to "
              + Envelope.MAX_RECIPIENTS
              + " recipients, got "
              + (recipients == null ? 0 : recipients.size()));
    }
    for (int i = 0; i < recipients.size(); i++) {
      checkKey(recipients.get(i), "recipient public key " + i);
      for (int j = 0; j < i; j++) {
        if (java.util.Arrays.equals(recipients.get(i), recipients.get(j))) {
          throw new EnvelopeException(
              EnvelopeException.Reason.INVALID_KEY,
              "recipient public key " + i + " repeats recipient " + j);
        }
      }
    }
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
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
      byte[] privateKey,
      byte[] peerPublic,
      byte[] ephemeralPublic,
      byte[] recipientPublic,
      byte[] info)
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
    hkdf.init(new HKDFParameters(shared, salt, info));
    byte[] key = new byte[32];
    hkdf.generateBytes(key, 0, key.length);
    return key;
  }

  private static byte[] aad(int version, byte[] associatedData) {
    byte[] ad = associatedData == null ? new byte[0] : associatedData;
    byte[] out = new byte[1 + ad.length];
    out[0] = (byte) version;
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
