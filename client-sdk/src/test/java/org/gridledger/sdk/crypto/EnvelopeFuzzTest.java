package org.gridledger.sdk.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.HexFormat;

/**
 * Fuzz target for {@link Envelope#parse} and {@link EnvelopeCipher#open} (versions 1 and 2):
 * envelopes are read from the chain, where anyone can publish any bytes. See docs/fuzzing.md.
 */
class EnvelopeFuzzTest {
  private static final byte[] KEY =
      HexFormat.of().parseHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");

  /**
   * Any input either parses or throws {@link EnvelopeException}; an accepted one re-serialises to
   * the input; opening it never throws anything else (random bytes never authenticate).
   */
  @FuzzTest(maxDuration = "5m")
  void parseThenReserialise(byte[] input) {
    Envelope envelope;
    try {
      envelope = Envelope.parse(input);
    } catch (EnvelopeException rejected) {
      return;
    }
    assertArrayEquals(input, envelope.toBytes());
    try {
      assertEquals(envelope, Envelope.parse(envelope.toBytes()));
      EnvelopeCipher.open(KEY, input, new byte[0]);
    } catch (EnvelopeException expected) {
      // A parsed envelope of random bytes does not authenticate.
    }
  }
}
