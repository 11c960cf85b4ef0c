package org.gridledger.evm.precompile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.gridledger.evm.types.Hex;
import org.junit.jupiter.api.Test;

/** sha256, ripemd160 and identity: published digests and the Yellow Paper prices. */
class SimplePrecompilesTest {
  private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);

  @Test
  void sha256MatchesFips180Examples() {
    Sha256 sha = new Sha256();
    assertThat(Hex.encodeNoPrefix(sha.run(new byte[0])))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(Hex.encodeNoPrefix(sha.run(ABC)))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(sha.gas(new byte[0])).isEqualTo(60);
    assertThat(sha.gas(new byte[32])).isEqualTo(72);
    assertThat(sha.gas(new byte[33])).isEqualTo(84);
  }

  @Test
  void ripemd160MatchesPublishedVectorsLeftPadded() {
    Ripemd160 ripemd = new Ripemd160();
    // Dobbertin, Bosselaers, Preneel: RIPEMD-160 test vectors for "" and "abc".
    assertThat(Hex.encodeNoPrefix(ripemd.run(new byte[0])))
        .isEqualTo("0000000000000000000000009c1185a5c5e9fc54612808977ee8f548b2258d31");
    assertThat(Hex.encodeNoPrefix(ripemd.run(ABC)))
        .isEqualTo("0000000000000000000000008eb208f7e05d987a9b044a8e98c6b087f15a0bfc");
    assertThat(ripemd.gas(new byte[0])).isEqualTo(600);
    assertThat(ripemd.gas(new byte[1])).isEqualTo(720);
    assertThat(ripemd.gas(new byte[65])).isEqualTo(960);
  }

  @Test
  void identityCopiesItsInput() {
    Identity identity = new Identity();
    byte[] input = {1, 2, 3};
    byte[] output = identity.run(input);
    assertThat(output).isEqualTo(input).isNotSameAs(input);
    assertThat(identity.run(new byte[0])).isEmpty();
    assertThat(identity.gas(new byte[0])).isEqualTo(15);
    assertThat(identity.gas(new byte[64])).isEqualTo(21);
    assertThat(identity.gas(new byte[65])).isEqualTo(24);
  }

  @Test
  void blake2fRejectsBadLengthsAndFlagsWithoutThrowing() {
    Blake2f blake = new Blake2f();
    byte[] input = new byte[Blake2f.INPUT_LENGTH];
    input[3] = 1; // one round
    assertThat(blake.gas(input)).isEqualTo(1);
    assertThat(blake.run(input)).hasSize(64);
    input[212] = 2;
    assertThat(blake.run(input)).isNull();
    input[212] = (byte) 0x80;
    assertThat(blake.run(input)).isNull();
    input[0] = (byte) 0xff; // rounds are unsigned
    assertThat(blake.gas(input)).isEqualTo(0xff000001L);
    assertThat(blake.gas(new byte[212])).isZero();
    assertThat(blake.run(new byte[214])).isNull();
  }
}
