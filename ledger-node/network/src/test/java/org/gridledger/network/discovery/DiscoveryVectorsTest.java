package org.gridledger.network.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridledger.network.Eip8Vectors.*;

import java.net.InetAddress;
import java.util.List;
import java.util.OptionalLong;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Hex;
import org.gridledger.network.WireFormatException;
import org.gridledger.network.discovery.DiscoveryMessage.EnrRequest;
import org.gridledger.network.discovery.DiscoveryMessage.EnrResponse;
import org.gridledger.network.discovery.DiscoveryMessage.FindNode;
import org.gridledger.network.discovery.DiscoveryMessage.NeighborNode;
import org.gridledger.network.discovery.DiscoveryMessage.Neighbors;
import org.gridledger.network.discovery.DiscoveryMessage.Ping;
import org.gridledger.network.discovery.DiscoveryMessage.Pong;
import org.gridledger.network.node.NodeId;
import org.gridledger.network.node.NodeRecord;
import org.junit.jupiter.api.Test;

/**
 * The discovery packets of EIP-8 ("Test Vectors", "RLPx Discovery Protocol"), which must be
 * accepted, with the field values go-ethereum's v4wire tests expect of them.
 */
class DiscoveryVectorsTest {
  private static final PrivateKey KEY = PrivateKey.fromHex(STATIC_KEY_B);
  private static final long EXPIRATION = 1136239445L;

  private static DiscoveryPacket.Decoded decode(String hex) {
    DiscoveryPacket.Decoded d = DiscoveryPacket.decode(hex(hex));
    assertThat(d.sender()).isEqualTo(NodeId.of(KEY));
    assertThat(d.hash().toArray()).isEqualTo(java.util.Arrays.copyOf(hex(hex), 32));
    return d;
  }

  private static Endpoint endpoint(String ip, int udp, int tcp) throws Exception {
    return new Endpoint(InetAddress.getByName(ip), udp, tcp);
  }

  @Test
  void pingWithoutExtraElements() throws Exception {
    Ping ping = (Ping) decode(PING_PLAIN).message();
    assertThat(ping)
        .isEqualTo(
            new Ping(
                4,
                endpoint("127.0.0.1", 3322, 5544),
                endpoint("::1", 2222, 3333),
                EXPIRATION,
                OptionalLong.empty()));
  }

  @Test
  void pingVersion4WithExtraElements() throws Exception {
    Ping ping = (Ping) decode(PING_V4).message();
    assertThat(ping.version()).isEqualTo(4);
    assertThat(ping.from()).isEqualTo(endpoint("127.0.0.1", 3322, 5544));
    assertThat(ping.to()).isEqualTo(endpoint("::1", 2222, 3333));
    assertThat(ping.expiration()).isEqualTo(EXPIRATION);
    // The first extra element (0x01) sits where EIP-868 later put enr-seq, so it reads as one.
    assertThat(ping.enrSeq()).isEqualTo(OptionalLong.of(1));
  }

  @Test
  void pingVersion555WithExtraElementsAndTrailingData() throws Exception {
    Ping ping = (Ping) decode(PING_V555).message();
    assertThat(ping.version()).isEqualTo(555);
    assertThat(ping.from()).isEqualTo(endpoint("2001:db8:3c4d:15::abcd:ef12", 3322, 5544));
    assertThat(ping.to()).isEqualTo(endpoint("2001:db8:85a3:8d3:1319:8a2e:370:7348", 2222, 33338));
    assertThat(ping.expiration()).isEqualTo(EXPIRATION);
    assertThat(ping.enrSeq()).isEmpty();
  }

  @Test
  void pongWithExtraElementsAndTrailingData() throws Exception {
    Pong pong = (Pong) decode(PONG).message();
    assertThat(pong.to()).isEqualTo(endpoint("2001:db8:85a3:8d3:1319:8a2e:370:7348", 2222, 33338));
    assertThat(pong.pingHash())
        .isEqualTo(
            Hash.fromHex("fbc914b16819237dcd8801d7e53f69e9719adecb3cc0e790c57e91ca4461c954"));
    assertThat(pong.expiration()).isEqualTo(EXPIRATION);
    assertThat(pong.enrSeq()).isEmpty();
  }

