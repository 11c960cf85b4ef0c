package org.gridledger.evm.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gridledger.evm.types.Hex;
import org.junit.jupiter.api.Test;

class KzgTest {
  // go-ethereum's pointEvaluation1 vector (core/vm/testdata/precompiles/pointEvaluation.json)
  private static final byte[] INPUT =
      Hex.decode(
          "01e798154708fe7789429634053cbf9f99b619f9f084048927333fce637f549b"
              + "564c0a11a0f704f4fc3e8acfe0f8245f0ad1347b378fbf96e206da11a5d36306"
              + "24d25032e67a7e6a4910df5834b8fe70e6bcfeeac0352434196bdf4b2485d5a1"
              + "8f59a8d2a1a625a17f3fea0fe5eb8c896db3764f3185481bc22f91b4aaffcca25f26936857bc3a7c2539ea8ec3a952b7"
              + "873033e038326e87ed3e1276fd140253fa08e9fc25fb2d9a98527fc22a2c9612fbeafdad446cbc7bcdbdcd780af2c16a");

  private static final byte[] Z = Arrays.copyOfRange(INPUT, 32, 64);
  private static final byte[] Y = Arrays.copyOfRange(INPUT, 64, 96);
  private static final byte[] COMMITMENT = Arrays.copyOfRange(INPUT, 96, 144);
  private static final byte[] PROOF = Arrays.copyOfRange(INPUT, 144, 192);

  @Test
  void loadsTheTrustedSetup() {
    Kzg.ensureLoaded();
    Kzg.ensureLoaded();
  }

  @Test
  void versionedHashIsVersionByteAndSha256Tail() throws NoSuchAlgorithmException {
    byte[] sha = MessageDigest.getInstance("SHA-256").digest(COMMITMENT);
    byte[] hash = Kzg.versionedHash(COMMITMENT);
    assertThat(hash[0]).isEqualTo((byte) 1);
    assertThat(Arrays.copyOfRange(hash, 1, 32)).isEqualTo(Arrays.copyOfRange(sha, 1, 32));
    assertThat(hash).isEqualTo(Arrays.copyOfRange(INPUT, 0, 32));
  }

  @Test
  void verifiesAProofAndRejectsAWrongValue() {
    assertThat(Kzg.verifyProof(COMMITMENT, Z, Y, PROOF)).isTrue();
    byte[] otherY = Y.clone();
    otherY[31] ^= 1;
    assertThat(Kzg.verifyProof(COMMITMENT, Z, otherY, PROOF)).isFalse();
  }

  @Test
  void malformedArgumentsAreFalseNotExceptions() {
    assertThat(Kzg.verifyProof(new byte[47], Z, Y, PROOF)).isFalse();
    assertThat(Kzg.verifyProof(COMMITMENT, new byte[31], Y, PROOF)).isFalse();
    byte[] notCanonical = new byte[32];
    Arrays.fill(notCanonical, (byte) 0xff); // above BLS_MODULUS
    assertThat(Kzg.verifyProof(COMMITMENT, notCanonical, Y, PROOF)).isFalse();
    byte[] notAPoint = new byte[48]; // no compression flag
    assertThat(Kzg.verifyProof(notAPoint, Z, Y, PROOF)).isFalse();
  }

  @Test
  void verifiesConcurrently() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        results.add(pool.submit(() -> Kzg.verifyProof(COMMITMENT, Z, Y, PROOF)));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdown();
    }
  }
}
