package org.gridledger.evm.precompile;

/** 0x04: returns a copy of its input. Gas 15 + 3 per 32-byte word (Yellow Paper, Appendix E). */
public final class Identity implements Precompile {
  @Override
  public long gas(byte[] input) {
    return GasMath.linear(15, 3, input.length);
  }

  @Override
  public byte[] run(byte[] input) {
    // A copy, so that the caller may keep writing into its input buffer.
    return input.clone();
  }

  @Override
  public String name() {
    return "identity";
  }
}
