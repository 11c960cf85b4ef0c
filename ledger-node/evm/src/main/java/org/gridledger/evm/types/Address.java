package org.gridledger.evm.types;

import java.util.Arrays;

/** A 20-byte account address. Immutable. */
public final class Address implements Comparable<Address> {
  public static final int SIZE = 20;
  public static final Address ZERO = new Address(new byte[SIZE]);

  private final byte[] bytes;
  private int hashCode;

  private Address(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Copies {@code bytes}, which must be exactly 20 long. */
  public static Address of(byte[] bytes) {
    return wrap(bytes.clone());
  }

  /** Takes ownership of {@code bytes} without copying. */
  public static Address wrap(byte[] bytes) {
    if (bytes.length != SIZE) {
      throw new IllegalArgumentException("an address is 20 bytes, got " + bytes.length);
    }
    return new Address(bytes);
  }

  /** The low 20 bytes of a 32-byte word (as CALL targets and ecrecover results are). */
  public static Address fromWord(byte[] word32) {
    return new Address(Arrays.copyOfRange(word32, 12, 32));
  }

  public static Address fromHex(String hex) {
    return wrap(Hex.decode(hex));
  }

  /** The address of the account whose public key (64 bytes, uncompressed, no prefix) is given. */
  public static Address fromPublicKey(byte[] publicKey64) {
    byte[] h = Keccak.hash(publicKey64);
    return new Address(Arrays.copyOfRange(h, 12, 32));
  }

  /** Precompile and system addresses such as {@code 0x…01}. */
  public static Address ofLow(long value) {
    byte[] b = new byte[SIZE];
    for (int i = 0; i < 8; i++) {
      b[SIZE - 1 - i] = (byte) (value >>> (8 * i));
    }
    return new Address(b);
  }

  public byte[] toArray() {
    return bytes.clone();
  }

  /** The backing array, for hot paths that promise not to modify it. */
  public byte[] unsafeBytes() {
    return bytes;
  }

  public String toHex() {
    return Hex.encode(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Address a && Arrays.equals(bytes, a.bytes);
  }

  @Override
  public int hashCode() {
    int h = hashCode;
    if (h == 0) {
      h = Arrays.hashCode(bytes);
      hashCode = h;
    }
    return h;
  }

  @Override
  public int compareTo(Address o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
