package org.gridledger.network.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.network.Eip8Vectors;
import org.gridledger.network.WireFormatException;
import org.gridledger.network.node.NodeId;
import org.gridledger.network.p2p.SharedCapabilities.Supported;
import org.gridledger.network.rlpx.RlpxMessage;
import org.junit.jupiter.api.Test;

class P2pMessageTest {
  /** EIP-8 "devp2p Base Protocol": a Hello with a higher version and extra list elements. */
  @Test
  void eip8HelloVectorDecodes() {
    P2pMessage m =
        P2pMessage.decode(new RlpxMessage(P2pMessage.HELLO, Eip8Vectors.hex(Eip8Vectors.HELLO)));
    P2pMessage.Hello hello = (P2pMessage.Hello) m;
    assertThat(hello.protocolVersion()).isEqualTo(0x37);
    assertThat(hello.clientId()).isEqualTo("kneth/v0.91/plan9");
    assertThat(hello.capabilities())
        .containsExactly(new Capability("eth", 61), new Capability("mork", 22));
    assertThat(hello.listenPort()).isEqualTo(9999);
    assertThat(hello.nodeId())
        .isEqualTo(
            NodeId.fromHex(
                "fda1cff674c90c9a197539fe3dfb53086ace64f83ed7c6eabec741f7f381cc80"
                    + "3e52ab2cd55d5569bce4347107a310dfd5f88a010cd2ffd1005ca406f1842877"));
  }

  @Test
  void messagesRoundTrip() {
    NodeId id = NodeId.of(PrivateKey.fromHex(Eip8Vectors.STATIC_KEY_A));
    List<P2pMessage> all =
        List.of(
            new P2pMessage.Hello(
                5, "gridledger/0.1", List.of(new Capability("eth", 68)), 30303, id),
            new P2pMessage.Disconnect(DisconnectReason.TOO_MANY_PEERS),
            new P2pMessage.Ping(),
            new P2pMessage.Pong());
    for (P2pMessage m : all) {
      assertThat(P2pMessage.decode(RlpxMessage.decode(m.toRlpx().frameData()))).isEqualTo(m);
    }
  }

  @Test
  void disconnectAcceptsTheVariantsClientsSend() {
    assertThat(decodeDisconnect(0xc1, 0x04).reason()).contains(DisconnectReason.TOO_MANY_PEERS);
    assertThat(decodeDisconnect(0x04).reason()).contains(DisconnectReason.TOO_MANY_PEERS);
    assertThat(decodeDisconnect(0xc0).reason()).contains(DisconnectReason.REQUESTED);
    assertThat(decodeDisconnect(0xc1, 0x7f).reason()).isEmpty();
  }

  private static P2pMessage.Disconnect decodeDisconnect(int... bytes) {
    byte[] data = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      data[i] = (byte) bytes[i];
    }
    return (P2pMessage.Disconnect) P2pMessage.decode(new RlpxMessage(P2pMessage.DISCONNECT, data));
  }

  @Test
  void malformedOrForeignMessagesAreRejected() {
    assertThatThrownBy(() -> P2pMessage.decode(new RlpxMessage(0x10, new byte[] {(byte) 0xc0})))
        .isInstanceOf(WireFormatException.class);
    assertThatThrownBy(
            () -> P2pMessage.decode(new RlpxMessage(P2pMessage.HELLO, new byte[] {(byte) 0xc1, 5})))
        .isInstanceOf(WireFormatException.class);
  }

  @Test
  void sharedCapabilitiesTakeHighestCommonVersionInNameOrder() {
    List<Supported> local =
        List.of(
            new Supported(new Capability("snap", 1), 8),
            new Supported(new Capability("eth", 67), 17),
            new Supported(new Capability("eth", 68), 17),
            new Supported(new Capability("gbft", 1), 4),
            new Supported(new Capability("les", 4), 20));
    List<Capability> remote =
        List.of(
            new Capability("eth", 66),
            new Capability("eth", 67),
            new Capability("eth", 68),
            new Capability("snap", 1),
            new Capability("gbft", 2));
    SharedCapabilities shared = SharedCapabilities.negotiate(local, remote);
    assertThat(shared.capabilities())
        .containsExactly(
            new SharedCapabilities.Negotiated(new Capability("eth", 68), 0x10, 17),
            new SharedCapabilities.Negotiated(new Capability("snap", 1), 0x21, 8));
    assertThat(shared.forMessageCode(0x20).orElseThrow().capability().name()).isEqualTo("eth");
    assertThat(shared.forMessageCode(0x21).orElseThrow().capability().name()).isEqualTo("snap");
    assertThat(shared.forMessageCode(0x29)).isEmpty();
    assertThat(shared.byName("gbft")).isEmpty();
  }
}
