package org.gridledger.evm.precompile;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.gridledger.evm.crypto.Secp256k1;
import org.gridledger.evm.types.Hex;
import org.junit.jupiter.api.Test;

/** ecrecover's input rules; the recovery itself is covered by the vectors and Secp256k1Test. */
class EcRecoverTest {
  // go-ethereum's "ValidKey" vector: hash ‖ v=28 ‖ r ‖ s, signed by 0xa94f…ebf0b
  private static final String HASH =
      "18c547e4f7b0f325ad1e56f57e26c745b09a3e503d86e00e5255ff7f715d3d1c";
  private static final String R =
      "73b1693892219d736caba55bdb67216e485557ea6b6af75f37096c9aa6a5a75f";
  private static final String S =
      "eeb940b1d03b21e36b0e47e79769f095fe2ab855bd91e3a38756b7d75a9c4549";
  private static final String SIGNER =
      "000000000000000000000000a94f5374fce5edbc8e2a8697c15331677e6ebf0b";

  private final EcRecover ecrecover = new EcRecover();

  private static String word(BigInteger v) {
    return String.format("%064x", v);
  }

  private String recover(String hexInput) {
    byte[] out = ecrecover.run(Hex.decode(hexInput));
    assertThat(out).isNotNull(); // ecrecover never fails, it returns empty output
    return Hex.encodeNoPrefix(out);
  }

  @Test
  void recoversTheSigner() {
    assertThat(recover(HASH + word(BigInteger.valueOf(28)) + R + S)).isEqualTo(SIGNER);
    assertThat(ecrecover.gas(new byte[0])).isEqualTo(3000);
  }

  @Test
  void ignoresBytesBeyond128() {
    assertThat(recover(HASH + word(BigInteger.valueOf(28)) + R + S + "ff".repeat(40)))
        .isEqualTo(SIGNER);
  }

  @Test
  void acceptsHighS() {
    // (r, n - s) with the other parity signs the same hash for the same key
    BigInteger s = new BigInteger(S, 16);
    String highOrLow = word(Secp256k1.N.subtract(s));
    assertThat(recover(HASH + word(BigInteger.valueOf(27)) + R + highOrLow)).isEqualTo(SIGNER);
  }

  @Test
  void invalidSignaturesGiveEmptyOutput() {
    String v28 = word(BigInteger.valueOf(28));
    assertThat(recover(HASH + word(BigInteger.valueOf(29)) + R + S)).isEmpty();
    assertThat(recover(HASH + word(BigInteger.ONE) + R + S)).isEmpty();
    assertThat(recover(HASH + word(BigInteger.valueOf(28).shiftLeft(8)) + R + S)).isEmpty();
    assertThat(recover(HASH + v28 + word(BigInteger.ZERO) + S)).isEmpty();
    assertThat(recover(HASH + v28 + R + word(BigInteger.ZERO))).isEmpty();
    assertThat(recover(HASH + v28 + word(Secp256k1.N) + S)).isEmpty();
    assertThat(recover(HASH + v28 + R + word(Secp256k1.N))).isEmpty();
    assertThat(recover(HASH + v28 + R)).isEmpty(); // s reads as zero
    assertThat(recover("")).isEmpty();
  }
}
