package org.gridledger.core.tx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target for {@link TransactionDecoder}. Under Surefire it runs in regression mode over the
 * seeds in {@code src/test/resources/org/gridledger/core/tx/TransactionDecoderFuzzTestInputs/}; see
 * docs/fuzzing.md for fuzzing it for real.
 */
class TransactionDecoderFuzzTest {
  private static final TransactionValidator VALIDATOR = new TransactionValidator(1);

  /**
   * Any input either decodes or is rejected with {@link TransactionDecodingException}. A decoded
   * transaction re-encodes to the input bytes, decodes again to an equal value, and every derived
   * property (hashes, sender recovery, intrinsic gas, validation) is computed without throwing.
   */
  @FuzzTest(maxDuration = "5m")
  void decodeThenReencode(byte[] input) {
    Transaction tx;
    try {
      tx = TransactionDecoder.decode(input);
    } catch (TransactionDecodingException rejected) {
      return;
    }
    byte[] encoded = tx.encode();
    assertArrayEquals(input, encoded);
    assertEquals(tx, TransactionDecoder.decode(encoded));
    tx.hash();
    tx.signingHash();
    tx.sender();
    tx.intrinsicGas();
    VALIDATOR.validate(tx);
  }
}
