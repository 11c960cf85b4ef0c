package org.gridledger.network.rlpx;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.network.node.NodeId;

/**
 * Elliptic-curve Diffie-Hellman on secp256k1 as RLPx uses it: the shared secret is the 32-byte x
 * coordinate of {@code d·Q} (rlpx.md "ECIES Encryption": {@code S = Px}). {@link NodeId} guarantees
 * that Q is a point on the curve, so no invalid-curve point reaches the multiplication.
 */
public final class Ecdh {
  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");

  private Ecdh() {}

  /** {@code x(d·Q)} as 32 big-endian bytes. */
  public static byte[] agree(PrivateKey key, NodeId remote) {
    byte[] q = remote.toArray();
    byte[] encoded = new byte[65];
    encoded[0] = 0x04;
    System.arraycopy(q, 0, encoded, 1, 64);
    ECPoint point = CURVE.getCurve().decodePoint(encoded);
    BigInteger d = new BigInteger(1, key.toBytes());
    ECPoint shared = point.multiply(d).normalize();
    byte[] x = shared.getAffineXCoord().getEncoded();
    if (x.length != 32) {
      throw new IllegalStateException("x coordinate is not 32 bytes");
    }
    return x;
  }
}
