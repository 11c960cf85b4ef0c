package org.gridledger.network.p2p;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import org.gridledger.network.WireFormatException;
import org.gridledger.network.rlpx.RlpxConnection;
import org.gridledger.network.rlpx.RlpxMessage;
import org.gridledger.network.snappy.Snappy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A peer session over an RLPx connection after the p2p handshake (rlpx.md "p2p Capability"): both
 * sides send Hello, the remote Hello must name the key the RLPx handshake authenticated, and the
 * shared capabilities are negotiated. Afterwards messages of any capability flow through {@link
 * #send} and {@link #receive}.
 *
 * <p>When both Hellos say p2p version 5 or later, the data of every later message is
 * Snappy-compressed (EIP-706; the message id is not): {@link #send} compresses, {@link #receive}
 * decompresses, refusing anything that declares more than 16 MiB before inflating it.
 *
 * <p>Threading as {@link RlpxConnection}: any thread may send, one thread receives.
 */
public final class P2pPeer implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(P2pPeer.class);

  /** The first p2p version whose messages after Hello are Snappy-compressed (EIP-706). */
  public static final int SNAPPY_VERSION = 5;

  private final RlpxConnection connection;
  private final P2pMessage.Hello remoteHello;
  private final SharedCapabilities shared;
  private final boolean snappy;

  private P2pPeer(
      RlpxConnection connection,
      P2pMessage.Hello remoteHello,
      SharedCapabilities shared,
      boolean snappy) {
    this.connection = connection;
    this.remoteHello = remoteHello;
    this.shared = shared;
    this.snappy = snappy;
  }

  /**
   * Sends {@code localHello}, reads the remote Hello and negotiates capabilities. A remote that
   * answers with something other than Hello, or whose Hello names another key than the handshake
   * authenticated, is sent Disconnect and the connection is closed.
   *
   * @throws PeerDisconnectedException if the remote sent Disconnect instead of Hello
   * @throws WireFormatException if the remote sent invalid data
   */
  public static P2pPeer open(
      RlpxConnection connection,
      P2pMessage.Hello localHello,
      List<SharedCapabilities.Supported> supported)
      throws IOException {
    connection.send(localHello.toRlpx());
    P2pMessage first;
    try {
      first = P2pMessage.decode(connection.receive());
    } catch (WireFormatException e) {
      disconnectQuietly(connection, DisconnectReason.BREACH_OF_PROTOCOL, false);
      throw e;
    }
    switch (first) {
      case P2pMessage.Hello hello -> {
        boolean snappy =
            localHello.protocolVersion() >= SNAPPY_VERSION
                && hello.protocolVersion() >= SNAPPY_VERSION;
        if (!hello.nodeId().equals(connection.remoteId())) {
          // Both Hellos are exchanged, so this Disconnect is compressed if the session would be.
          disconnectQuietly(connection, DisconnectReason.UNEXPECTED_IDENTITY, snappy);
          throw new WireFormatException("Hello node id differs from the handshake's key", -1);
        }
        SharedCapabilities shared = SharedCapabilities.negotiate(supported, hello.capabilities());
        LOG.atDebug()
            .addKeyValue("peer", hello.nodeId())
            .addKeyValue("client", hello.clientId())
            .addKeyValue("shared", shared.capabilities())
            .log("p2p session open");
        return new P2pPeer(connection, hello, shared, snappy);
      }
      case P2pMessage.Disconnect d -> {
        connection.close();
        throw new PeerDisconnectedException(d.reasonCode());
      }
      default -> {
        disconnectQuietly(connection, DisconnectReason.BREACH_OF_PROTOCOL, false);
        throw new WireFormatException("first message must be Hello, got " + first, -1);
      }
    }
  }

  /** Sends a message (p2p or of a negotiated capability, with its absolute id). */
  public void send(RlpxMessage message) throws IOException {
    connection.send(
        snappy ? new RlpxMessage(message.code(), Snappy.compress(message.data())) : message);
  }

  public void send(P2pMessage message) throws IOException {
    send(message.toRlpx());
  }

  /**
   * Receives the next message. A Disconnect from the remote closes the connection and is thrown as
   * {@link PeerDisconnectedException}.
   *
   * @throws WireFormatException if the remote sent invalid data
   */
  public RlpxMessage receive() throws IOException {
    RlpxMessage m = connection.receive();
    if (m.code() == P2pMessage.DISCONNECT) {
      P2pMessage.Disconnect d = decodeDisconnect(m);
      connection.close();
      throw new PeerDisconnectedException(d.reasonCode());
    }
    if (snappy) {
      m = new RlpxMessage(m.code(), Snappy.decompress(m.data(), Snappy.MAX_DEVP2P_LENGTH));
    }
    return m;
  }

  /**
   * A Disconnect is read compressed on a Snappy session, and uncompressed if that fails: some
   * clients send it uncompressed when they drop a peer during the handshake.
   */
  private P2pMessage.Disconnect decodeDisconnect(RlpxMessage m) {
    if (snappy) {
      try {
        byte[] data = Snappy.decompress(m.data(), Snappy.MAX_DEVP2P_LENGTH);
        return (P2pMessage.Disconnect) P2pMessage.decode(new RlpxMessage(m.code(), data));
      } catch (WireFormatException notCompressed) {
        // fall through to the uncompressed form
      }
    }
    return (P2pMessage.Disconnect) P2pMessage.decode(m);
  }

  /** Sends Disconnect with {@code reason} and closes the connection. */
  public void disconnect(DisconnectReason reason) throws IOException {
    try {
      send(new P2pMessage.Disconnect(reason));
    } finally {
      connection.close();
    }
  }

  private static void disconnectQuietly(
      RlpxConnection connection, DisconnectReason reason, boolean snappy) {
    try {
      byte[] data = new P2pMessage.Disconnect(reason).encodeData();
      connection.send(
          new RlpxMessage(P2pMessage.DISCONNECT, snappy ? Snappy.compress(data) : data));
    } catch (IOException ignored) {
      // The peer is being dropped anyway.
    }
    try {
      connection.close();
    } catch (IOException ignored) {
      // Nothing left to release.
    }
  }

  public P2pMessage.Hello remoteHello() {
    return remoteHello;
  }

  public SharedCapabilities sharedCapabilities() {
    return shared;
  }

  /** Whether message data is Snappy-compressed on this session (both Hellos say version ≥ 5). */
  public boolean snappy() {
    return snappy;
  }

  @Override
  public void close() throws IOException {
    connection.close();
  }
}
