package org.gridledger.sdk.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * An X25519 key pair (RFC 7748): a twin's or a node's encryption key. The private key is 32 raw
 * bytes (clamped when used, as RFC 7748 says), the public key the 32-byte u-coordinate, as the
 * contracts store it ({@code bytes32 x25519Key}). {@link #toString()} never shows the private key.
 */
public final class X25519KeyPair {
  public static final int KEY_SIZE = 32;

  private final byte[] privateKey;
  private final byte[] publicKey;

  private X25519KeyPair(byte[] privateKey) {
    this.privateKey = privateKey.clone();
    this.publicKey = new byte[KEY_SIZE];
    X25519.generatePublicKey(this.privateKey, 0, publicKey, 0);
  }

  /** A new random key pair. */
  public static X25519KeyPair generate(SecureRandom random) {
    byte[] key = new byte[KEY_SIZE];
    X25519.generatePrivateKey(random, key);
    return new X25519KeyPair(key);
  }

  /**
   * The key pair of a 32-byte private key.
   *
   * @throws IllegalArgumentException if the key is not 32 bytes
   */
  public static X25519KeyPair fromPrivateKey(byte[] privateKey) {
    if (privateKey.length != KEY_SIZE) {
      throw new IllegalArgumentException(
          "an X25519 private key is " + KEY_SIZE + " bytes, got " + privateKey.length);
    }
    return new X25519KeyPair(privateKey);
  }

  /** A copy of the private key. Handle with care. */
  public byte[] privateKey() {
    return privateKey.clone();
  }

  /** A copy of the public key (the u-coordinate, little-endian, 32 bytes). */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The public key as 0x-prefixed hex. */
  public String publicKeyHex() {
    return "0x" + HexFormat.of().formatHex(publicKey);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof X25519KeyPair k && Arrays.equals(privateKey, k.privateKey);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(publicKey);
  }

  @Override
  public String toString() {
    return "X25519KeyPair[public=" + publicKeyHex() + "]";
  }
}
