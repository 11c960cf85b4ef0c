package org.gridledger.sdk.crypto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The parsed bytes of an envelope (docs/encryption.md), one variant per version:
 *
 * <ul>
 *   <li>{@link V1}, one recipient: {@code 0x01 ‖ ephemeral X25519 public key (32) ‖ nonce (12) ‖
 *       AES-256-GCM ciphertext with its 16-byte tag}.
 *   <li>{@link V2}, several recipients: {@code 0x02 ‖ ephemeral public key (32) ‖ k (1) ‖ k wrapped
 *       content keys (48 each: 32 + tag) ‖ nonce (12) ‖ ciphertext with its tag}.
 * </ul>
 *
 * {@link #parse} is strict: it accepts exactly these layouts and nothing else, so every accepted
 * input re-serialises to itself.
 */
public sealed interface Envelope {
  int VERSION_1 = 1;
  int VERSION_2 = 2;
  int NONCE_SIZE = 12;
  int TAG_SIZE = 16;

  /** The version-1 header: version, ephemeral key, nonce. */
  int HEADER_SIZE = 1 + X25519KeyPair.KEY_SIZE + NONCE_SIZE;

  /** The smallest version-1 envelope: an empty plaintext still has its tag. */
  int MIN_SIZE = HEADER_SIZE + TAG_SIZE;

  /** A content key wrapped for one recipient of a version-2 envelope: 32 bytes and a tag. */
  int WRAPPED_KEY_SIZE = 32 + TAG_SIZE;

  /** The most recipients a version-2 envelope carries (the SDK uses two: node and owner). */
  int MAX_RECIPIENTS = 16;

  /** The largest envelope this SDK reads: 1 MiB (the devnet accepts 16 KiB deployments). */
  int MAX_SIZE = 1 << 20;

  int version();

  byte[] ephemeralPublicKey();

  byte[] nonce();

  byte[] ciphertext();

  /** The envelope's bytes. */
  byte[] toBytes();

  /** A version-1 envelope: the ciphertext is encrypted with a key derived for one recipient. */
  record V1(byte[] ephemeralPublicKey, byte[] nonce, byte[] ciphertext) implements Envelope {
    public V1 {
      if (ephemeralPublicKey.length != X25519KeyPair.KEY_SIZE
          || nonce.length != NONCE_SIZE
          || ciphertext.length < TAG_SIZE) {
        throw new IllegalArgumentException("envelope fields have the wrong sizes");
      }
      ephemeralPublicKey = ephemeralPublicKey.clone();
      nonce = nonce.clone();
      ciphertext = ciphertext.clone();
    }

    @Override
    public int version() {
      return VERSION_1;
    }

    @Override
    public byte[] toBytes() {
      byte[] out = new byte[HEADER_SIZE + ciphertext.length];
      out[0] = (byte) VERSION_1;
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
      return o instanceof V1 e && Arrays.equals(toBytes(), e.toBytes());
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
      return "Envelope[v1, " + (HEADER_SIZE + ciphertext.length) + " bytes]";
    }
  }

  /**
   * A version-2 envelope: the ciphertext is encrypted once with a content key, which is wrapped for
   * each recipient in {@code wrappedKeys} (in the order the sender listed the recipients).
   */
  record V2(byte[] ephemeralPublicKey, List<byte[]> wrappedKeys, byte[] nonce, byte[] ciphertext)
      implements Envelope {
    public V2 {
      if (ephemeralPublicKey.length != X25519KeyPair.KEY_SIZE
          || nonce.length != NONCE_SIZE
          || ciphertext.length < TAG_SIZE
          || wrappedKeys.isEmpty()
          || wrappedKeys.size() > MAX_RECIPIENTS
          || wrappedKeys.stream().anyMatch(w -> w.length != WRAPPED_KEY_SIZE)) {
        throw new IllegalArgumentException("envelope fields have the wrong sizes");
      }
      ephemeralPublicKey = ephemeralPublicKey.clone();
      wrappedKeys = wrappedKeys.stream().map(byte[]::clone).toList();
      nonce = nonce.clone();
      ciphertext = ciphertext.clone();
    }

    @Override
    public int version() {
      return VERSION_2;
    }

    /** The bytes before the ciphertext: authenticated as part of the payload's associated data. */
    public byte[] header() {
      byte[] out = new byte[headerSize(wrappedKeys.size())];
      out[0] = (byte) VERSION_2;
      System.arraycopy(ephemeralPublicKey, 0, out, 1, X25519KeyPair.KEY_SIZE);
      out[1 + X25519KeyPair.KEY_SIZE] = (byte) wrappedKeys.size();
      int at = 2 + X25519KeyPair.KEY_SIZE;
      for (byte[] w : wrappedKeys) {
        System.arraycopy(w, 0, out, at, WRAPPED_KEY_SIZE);
        at += WRAPPED_KEY_SIZE;
      }
      System.arraycopy(nonce, 0, out, at, NONCE_SIZE);
      return out;
    }

    /** The size of a version-2 header with {@code recipients} wrapped keys. */
    public static int headerSize(int recipients) {
      return 2 + X25519KeyPair.KEY_SIZE + recipients * WRAPPED_KEY_SIZE + NONCE_SIZE;
    }

    @Override
    public byte[] toBytes() {
      byte[] header = header();
      byte[] out = Arrays.copyOf(header, header.length + ciphertext.length);
      System.arraycopy(ciphertext, 0, out, header.length, ciphertext.length);
      return out;
    }

    @Override
    public byte[] ephemeralPublicKey() {
      return ephemeralPublicKey.clone();
    }

    @Override
    public List<byte[]> wrappedKeys() {
      return wrappedKeys.stream().map(byte[]::clone).toList();
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
      return o instanceof V2 e && Arrays.equals(toBytes(), e.toBytes());
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
      return "Envelope[v2, "
          + wrappedKeys.size()
          + " recipients, "
          + (headerSize(wrappedKeys.size()) + ciphertext.length)
          + " bytes]";
    }
  }

  /**
   * Parses envelope bytes of either version.
   *
   * @throws EnvelopeException MALFORMED (with the offset) or UNSUPPORTED_VERSION
   */
  static Envelope parse(byte[] bytes) throws EnvelopeException {
    if (bytes == null || bytes.length == 0) {
      throw new EnvelopeException(
          EnvelopeException.Reason.MALFORMED,
          "empty envelope: expected a version byte at offset 0");
    }
    int version = bytes[0] & 0xff;
    if (version != VERSION_1 && version != VERSION_2) {
      throw new EnvelopeException(
          EnvelopeException.Reason.UNSUPPORTED_VERSION,
          "envelope version "
              + version
              + " at offset 0 is not supported (this SDK reads versions "
              + VERSION_1
              + " and "
              + VERSION_2
              + ")");
    }
    if (bytes.length > MAX_SIZE) {
      throw new EnvelopeException(
          EnvelopeException.Reason.MALFORMED,
          "envelope of " + bytes.length + " bytes exceeds the limit of " + MAX_SIZE);
    }
    return version == VERSION_1 ? parseV1(bytes) : parseV2(bytes);
  }

  private static Envelope parseV1(byte[] bytes) throws EnvelopeException {
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
    return new V1(
        Arrays.copyOfRange(bytes, 1, 1 + X25519KeyPair.KEY_SIZE),
        Arrays.copyOfRange(bytes, 1 + X25519KeyPair.KEY_SIZE, HEADER_SIZE),
        Arrays.copyOfRange(bytes, HEADER_SIZE, bytes.length));
  }

  private static Envelope parseV2(byte[] bytes) throws EnvelopeException {
    int countAt = 1 + X25519KeyPair.KEY_SIZE;
    if (bytes.length <= countAt) {
      throw new EnvelopeException(
          EnvelopeException.Reason.MALFORMED,
          "envelope truncated: "
              + bytes.length
              + " bytes, a version-2 envelope has its recipient count at offset "
              + countAt);
    }
    int k = bytes[countAt] & 0xff;
    if (k == 0 || k > MAX_RECIPIENTS) {
      throw new EnvelopeException(
          EnvelopeException.Reason.MALFORMED,
          "recipient count " + k + " at offset " + countAt + " is outside 1.." + MAX_RECIPIENTS);
    }
    int header = V2.headerSize(k);
    if (bytes.length < header + TAG_SIZE) {
      throw new EnvelopeException(
          EnvelopeException.Reason.MALFORMED,
          "envelope truncated: "
              + bytes.length
              + " bytes, a version-2 envelope for "
              + k
              + " recipients has at least "
              + (header + TAG_SIZE)
              + " (the "
              + (bytes.length < header ? "header" : "authentication tag")
              + " ends at offset "
              + (bytes.length < header ? header : header + TAG_SIZE)
              + ")");
    }
    List<byte[]> wrapped = new ArrayList<>(k);
    int at = countAt + 1;
    for (int i = 0; i < k; i++) {
      wrapped.add(Arrays.copyOfRange(bytes, at, at + WRAPPED_KEY_SIZE));
      at += WRAPPED_KEY_SIZE;
    }
    return new V2(
        Arrays.copyOfRange(bytes, 1, countAt),
        wrapped,
        Arrays.copyOfRange(bytes, at, at + NONCE_SIZE),
        Arrays.copyOfRange(bytes, header, bytes.length));
  }
}
