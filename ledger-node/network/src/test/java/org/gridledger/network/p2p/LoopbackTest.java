package org.gridledger.network.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.network.node.NodeId;
import org.gridledger.network.p2p.SharedCapabilities.Supported;
import org.gridledger.network.rlpx.RlpxConnection;
import org.gridledger.network.rlpx.RlpxMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two in-process peers over a real TCP socket on 127.0.0.1: RLPx handshake, Hello exchange with
 * capability negotiation, Ping/Pong, a capability message, Disconnect with a reason.
 */
class LoopbackTest {
  private final SecureRandom random = new SecureRandom();
  private final PrivateKey serverKey = PrivateKey.random(random);
  private final PrivateKey clientKey = PrivateKey.random(random);

  private static final List<Supported> SERVER_CAPS =
      List.of(
          new Supported(new Capability("eth", 68), 17),
          new Supported(new Capability("gbft", 1), 4));
  private static final List<Supported> CLIENT_CAPS =
      List.of(
          new Supported(new Capability("eth", 67), 17),
          new Supported(new Capability("eth", 68), 17),
          new Supported(new Capability("snap", 1), 8));

  private static P2pMessage.Hello hello(PrivateKey key, List<Supported> caps, int port) {
    return new P2pMessage.Hello(
        P2pMessage.PROTOCOL_VERSION,
        "gridledger/test",
        caps.stream().map(Supported::capability).toList(),
        port,
        NodeId.of(key));
  }

  @Test
  @Timeout(30)
  void handshakeHelloPingPongAndDisconnect() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = server.getLocalPort();
      Future<Long> serverSide =
          executor.submit(
              () -> {
                Socket socket = server.accept();
                RlpxConnection conn = RlpxConnection.accept(socket, serverKey, random);
                assertThat(conn.remoteId()).isEqualTo(NodeId.of(clientKey));
                P2pPeer peer = P2pPeer.open(conn, hello(serverKey, SERVER_CAPS, port), SERVER_CAPS);
                // Answer Ping with Pong, echo the eth message back, until the client disconnects.
                while (true) {
                  RlpxMessage m;
                  try {
                    m = peer.receive();
                  } catch (PeerDisconnectedException e) {
                    return e.reasonCode();
                  }
                  if (m.code() == P2pMessage.PING) {
                    peer.send(new P2pMessage.Pong());
                  } else {
                    peer.send(m);
                  }
                }
              });

      Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
      RlpxConnection conn =
          RlpxConnection.initiate(socket, clientKey, NodeId.of(serverKey), random);
      P2pPeer client = P2pPeer.open(conn, hello(clientKey, CLIENT_CAPS, 0), CLIENT_CAPS);

      assertThat(client.snappy()).isTrue();
      P2pMessage.Hello remote = client.remoteHello();
      assertThat(remote.protocolVersion()).isEqualTo(5);
      assertThat(remote.nodeId()).isEqualTo(NodeId.of(serverKey));
      assertThat(remote.listenPort()).isEqualTo(port);
      assertThat(remote.capabilities())
          .containsExactly(new Capability("eth", 68), new Capability("gbft", 1));
      assertThat(client.sharedCapabilities().capabilities())
          .containsExactly(new SharedCapabilities.Negotiated(new Capability("eth", 68), 0x10, 17));

      client.send(new P2pMessage.Ping());
      assertThat(P2pMessage.decode(client.receive())).isEqualTo(new P2pMessage.Pong());

      byte[] big = new byte[100_000];
      random.nextBytes(big);
      RlpxMessage eth = new RlpxMessage(0x10 + 3, big);
      client.send(eth);
      RlpxMessage echoed = client.receive();
      assertThat(echoed.code()).isEqualTo(0x13);
      assertThat(echoed.data()).isEqualTo(big);

      client.send(new P2pMessage.Ping());
      assertThat(P2pMessage.decode(client.receive())).isEqualTo(new P2pMessage.Pong());

      client.disconnect(DisconnectReason.CLIENT_QUITTING);
      assertThat(serverSide.get(20, TimeUnit.SECONDS))
          .isEqualTo((long) DisconnectReason.CLIENT_QUITTING.code());
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  @Timeout(30)
  void helloFromAnotherKeyThanTheHandshakeIsRefused() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Future<Throwable> serverSide =
          executor.submit(
              () -> {
                RlpxConnection conn = RlpxConnection.accept(server.accept(), serverKey, random);
                try {
                  P2pPeer.open(conn, hello(serverKey, SERVER_CAPS, 0), SERVER_CAPS);
                  return null;
                } catch (Exception e) {
                  return e;
                }
              });
      Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
      RlpxConnection conn =
          RlpxConnection.initiate(socket, clientKey, NodeId.of(serverKey), random);
      PrivateKey other = PrivateKey.random(random);
      // Both sides send Hello before reading, so the client sees a valid Hello and opens; the
      // server refuses the client's Hello and its Disconnect arrives next.
      P2pPeer client = P2pPeer.open(conn, hello(other, CLIENT_CAPS, 0), CLIENT_CAPS);
      assertThatThrownBy(client::receive)
          .isInstanceOf(PeerDisconnectedException.class)
          .hasMessageContaining("UNEXPECTED_IDENTITY");
      assertThat(serverSide.get(20, TimeUnit.SECONDS))
          .hasMessageContaining("Hello node id differs");
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  @Timeout(30)
  void garbageInsteadOfAuthIsRejectedAndTheSocketClosed() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Future<Throwable> serverSide =
          executor.submit(
              () -> {
                Socket accepted = server.accept();
                try {
                  RlpxConnection.accept(accepted, serverKey, random);
                  return null;
                } catch (Exception e) {
                  assertThat(accepted.isClosed()).isTrue();
                  return e;
                }
              });
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
        byte[] garbage = new byte[400];
        random.nextBytes(garbage);
        garbage[0] = 0x01; // an EIP-8 size prefix of 0x01xx bytes
        garbage[1] = (byte) 0x8e; // 398 bytes follow
        socket.getOutputStream().write(garbage);
        socket.getOutputStream().flush();
        assertThat(serverSide.get(20, TimeUnit.SECONDS))
            .isInstanceOf(org.gridledger.network.WireFormatException.class);
      }
    } finally {
      executor.shutdownNow();
    }
  }
}
