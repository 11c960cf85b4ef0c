package org.gridledger.conformance.blockchain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gridledger.conformance.Outcome;
import org.gridledger.conformance.SingleVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The block form of ethereum/tests' stTransactionTest/ValueOverflowParis (commit 4c87ebbf, MIT;
 * under {@code src/test/resources/extra-vectors}, not among the vendored fixtures): the block holds
 * a transaction whose value is 33 bytes long, and the vector names that {@code
 * TransactionException.RLP_INVALID_VALUE}; we reject the block as malformed while decoding it.
 */
class WideValueBlockVectorTest {
  private static final Path VECTOR =
      Path.of("src/test/resources/extra-vectors/BlockchainTests/stTransactionTest")
          .resolve("ValueOverflowParis.json");

  private static Outcome runOnlyCase(Path dir, String json) throws Exception {
    return SingleVector.run(
        new BlockchainSuite(), dir, "stTransactionTest/ValueOverflowParis.json", json);
  }

  @Test
  void theMalformedBlockIsRejectedUnderTheVectorsName(@TempDir Path dir) throws Exception {
    assertThat(runOnlyCase(dir, Files.readString(VECTOR))).isEqualTo(Outcome.PASSED);
  }

  @Test
  void aDifferentExpectedNameFails(@TempDir Path dir) throws Exception {
    String json =
        Files.readString(VECTOR)
            .replace("TransactionException.RLP_INVALID_VALUE", "BlockException.INVALID_STATE_ROOT");

    Outcome o = runOnlyCase(dir, json);

    assertThat(o).isInstanceOf(Outcome.Failed.class);
    assertThat(((Outcome.Failed) o).reason()).contains("MALFORMED");
  }
}
