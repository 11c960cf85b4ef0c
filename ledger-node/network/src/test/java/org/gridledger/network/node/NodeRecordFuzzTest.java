package org.gridledger.network.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.gridledger.network.WireFormatException;

/**
 * Fuzz targets for node identities. Any input gives a record (whose accessors and signature check
 * never throw, and which re-encodes to the input) or {@link WireFormatException}. Seeds: the enr.md
 * example record and enode URLs.
 */
class NodeRecordFuzzTest {

  @FuzzTest(maxDuration = "5m")
  void decodeRecord(byte[] input) {
    NodeRecord r;
    try {
      r = NodeRecord.decode(input);
    } catch (WireFormatException rejected) {
      return;
    }
    r.verifySignature();
    r.nodeAddress();
    r.ip();
    r.udp();
    r.tcp();
    r.identityScheme();
    assertArrayEquals(input, r.encoded());
    assertEquals(r, NodeRecord.fromText(r.toText()));
  }

  @FuzzTest(maxDuration = "5m")
  void parseEnodeUrl(byte[] input) {
    EnodeUrl url;
    try {
      url = EnodeUrl.parse(new String(input, StandardCharsets.UTF_8));
    } catch (WireFormatException rejected) {
      return;
    }
    assertEquals(url, EnodeUrl.parse(url.format()));
  }
}
