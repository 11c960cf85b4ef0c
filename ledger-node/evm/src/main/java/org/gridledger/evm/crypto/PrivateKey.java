package org.gridledger.evm.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.util.BigIntegers;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hex;

/**
 * A secp256k1 private key: a scalar d with 1 ≤ d < n. Its {@link #toString()} names the address and
 * never the key, so a key that ends up in a log line or an exception message does not leak.
 * Equality is identity: keys are not meant to be used as map keys or compared.
 */
public final class PrivateKey {
  private final BigInteger secret;

  private PrivateKey(BigInteger secret) {
    this.secret = secret;
  }

  /**
   * A key from its 32-byte big-endian encoding.
   *
   * @throws IllegalArgumentException if the array is not 32 bytes or the scalar is 0 or ≥ n
   */
  public static PrivateKey fromBytes(byte[] bytes32) {
    Objects.requireNonNull(bytes32, "bytes32");
    if (bytes32.length != 32) {
      throw new IllegalArgumentException("a private key is 32 bytes, got " + bytes32.length);
    }
    BigInteger d = new BigInteger(1, bytes32);
    if (!Secp256k1.isValidScalar(d)) {
      throw new IllegalArgumentException("private key out of range [1, n)");
    }
    return new PrivateKey(d);
  }

  /** A key from 64 hex digits, with or without {@code 0x}. */
  public static PrivateKey fromHex(String hex) {
    return fromBytes(Hex.decode(hex));
  }

  /** A fresh key drawn uniformly from [1, n). */
  public static PrivateKey random(SecureRandom random) {
    BigInteger d;
    do {
      d = BigIntegers.createRandomBigInteger(256, random);
    } while (!Secp256k1.isValidScalar(d));
    return new PrivateKey(d);
  }

  /** The 32-byte big-endian encoding: the secret itself, handle with care. */
  public byte[] toBytes() {
    return BigIntegers.asUnsignedByteArray(32, secret);
  }

  /** The uncompressed public key, 64 bytes (x ‖ y) without the {@code 0x04} prefix. */
  public byte[] publicKey() {
    return Secp256k1.publicKey(this);
  }

  /** The account address of this key. */
  public Address address() {
    return Address.fromPublicKey(publicKey());
  }

  BigInteger secret() {
    return secret;
  }

  @Override
  public String toString() {
    return "PrivateKey[address=" + address() + "]";
  }
}
