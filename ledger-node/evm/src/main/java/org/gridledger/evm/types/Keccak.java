package org.gridledger.evm.types;

import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Keccak-256 as Ethereum uses it (the original Keccak padding, not NIST SHA3-256), from Bouncy
 * Castle. Stateless: each call uses its own digest, so it is safe from any thread.
 */
public final class Keccak {
  /** Keccak-256 of the empty byte string. */
  public static final Hash EMPTY = Hash.wrap(hash(new byte[0]));

  /** Keccak-256 of the RLP encoding of the empty list ({@code 0xc0}): the empty uncle hash. */
  public static final Hash EMPTY_LIST = Hash.wrap(hash(new byte[] {(byte) 0xc0}));

  /** Keccak-256 of the RLP empty string ({@code 0x80}): the root of an empty trie. */
  public static final Hash EMPTY_TRIE = Hash.wrap(hash(new byte[] {(byte) 0x80}));

  private Keccak() {}

  public static byte[] hash(byte[] data) {
    return hash(data, 0, data.length);
  }

  public static byte[] hash(byte[] data, int offset, int length) {
    KeccakDigest digest = new KeccakDigest(256);
    digest.update(data, offset, length);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }

  public static Hash of(byte[] data) {
    return Hash.wrap(hash(data));
  }
}
