package org.gridledger.network.node;

import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.Keccak;
import org.gridledger.network.WireFormatException;

/**
 * A devp2p node identity: the node's 64-byte uncompressed secp256k1 public key (x ‖ y), as carried
 * by discovery v4 packets, the RLPx Hello message and {@code enode://} URLs (devp2p rlpx.md "Node
 * Identity", discv4.md "Node Identities"). Every instance is a point on the curve.
 *
 * <p>Its {@link #keccak()} is what discv4 uses for XOR distance and what ENR's "v4" identity scheme
 * calls the node address (enr.md "v4 Identity Scheme").
 */
public final class NodeId {
  public static final int SIZE = 64;

  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");

  private final byte[] bytes;

  private NodeId(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * The node id of a 64-byte public key.
   *
   * @throws WireFormatException if the bytes are not 64 long or not a point on secp256k1
   */
  public static NodeId of(byte[] publicKey64) {
    if (publicKey64 == null || publicKey64.length != SIZE) {
      throw new WireFormatException(
          "node id must be 64 bytes, got " + (publicKey64 == null ? 0 : publicKey64.length), 0);
    }
    byte[] copy = publicKey64.clone();
    byte[] encoded = new byte[SIZE + 1];
    encoded[0] = 0x04;
    System.arraycopy(copy, 0, encoded, 1, SIZE);
    decodePoint(encoded);
    return new NodeId(copy);
  }

  /** The node id of 128 hex digits (with or without {@code 0x}). */
  public static NodeId fromHex(String hex) {
    byte[] b;
    try {
      b = Hex.decode(hex);
    } catch (IllegalArgumentException e) {
      throw new WireFormatException("node id is not hex: " + e.getMessage(), 0, e);
    }
    return of(b);
  }

  /** The node id of a private key. */
  public static NodeId of(PrivateKey key) {
    return new NodeId(key.publicKey());
  }

  /**
   * The node id of a 33-byte compressed public key (the {@code secp256k1} entry of an ENR).
   *
   * @throws WireFormatException if it is not a compressed point on the curve
   */
  public static NodeId fromCompressed(byte[] compressed33) {
    if (compressed33.length != 33 || (compressed33[0] != 0x02 && compressed33[0] != 0x03)) {
      throw new WireFormatException("compressed public key must be 33 bytes with prefix 02/03", 0);
    }
    ECPoint p = decodePoint(compressed33);
    byte[] full = p.getEncoded(false);
    return new NodeId(Arrays.copyOfRange(full, 1, full.length));
  }

  private static ECPoint decodePoint(byte[] encoded) {
    try {
      ECPoint p = CURVE.getCurve().decodePoint(encoded).normalize();
      if (p.isInfinity() || !p.isValid()) {
        throw new WireFormatException("public key is not a point on secp256k1", 0);
      }
      return p;
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new WireFormatException("public key is not a point on secp256k1", 0, e);
    }
  }

  /** The 33-byte compressed encoding of the key. */
  public byte[] compressed() {
    byte[] encoded = new byte[SIZE + 1];
    encoded[0] = 0x04;
    System.arraycopy(bytes, 0, encoded, 1, SIZE);
    return CURVE.getCurve().decodePoint(encoded).getEncoded(true);
  }

  /** Keccak-256 of the 64 key bytes: the discv4 distance input and the ENR "v4" node address. */
  public Hash keccak() {
    return Keccak.of(bytes);
  }

  public byte[] toArray() {
    return bytes.clone();
  }

  /** 128 lowercase hex digits without prefix, as in {@code enode://} URLs. */
  public String toHex() {
    return Hex.encodeNoPrefix(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeId other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    String hex = toHex();
    return hex.substring(0, 8) + "…" + hex.substring(hex.length() - 8);
  }
}
