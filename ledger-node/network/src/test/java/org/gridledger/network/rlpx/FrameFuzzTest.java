package org.gridledger.network.rlpx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.gridledger.network.WireFormatException;
import org.gridledger.network.p2p.P2pMessage;

/**
 * Fuzz targets for RLPx frame decoding. The secrets are those of the EIP-8 (Auth₂, Ack₂) handshake.
 * Under Surefire they run in regression mode over {@code FrameFuzzTestInputs/}; see
 * docs/fuzzing.md.
 */
class FrameFuzzTest {
  private static final Secrets[] SECRETS = FrameCodecTest.vectorSecrets();

  /** Any bytes as a received frame: frame data or {@link WireFormatException}, nothing else. */
  @FuzzTest(maxDuration = "5m")
  void decodeFrame(byte[] input) {
    FrameCodec recipient = new FrameCodec(SECRETS[1]);
    try {
      recipient.decode(input);
    } catch (WireFormatException rejected) {
      // expected for nearly all inputs: the MACs do not match
    }
  }

  /**
   * Any bytes as frame data sent through a valid frame: it arrives unchanged, and parsing it as a
   * message and as a p2p message gives a value or {@link WireFormatException}.
   */
  @FuzzTest(maxDuration = "5m")
  void decodeFrameData(byte[] input) {
    if (input.length > FrameCodec.MAX_FRAME_SIZE) {
      return;
    }
    byte[] frame = new FrameCodec(SECRETS[0]).encode(input);
    assertArrayEquals(input, new FrameCodec(SECRETS[1]).decode(frame));
    try {
      RlpxMessage message = RlpxMessage.decode(input);
      P2pMessage.decode(message);
    } catch (WireFormatException rejected) {
      // not a (p2p) message
    }
  }
}
