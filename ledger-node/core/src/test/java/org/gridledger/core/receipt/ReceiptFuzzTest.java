package org.gridledger.core.receipt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.gridledger.core.block.BlockRoots;
import org.gridledger.core.rlp.RlpException;

/**
 * Fuzz target for {@link Receipt#decode}: receipts are read back from the database and, later, from
 * peers. See docs/fuzzing.md.
 */
class ReceiptFuzzTest {

  /**
   * Any input either decodes or is rejected with {@link RlpException}; an accepted receipt
   * re-encodes to the input, decodes again to an equal value, and its bloom and root are computed
   * without throwing.
   */
  @FuzzTest(maxDuration = "5m")
  void decodeThenReencode(byte[] input) {
    Receipt receipt;
    try {
      receipt = Receipt.decode(input);
    } catch (RlpException rejected) {
      return;
    }
    assertArrayEquals(input, receipt.encode());
    assertEquals(receipt, Receipt.decode(receipt.encode()));
    BlockRoots.receiptsRoot(List.of(receipt));
    BlockRoots.logsBloom(List.of(receipt));
  }
}
