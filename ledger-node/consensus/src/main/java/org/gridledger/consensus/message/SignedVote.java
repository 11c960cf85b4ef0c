package org.gridledger.consensus.message;

import java.math.BigInteger;
import java.util.Objects;
import org.bouncycastle.util.BigIntegers;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.crypto.Secp256k1;
import org.gridledger.evm.crypto.Signature;

/**
 * A vote with its signer's secp256k1 signature over {@link Vote#digest}. The signature of a COMMIT
 * vote is a commit seal.
 */
public record SignedVote(Vote vote, Signature signature) {
  /** Encoded signature size: {@code r ‖ s ‖ v}. */
  public static final int SIGNATURE_SIZE = 65;

  public SignedVote {
    Objects.requireNonNull(vote, "vote");
    Objects.requireNonNull(signature, "signature");
  }

  /** Signs {@code vote} for chain {@code chainId} (deterministic, low s). */
  public static SignedVote sign(Vote vote, long chainId, PrivateKey key) {
    return new SignedVote(vote, Secp256k1.sign(vote.digest(chainId).unsafeBytes(), key));
  }

  /** The 65-byte {@code r ‖ s ‖ v} form, {@code v = 27 + recovery id}, as Staking takes it. */
  public byte[] signatureBytes() {
    return encodeSignature(signature);
  }

  /** {@code r ‖ s ‖ (27 + recId)}. */
  public static byte[] encodeSignature(Signature sig) {
    byte[] out = new byte[SIGNATURE_SIZE];
    System.arraycopy(BigIntegers.asUnsignedByteArray(32, sig.r()), 0, out, 0, 32);
    System.arraycopy(BigIntegers.asUnsignedByteArray(32, sig.s()), 0, out, 32, 32);
    out[64] = (byte) (27 + sig.recId());
    return out;
  }

  /**
   * Parses {@code r ‖ s ‖ v}, {@code v} 27 or 28, requiring a canonical (low-s, EIP-2) signature so
   * that one vote has one encoding.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static Signature decodeSignature(byte[] bytes) {
    if (bytes.length != SIGNATURE_SIZE) {
      throw new IllegalArgumentException("signature must be 65 bytes, got " + bytes.length);
    }
    int v = bytes[64] & 0xff;
    if (v != 27 && v != 28) {
      throw new IllegalArgumentException("signature v must be 27 or 28, got " + v);
    }
    BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(bytes, 0, 32));
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(bytes, 32, 64));
    Signature sig = new Signature(r, s, v - 27);
    if (!sig.isCanonical()) {
      throw new IllegalArgumentException("signature is not canonical (r, s range or high s)");
    }
    return sig;
  }
}
