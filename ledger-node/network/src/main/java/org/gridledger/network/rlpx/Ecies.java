package org.gridledger.network.rlpx;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.network.WireFormatException;
import org.gridledger.network.node.NodeId;

/**
 * ECIES as RLPx uses it (rlpx.md "ECIES Encryption"): secp256k1 ECDH, the NIST SP 800-56
 * concatenation KDF over SHA-256, AES-128-CTR and HMAC-SHA256 keyed with {@code sha256(kM)}. The
 * ciphertext is {@code R ‖ iv ‖ c ‖ d} where R is the 65-byte uncompressed ephemeral public key and
 * d the 32-byte tag over {@code iv ‖ c ‖ sharedMacData} (the EIP-8 size prefix, or nothing for the
 * legacy format). Stateless and thread-safe.
 */
public final class Ecies {
  /** Bytes added to a plaintext: R (65), iv (16) and the tag (32). */
  public static final int OVERHEAD = 65 + 16 + 32;

  private Ecies() {}

  /** Encrypts {@code plaintext} to {@code recipient} with a fresh ephemeral key and iv. */
  public static byte[] encrypt(
      NodeId recipient, byte[] plaintext, byte[] sharedMacData, SecureRandom random) {
    PrivateKey r = PrivateKey.random(random);
    byte[] iv = new byte[16];
    random.nextBytes(iv);
    return encrypt(recipient, plaintext, sharedMacData, r, iv);
  }

  /** Encryption with a given ephemeral key and iv (deterministic; for tests and vectors). */
  public static byte[] encrypt(
      NodeId recipient, byte[] plaintext, byte[] sharedMacData, PrivateKey ephemeral, byte[] iv) {
    byte[][] keys = deriveKeys(Ecdh.agree(ephemeral, recipient));
    byte[] c = aesCtr(keys[0], iv, plaintext);
    byte[] out = new byte[OVERHEAD + plaintext.length];
    out[0] = 0x04;
    System.arraycopy(ephemeral.publicKey(), 0, out, 1, 64);
    System.arraycopy(iv, 0, out, 65, 16);
    System.arraycopy(c, 0, out, 81, c.length);
    byte[] tag = hmac(keys[1], out, 65, 16 + c.length, sharedMacData);
    System.arraycopy(tag, 0, out, 81 + c.length, 32);
    return out;
  }

  /**
   * Decrypts and authenticates an ECIES ciphertext addressed to {@code key}. The tag is checked
   * before anything is decrypted.
   *
   * @throws WireFormatException if the input is too short, R is not a curve point or the tag does
   *     not match
   */
  public static byte[] decrypt(PrivateKey key, byte[] ciphertext, byte[] sharedMacData) {
    if (ciphertext.length < OVERHEAD) {
      throw new WireFormatException(
          "ECIES ciphertext of " + ciphertext.length + " bytes is shorter than " + OVERHEAD, 0);
    }
    if (ciphertext[0] != 0x04) {
      throw new WireFormatException("ECIES public key must be uncompressed (0x04)", 0);
    }
    NodeId r;
    try {
      r = NodeId.of(Arrays.copyOfRange(ciphertext, 1, 65));
    } catch (WireFormatException e) {
      throw new WireFormatException("ECIES public key is not on the curve", 1, e);
    }
    byte[][] keys = deriveKeys(Ecdh.agree(key, r));
    int cLen = ciphertext.length - OVERHEAD;
    byte[] expected = hmac(keys[1], ciphertext, 65, 16 + cLen, sharedMacData);
    byte[] tag = Arrays.copyOfRange(ciphertext, ciphertext.length - 32, ciphertext.length);
    if (!MessageDigest.isEqual(expected, tag)) {
      throw new WireFormatException("ECIES tag mismatch", ciphertext.length - 32);
    }
    byte[] iv = Arrays.copyOfRange(ciphertext, 65, 81);
    return aesCtr(keys[0], iv, Arrays.copyOfRange(ciphertext, 81, 81 + cLen));
  }

  /**
   * {@code kE ‖ kM = KDF(S, 32)} with one round of the concatenation KDF ({@code sha256(counter=1 ‖
   * S)}, no other info), then the MAC key is {@code sha256(kM)}.
   */
  private static byte[][] deriveKeys(byte[] sharedSecret) {
    MessageDigest sha256 = sha256();
    sha256.update(new byte[] {0, 0, 0, 1});
    sha256.update(sharedSecret);
    byte[] k = sha256.digest();
    byte[] encKey = Arrays.copyOfRange(k, 0, 16);
    byte[] macKey = sha256().digest(Arrays.copyOfRange(k, 16, 32));
    return new byte[][] {encKey, macKey};
  }

  private static byte[] aesCtr(byte[] key, byte[] iv, byte[] data) {
    try {
      Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
      return cipher.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR is a standard JDK algorithm", e);
    }
  }

  private static byte[] hmac(byte[] key, byte[] data, int offset, int length, byte[] extra) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(data, offset, length);
      mac.update(extra);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is a standard JDK algorithm", e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is a standard JDK algorithm", e);
    }
  }
}
