package org.gridledger.evm.types;

import java.util.Arrays;

/** A 32-byte value: a Keccak-256 digest, a state root, a storage key. Immutable. */
public final class Hash implements Comparable<Hash> {
  public static final int SIZE = 32;
  public static final Hash ZERO = new Hash(new byte[SIZE]);

  private final byte[] bytes;
  private int hashCode;

  private Hash(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Copies {@code bytes}, which must be exactly 32 long. */
  public static Hash of(byte[] bytes) {
    return wrap(bytes.clone());
  }

  /** Takes ownership of {@code bytes} without copying; the caller must not modify it afterwards. */
  public static Hash wrap(byte[] bytes) {
    if (bytes.length != SIZE) {
      throw new IllegalArgumentException("a hash is 32 bytes, got " + bytes.length);
    }
    return new Hash(bytes);
  }

  public static Hash fromHex(String hex) {
    return wrap(Hex.decode(hex));
  }

  /** A copy of the 32 bytes. */
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
    return o instanceof Hash h && Arrays.equals(bytes, h.bytes);
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
  public int compareTo(Hash o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
