package org.gridledger.conformance.blockchain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gridledger.conformance.Outcome;
import org.gridledger.conformance.SingleVector;
import org.gridledger.core.chain.ImportResult;
import org.gridledger.core.chain.InvalidReason;
import org.gridledger.evm.types.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both vocabularies of {@code expectException}: execution-spec-tests' and retesteth's older one.
 */
class ExceptionNamesTest {

  private static ImportResult invalid(InvalidReason reason) {
    return new ImportResult.Invalid(reason, "test");
  }

  @Test
  void aReasonAnswersToItsNameInEitherVocabularyAndAmongAlternatives() {
    ImportResult lowFee = invalid(InvalidReason.TX_MAX_FEE_BELOW_BASE_FEE);
    assertThat(ExceptionNames.matches(lowFee, "TransactionException.INSUFFICIENT_MAX_FEE_PER_GAS"))
        .isTrue();
    assertThat(ExceptionNames.matches(lowFee, "TR_FeeCapLessThanBlocks")).isTrue();
    assertThat(ExceptionNames.matches(lowFee, "TR_TipGtFeeCap|TR_FeeCapLessThanBlocks")).isTrue();

    assertThat(ExceptionNames.matches(invalid(InvalidReason.GAS_LIMIT), "InvalidGasLimit2"))
        .isTrue();
    assertThat(ExceptionNames.matches(invalid(InvalidReason.GAS_LIMIT_TOO_BIG), "InvalidGasLimit"))
        .isTrue();
    assertThat(ExceptionNames.matches(new ImportResult.UnknownParent(Hash.ZERO), "UnknownParent"))
        .isTrue();
  }

  @Test
  void aReasonDoesNotAnswerToAnotherRulesName() {
    assertThat(ExceptionNames.matches(invalid(InvalidReason.GAS_LIMIT), "InvalidGasLimit"))
        .as("InvalidGasLimit is the 2^63-1 bound, not the parent-relative one")
        .isFalse();
    assertThat(ExceptionNames.matches(invalid(InvalidReason.TX_NONCE_TOO_LOW), "TR_NonceTooHigh"))
        .isFalse();
    assertThat(ExceptionNames.matches(invalid(InvalidReason.STATE_ROOT), "TR_NoFunds")).isFalse();
  }

  /**
   * ethereum/legacytests Cancun/BlockchainTests/GeneralStateTests/stEIP1559/lowFeeCap.json (MIT),
   * its Cancun entry: a transaction whose max fee is below the block's base fee, expected as {@code
   * TR_FeeCapLessThanBlocks}.
   */
  @Test
  void aLegacyVectorWithARetestethNamePasses(@TempDir Path dir) throws Exception {
    Path source =
        Path.of("src/test/resources/extra-vectors/BlockchainTests/stEIP1559/lowFeeCap.json");

    Outcome o =
        SingleVector.run(
            new BlockchainSuite(), dir, "stEIP1559/lowFeeCap.json", Files.readString(source));

    assertThat(o).isEqualTo(Outcome.PASSED);
  }
}
