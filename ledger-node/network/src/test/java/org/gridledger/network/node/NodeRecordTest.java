package org.gridledger.network.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridledger.network.Eip8Vectors.*;

import java.net.InetAddress;
import java.util.Map;
import java.util.TreeMap;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Hex;
import org.gridledger.network.WireFormatException;
import org.junit.jupiter.api.Test;

/** The example record of enr.md "Test Vectors". */
class NodeRecordTest {
  @Test
  void exampleRecordVerifiesAndGivesItsNodeId() throws Exception {
    NodeRecord r = NodeRecord.fromText(ENR_TEXT);
    assertThat(r.verifySignature()).isTrue();
    assertThat(r.nodeAddress().orElseThrow().toHex()).isEqualTo("0x" + ENR_NODE_ID);
    assertThat(r.publicKey()).contains(NodeId.of(PrivateKey.fromHex(STATIC_KEY_B)));
    assertThat(r.seq()).isEqualTo(1);
    assertThat(r.identityScheme()).contains("v4");
    assertThat(r.ip()).contains(InetAddress.getByName("127.0.0.1"));
    assertThat(r.udp()).hasValue(30303);
    assertThat(r.tcp()).isEmpty();
    assertThat(r.keys()).containsExactly("id", "ip", "secp256k1", "udp");
    assertThat(r.toText()).isEqualTo(ENR_TEXT);
    assertThat(Hex.encodeNoPrefix(r.encoded(), 4, 64)).isEqualTo(ENR_SIGNATURE);
  }

  /**
   * Signing is deterministic (RFC 6979 nonces), as in the implementation that produced the example,
   * so signing its content with its key reproduces the published record byte for byte.
   */
  @Test
  void signingTheExampleContentReproducesThePublishedRecord() throws Exception {
    Map<String, byte[]> entries = new TreeMap<>();
    entries.put("ip", NodeRecord.ipValue(InetAddress.getByName("127.0.0.1")));
    entries.put("udp", NodeRecord.portValue(30303));
    NodeRecord signed = NodeRecord.sign(PrivateKey.fromHex(STATIC_KEY_B), 1, entries);
    assertThat(signed.verifySignature()).isTrue();
    NodeRecord example = NodeRecord.fromText(ENR_TEXT);
    // Same content after the 64-byte signature (the 2-byte list header and 2-byte string header).
    byte[] a = signed.encoded();
    byte[] b = example.encoded();
    assertThat(java.util.Arrays.copyOfRange(a, 68, a.length))
        .isEqualTo(java.util.Arrays.copyOfRange(b, 68, b.length));
    assertThat(signed.toText()).isEqualTo(ENR_TEXT);
  }

  @Test
  void tamperedRecordFailsVerification() {
    byte[] rlp = NodeRecord.fromText(ENR_TEXT).encoded();
    rlp[rlp.length - 1] ^= 1; // the udp port
    NodeRecord r = NodeRecord.decode(rlp);
    assertThat(r.verifySignature()).isFalse();
  }

  @Test
  void structuralErrorsAreRejected() {
    byte[] unsorted =
        RlpWriter.encodeList(
            RlpWriter.encodeBytes(new byte[64]),
            new byte[] {0x01},
            RlpWriter.encodeBytes("udp".getBytes()),
            new byte[] {0x05},
            RlpWriter.encodeBytes("id".getBytes()),
            RlpWriter.encodeBytes("v4".getBytes()));
    assertThatThrownBy(() -> NodeRecord.decode(unsorted))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("sorted");
    assertThatThrownBy(() -> NodeRecord.decode(new byte[301]))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("300");
    assertThatThrownBy(() -> NodeRecord.fromText("enr:***"))
        .isInstanceOf(WireFormatException.class);
    assertThatThrownBy(() -> NodeRecord.decode(new byte[] {(byte) 0xc1}))
        .isInstanceOf(WireFormatException.class);
  }
}
