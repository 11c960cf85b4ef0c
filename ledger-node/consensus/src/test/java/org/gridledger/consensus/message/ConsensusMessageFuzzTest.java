package org.gridledger.consensus.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.gridledger.consensus.header.BftExtraData;
import org.gridledger.consensus.header.BftExtraDataException;

/**
 * Fuzz targets for the consensus message decoder and the BFT extra-data decoder. Under Surefire
 * they run in regression mode over {@code ConsensusMessageFuzzTestInputs/} (seeds: one message of
 * each kind, with and without attachments); see docs/fuzzing.md.
 */
class ConsensusMessageFuzzTest {
  private static final VoteVerifier VERIFIER = new VoteVerifier(4242);

  /**
   * Any bytes give a message or {@link ConsensusMessageException}; an accepted message re-encodes
   * to the input, decodes to an equal value, and checking its signature and claim never throws.
   */
  @FuzzTest(maxDuration = "5m")
  void decodeThenReencode(byte[] input) {
    ConsensusMessage m;
    try {
      m = ConsensusMessageCodec.decode(input);
    } catch (ConsensusMessageException rejected) {
      return;
    }
    byte[] again = ConsensusMessageCodec.encode(m);
    assertArrayEquals(input, again);
    assertEquals(m, ConsensusMessageCodec.decode(again));
    VERIFIER.signer(m.vote());
    if (m instanceof RoundChange rc) {
      rc.claimMatchesVote();
    }
  }

  /** Any bytes as header extra data give a BFT layout or {@link BftExtraDataException}. */
  @FuzzTest(maxDuration = "5m")
  void decodeExtraData(byte[] input) {
    BftExtraData extra;
    try {
      extra = BftExtraData.decode(input);
    } catch (BftExtraDataException rejected) {
      return;
    }
    assertArrayEquals(input, extra.encode());
  }
}
