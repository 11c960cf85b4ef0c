package org.gridledger.evm.precompile;

import java.math.BigInteger;
import java.util.Arrays;
import org.gridledger.evm.crypto.Secp256k1;
import org.gridledger.evm.types.Address;

/**
 * 0x01: secp256k1 public-key recovery (Yellow Paper, Appendix E), gas 3000.
 *
 * <p>Input: hash ‖ v ‖ r ‖ s, four 32-byte words (padded with zeros if short, truncated if long). v
 * must be the word 27 or 28, r and s must lie in [1, n); high s is accepted. Output: the signer's
 * address left-padded to 32 bytes, or empty output (a successful call, not a failure) when the
 * signature is invalid or does not recover.
 */
public final class EcRecover implements Precompile {
  static final long GAS = 3000;
  private static final int INPUT_LENGTH = 128;
  private static final byte[] EMPTY = new byte[0];

  @Override
  public long gas(byte[] input) {
    return GAS;
  }

  @Override
  public byte[] run(byte[] input) {
    byte[] in = InputPadding.rightPad(input, INPUT_LENGTH);
    // v is a full word: 31 zero bytes, then 27 or 28
    for (int i = 32; i < 63; i++) {
      if (in[i] != 0) {
        return EMPTY;
      }
    }
    int v = in[63] & 0xff;
    if (v != 27 && v != 28) {
      return EMPTY;
    }
    byte[] hash = Arrays.copyOfRange(in, 0, 32);
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(in, 64, 96));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(in, 96, 128));
    Address signer = Secp256k1.recoverAddress(hash, v - 27, r, s); // null if r, s not in [1, n)
    if (signer == null) {
      return EMPTY;
    }
    byte[] out = new byte[32];
    System.arraycopy(signer.unsafeBytes(), 0, out, 12, Address.SIZE);
    return out;
  }

  @Override
  public String name() {
    return "ecrecover";
  }
}
