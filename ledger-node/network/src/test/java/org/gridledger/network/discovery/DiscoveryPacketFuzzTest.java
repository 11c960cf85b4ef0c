package org.gridledger.network.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.gridledger.network.WireFormatException;

/**
 * Fuzz targets for discv4 decoding. Any input gives a packet or {@link WireFormatException}; an
 * accepted message re-encodes to data that decodes to an equal message. Seeds: the EIP-8 packets.
 */
class DiscoveryPacketFuzzTest {

  @FuzzTest(maxDuration = "5m")
  void decodePacket(byte[] input) {
    DiscoveryPacket.Decoded decoded;
    try {
      decoded = DiscoveryPacket.decode(input);
    } catch (WireFormatException rejected) {
      return;
    }
    DiscoveryMessage m = decoded.message();
    assertEquals(m, DiscoveryMessage.decode(m.type(), m.encode()));
  }

  /** The input's first byte is the packet type, the rest packet-data (no hash or signature). */
  @FuzzTest(maxDuration = "5m")
  void decodePacketData(byte[] input) {
    if (input.length == 0) {
      return;
    }
    DiscoveryMessage m;
    try {
      m = DiscoveryMessage.decode(input[0] & 0xff, Arrays.copyOfRange(input, 1, input.length));
    } catch (WireFormatException rejected) {
      return;
    }
    assertEquals(m, DiscoveryMessage.decode(m.type(), m.encode()));
  }
}
