package org.gridledger.evm.precompile;

import org.bouncycastle.crypto.digests.SHA256Digest;

/** 0x02: SHA-256 of the input. Gas 60 + 12 per 32-byte word (Yellow Paper, Appendix E). */
public final class Sha256 implements Precompile {
  @Override
  public long gas(byte[] input) {
    return GasMath.linear(60, 12, input.length);
  }

  @Override
  public byte[] run(byte[] input) {
    SHA256Digest digest = new SHA256Digest();
    digest.update(input, 0, input.length);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }

  @Override
  public String name() {
    return "sha256";
  }
}
