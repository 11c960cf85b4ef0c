package org.gridledger.core.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.gridledger.core.rlp.RlpException;
import org.gridledger.core.tx.TransactionDecodingException;

/**
 * Fuzz target for {@link Block#decode} and {@link BlockHeader#decode}: the decoders of blocks read
 * from chain files ({@code gridledger import}) and, later, from peers. Seeds are Cancun blocks from
 * the BlockchainTests vectors; see docs/fuzzing.md.
 */
class BlockFuzzTest {

  /**
   * Any input either decodes to a block or is rejected with {@link RlpException} or {@link
   * TransactionDecodingException} (for a malformed transaction inside the body). An accepted block
   * re-encodes to the input and its header hash and roots are computed without throwing.
   */
  @FuzzTest(maxDuration = "5m")
  void decodeThenReencode(byte[] input) {
    Block block;
    try {
      block = Block.decode(input);
    } catch (RlpException | TransactionDecodingException rejected) {
      return;
    }
    assertArrayEquals(input, block.encode());
    assertEquals(block.header(), BlockHeader.decode(block.header().encode()));
    block.hash();
    BlockRoots.transactionsRoot(block.body().transactions());
  }
}
