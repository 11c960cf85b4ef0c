package org.gridledger.sdk.account;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.util.BigIntegers;
import org.gridledger.sdk.crypto.X25519KeyPair;

/**
 * The twin's X25519 key is derived from the account's secp256k1 key, so importing the same account
 * elsewhere recovers the key its twin registered: {@code x25519Private = HKDF-SHA256(IKM = the
 * 32-byte secp256k1 private key, salt = empty, info = "gridledger twin x25519 v1", 32 bytes)}. The
 * derivation is one-way: the X25519 key reveals nothing about the signing key.
 */
public final class TwinKeys {
  static final byte[] INFO = "gridledger twin x25519 v1".getBytes(StandardCharsets.US_ASCII);

  private TwinKeys() {}

  /** The twin key pair of an account's private key. */
  public static X25519KeyPair derive(BigInteger secp256k1PrivateKey) {
    byte[] ikm = BigIntegers.asUnsignedByteArray(32, secp256k1PrivateKey);
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(ikm, new byte[0], INFO));
    byte[] key = new byte[32];
    hkdf.generateBytes(key, 0, 32);
    return X25519KeyPair.fromPrivateKey(key);
  }
}