  @Test
  void findNodeWithExtraElementsAndTrailingData() {
    FindNode find = (FindNode) decode(FIND_NODE).message();
    assertThat(Hex.encodeNoPrefix(find.target()))
        .isEqualTo(
            "ca634cae0d49acb401d8a4c6b6fe8c55b70d115bf400769cc1400f3258cd3138"
                + "7574077f301b421bc84df7266c44e9e6d569fc56be00812904767bf5ccd1fc7f");
    assertThat(find.expiration()).isEqualTo(EXPIRATION);
  }

  @Test
  void neighborsWithExtraElementsAndTrailingData() throws Exception {
    Neighbors n = (Neighbors) decode(NEIGHBORS).message();
    assertThat(n.expiration()).isEqualTo(EXPIRATION);
    assertThat(n.nodes())
        .containsExactly(
            new NeighborNode(
                endpoint("99.33.22.55", 4444, 4445),
                NodeId.fromHex(
                    "3155e1427f85f10a5c9a7755877748041af1bcd8d474ec065eb33df57a97babf"
                        + "54bfd2103575fa829115d224c523596b401065a97f74010610fce76382c0bf32")),
            new NeighborNode(
                endpoint("1.2.3.4", 1, 1),
                NodeId.fromHex(
                    "312c55512422cf9b8a4097e9a6ad79402e87a15ae909a4bfefa22398f03d2095"
                        + "1933beea1e4dfa6f968212385e829f04c2d314fc2d4e255e0d3bc08792b069db")),
            new NeighborNode(
                endpoint("2001:db8:3c4d:15::abcd:ef12", 3333, 3333),
                NodeId.fromHex(
                    "38643200b172dcfef857492156971f0e6aa2c538d8b74010f8e140811d53b98c"
                        + "765dd2d96126051913f44582e8c199ad7c6d6819e9a56483f637feaac9448aac")),
            new NeighborNode(
                endpoint("2001:db8:85a3:8d3:1319:8a2e:370:7348", 999, 1000),
                NodeId.fromHex(
                    "8dcab8618c3253b558d459da53bd8fa68935a719aff8b811197101a4b2b47dd2"
                        + "d47295286fc00cc081bb542d760717d1bdd6bec2c37cd72eca367d6dd3b9df73")));
  }

  @Test
  void ownPacketsRoundTrip() throws Exception {
    PrivateKey key = PrivateKey.fromHex(STATIC_KEY_A);
    NodeRecord record = NodeRecord.fromText(ENR_TEXT);
    List<DiscoveryMessage> messages =
        List.of(
            new Ping(
                4,
                endpoint("10.0.0.1", 30303, 30304),
                endpoint("::1", 1, 0),
                99,
                OptionalLong.of(7)),
            new Pong(
                endpoint("10.0.0.2", 5, 6),
                Hash.fromHex("11".repeat(32)),
                100,
                OptionalLong.empty()),
            new FindNode(NodeId.of(key).toArray(), 101),
            new Neighbors(
                List.of(new NeighborNode(endpoint("1.1.1.1", 2, 3), NodeId.of(KEY))), 102),
            new EnrRequest(103),
            new EnrResponse(Hash.fromHex("22".repeat(32)), record));
    for (DiscoveryMessage m : messages) {
      byte[] packet = DiscoveryPacket.encode(m, key);
      DiscoveryPacket.Decoded d = DiscoveryPacket.decode(packet);
      assertThat(d.sender()).isEqualTo(NodeId.of(key));
      assertThat(d.message()).isEqualTo(m);
      assertThat(d.message().type()).isEqualTo(packet[97]);
    }
  }

  @Test
  void badPacketsAreRejectedWithTheirOffset() {
    byte[] good = hex(PING_V4);
    byte[] badHash = good.clone();
    badHash[0] ^= 1;
    assertThatThrownBy(() -> DiscoveryPacket.decode(badHash))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("hash mismatch");
    assertThatThrownBy(() -> DiscoveryPacket.decode(new byte[98]))
        .isInstanceOf(WireFormatException.class);
    assertThatThrownBy(() -> DiscoveryPacket.decode(new byte[1281]))
        .isInstanceOf(WireFormatException.class);
    assertThatThrownBy(() -> DiscoveryMessage.decode(9, new byte[] {(byte) 0xc0}))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("unknown discovery packet type 9");
    WireFormatException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            WireFormatException.class,
            () ->
                DiscoveryMessage.decode(
                    DiscoveryMessage.PING, new byte[] {(byte) 0xc2, 0x04, (byte) 0xc0}));
    assertThat(e.offset()).isGreaterThanOrEqualTo(0);
  }
}
