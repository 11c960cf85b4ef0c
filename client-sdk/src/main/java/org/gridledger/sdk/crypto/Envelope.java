package org.gridledger.sdk.crypto;

import java.util.Arrays;

/**
 * The parsed bytes of a version-1 envelope: {@code version (1) ‖ ephemeral X25519 public key (32) ‖
 * nonce (12) ‖ AES-256-GCM ciphertext with its 16-byte tag}. {@link #parse} is strict: it accepts
 * exactly this layout and nothing else, so every accepted input re-serialises to itself.
 */
public record Envelope(int version, byte[] ephemeralPublicKey, byte[] nonce, byte[] ciphertext) {
  public static final int VERSION_1 = 1;
  public static final int NONCE_SIZE = 12;
  public static final int TAG_SIZE = 16;
  public static final int HEADER_SIZE = 1 + X25519KeyPair.KEY_SIZE + NONCE_SIZE;

  /** The smallest envelope: an empty plaintext still has its tag. */
  public static final int MIN_SIZE = HEADER_SIZE + TAG_SIZE;

  /** The largest envelope this SDK reads: 1 MiB (the devnet accepts 16 KiB deployments). */
  public static final int MAX_SIZE = 1 << 20;

  public Envelope {
    if (version != VERSION_1) {
      throw new IllegalArgumentException("only version 1 envelopes exist, got " + version);
    }
    if (ephemeralPublicKey.length != X25519KeyPair.KEY_SIZE
        || nonce.length != NONCE_SIZE
        || ciphertext.length < TAG_SIZE) {
      throw new IllegalArgumentException("envelope fields have the wrong sizes");
    }
    ephemeralPublicKey = ephemeralPublicKey.clone();
    nonce = nonce.clone();
    ciphertext = ciphertext.clone();
  }

  /**
   * Parses envelope bytes.
   *
   * @throws EnvelopeException MALFORMED (with the offset) or UNSUPPORTED_VERSION
   */
  public static Envelope parse(byte[] bytes) throws EnvelopeException {
    if (bytes == null || bytes.length == 0) {
      throw new EnvelopeException(
          EnvelopeException.Reason.MALFORMED,
          "empty envelope: expected a version byte at offset 0");
    }
    int version = bytes[0] & 0xff;
    if (version != VERSION_1) {
      throw new EnvelopeException(
          EnvelopeException.Reason.UNSUPPORTED_VERSION,
          "envelope version "
              + version
              + " at offset 0 is not supported (this SDK reads version "
              + VERSION_1
              + ")");
    }
    if (bytes.length < MIN_SIZE) {
      throw new EnvelopeException(
          EnvelopeException.Reason.MALFORMED,
          "envelope truncated: "
              + bytes.length
              + " bytes, a version-1 envelope has at least "
              + MIN_SIZE
              + " (the "
              + (bytes.length < HEADER_SIZE ? "header" : "authentication tag")
              + " ends at offset "
              + (bytes.length < HEADER_SIZE ? HEADER_SIZE : MIN_SIZE)
              + ")");
    }
    if (bytes.length > MAX_SIZE) {
      throw new EnvelopeException(
          EnvelopeException.Reason.MALFORMED,
          "envelope of " + bytes.length + " bytes exceeds the limit of " + MAX_SIZE);
    }
    return new Envelope(
        version,
        Arrays.copyOfRange(bytes, 1, 1 + X25519KeyPair.KEY_SIZE),
        Arrays.copyOfRange(bytes, 1 + X25519KeyPair.KEY_SIZE, HEADER_SIZE),
        Arrays.copyOfRange(bytes, HEADER_SIZE, bytes.length));
  }

  /** The envelope's bytes. */
  public byte[] toBytes() {
    byte[] out = new byte[HEADER_SIZE + ciphertext.length];
    out[0] = (byte) version;
    System.arraycopy(ephemeralPublicKey, 0, out, 1, X25519KeyPair.KEY_SIZE);
    System.arraycopy(nonce, 0, out, 1 + X25519KeyPair.KEY_SIZE, NONCE_SIZE);
    System.arraycopy(ciphertext, 0, out, HEADER_SIZE, ciphertext.length);
    return out;
  }

  @Override
  public byte[] ephemeralPublicKey() {
    return ephemeralPublicKey.clone();
  }

  @Override
  public byte[] nonce() {
    return nonce.clone();
  }

  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Envelope e && Arrays.equals(toBytes(), e.toBytes());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(toBytes());
  }

  @Override
  public String toString() {
    return "Envelope[v" + version + ", " + (HEADER_SIZE + ciphertext.length) + " bytes]";
  }
}
