package org.gridledger.evm.crypto;

import java.math.BigInteger;
import java.util.Objects;

/**
 * An ECDSA signature over secp256k1 with the recovery id that selects which of the candidate public
 * keys signed. The record holds any values so that decoders can represent what they read; {@link
 * #isCanonical()} says whether it is a signature Ethereum accepts in a transaction.
 *
 * @param r the x coordinate of the nonce point, reduced modulo n
 * @param s the proof scalar
 * @param recId recovery id 0..3: bit 0 is the parity of the nonce point's y coordinate (the {@code
 *     yParity} of typed transactions), bit 1 says its x coordinate was {@code r + n} (never
 *     produced by {@link Secp256k1#sign}, and not expressible in a transaction)
 */
public record Signature(BigInteger r, BigInteger s, int recId) {
  public Signature {
    Objects.requireNonNull(r, "r");
    Objects.requireNonNull(s, "s");
    if (recId < 0 || recId > 3) {
      throw new IllegalArgumentException("recovery id must be 0..3, got " + recId);
    }
  }

  /** The y parity (0 or 1) that typed transactions carry and that legacy {@code v} encodes. */
  public int yParity() {
    return recId & 1;
  }

  /**
   * Whether r and s lie in [1, n) and s ≤ n/2 (the low-s rule of EIP-2), and the recovery id is
   * expressible as a y parity.
   */
  public boolean isCanonical() {
    return recId < 2 && Secp256k1.isValidScalar(r) && Secp256k1.isLowS(s);
  }
}
