package org.gridledger.evm.precompile;

import java.security.MessageDigest;
import java.util.Arrays;
import org.gridledger.evm.crypto.Kzg;

/**
 * 0x0a: KZG point evaluation (EIP-4844). Verifies that the blob committed to by {@code commitment}
 * (and named by {@code versioned_hash}) evaluates to {@code y} at {@code z}.
 *
 * <p>Input, exactly 192 bytes: {@code versioned_hash} (32) ‖ {@code z} (32) ‖ {@code y} (32) ‖
 * {@code commitment} (48) ‖ {@code proof} (48). Output: {@code FIELD_ELEMENTS_PER_BLOB} and {@code
 * BLS_MODULUS} as two 32-byte words. Any other length, a versioned hash that does not match the
 * commitment, or a proof that does not verify is a failure. Gas: 50000.
 */
public final class PointEvaluation implements Precompile {
  static final long GAS = 50_000;
  static final int INPUT_LENGTH = 192;

  private static final byte[] SUCCESS_OUTPUT = successOutput();

  @Override
  public long gas(byte[] input) {
    return GAS;
  }

  @Override
  public byte[] run(byte[] input) {
    if (input.length != INPUT_LENGTH) {
      return null;
    }
    byte[] versionedHash = Arrays.copyOfRange(input, 0, 32);
    byte[] z = Arrays.copyOfRange(input, 32, 64);
    byte[] y = Arrays.copyOfRange(input, 64, 96);
    byte[] commitment = Arrays.copyOfRange(input, 96, 144);
    byte[] proof = Arrays.copyOfRange(input, 144, 192);
    if (!MessageDigest.isEqual(Kzg.versionedHash(commitment), versionedHash)) {
      return null;
    }
    if (!Kzg.verifyProof(commitment, z, y, proof)) {
      return null;
    }
    return SUCCESS_OUTPUT.clone();
  }

  @Override
  public String name() {
    return "pointEvaluation";
  }

  private static byte[] successOutput() {
    byte[] out = new byte[64];
    int n = Kzg.FIELD_ELEMENTS_PER_BLOB;
    out[30] = (byte) (n >>> 8);
    out[31] = (byte) n;
    byte[] modulus = Kzg.BLS_MODULUS.toByteArray(); // 32 bytes: the top bit is clear
    System.arraycopy(modulus, modulus.length - 32, out, 32, 32);
    return out;
  }
}
