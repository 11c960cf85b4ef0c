package org.gridledger.evm.precompile;

import org.bouncycastle.crypto.digests.RIPEMD160Digest;

/**
 * 0x03: RIPEMD-160 of the input, left-padded with zeros to a 32-byte word. Gas 600 + 120 per
 * 32-byte word (Yellow Paper, Appendix E).
 */
public final class Ripemd160 implements Precompile {
  @Override
  public long gas(byte[] input) {
    return GasMath.linear(600, 120, input.length);
  }

  @Override
  public byte[] run(byte[] input) {
    RIPEMD160Digest digest = new RIPEMD160Digest();
    digest.update(input, 0, input.length);
    byte[] out = new byte[32];
    digest.doFinal(out, 12);
    return out;
  }

  @Override
  public String name() {
    return "ripemd160";
  }
}
