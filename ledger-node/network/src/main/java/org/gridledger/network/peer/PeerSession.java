package org.gridledger.network.peer;

import java.io.IOException;
import java.util.Optional;
import org.gridledger.network.node.NodeId;
import org.gridledger.network.p2p.Capability;
import org.gridledger.network.p2p.DisconnectReason;
import org.gridledger.network.p2p.P2pMessage;
import org.gridledger.network.p2p.P2pPeer;
import org.gridledger.network.p2p.SharedCapabilities;
import org.gridledger.network.rlpx.RlpxMessage;

/**
 * One connected peer as protocol handlers see it: its identity, its Hello, and sending messages of
 * a shared capability by relative id. Any thread may send.
 */
public final class PeerSession {
  /** Who dialled. */
  public enum Direction {
    INBOUND,
    OUTBOUND
  }

  private final P2pPeer peer;
  private final Direction direction;
  private final PeerManager manager;
  private volatile long lastHeardNanos = System.nanoTime();
  private volatile boolean closed;

  PeerSession(P2pPeer peer, Direction direction, PeerManager manager) {
    this.peer = peer;
    this.direction = direction;
    this.manager = manager;
  }

  public NodeId nodeId() {
    return peer.remoteHello().nodeId();
  }

  public P2pMessage.Hello remoteHello() {
    return peer.remoteHello();
  }

  public Direction direction() {
    return direction;
  }

  public SharedCapabilities sharedCapabilities() {
    return peer.sharedCapabilities();
  }

  /**
   * Sends a message of a shared capability.
   *
   * @param code the id relative to the capability's offset
   * @throws IllegalArgumentException if the capability is not shared or the id outside its range
   */
  public void send(Capability capability, int code, byte[] data) throws IOException {
    Optional<SharedCapabilities.Negotiated> n =
        peer.sharedCapabilities().capabilities().stream()
            .filter(c -> c.capability().equals(capability))
            .findFirst();
    if (n.isEmpty() || code < 0 || code >= n.get().messageCount()) {
      throw new IllegalArgumentException(capability + " message " + code + " is not shared");
    }
    peer.send(new RlpxMessage(n.get().offset() + code, data));
  }

  /** Sends Disconnect with {@code reason} and closes the session. */
  public void disconnect(DisconnectReason reason) {
    manager.drop(this, reason);
  }

  /**
   * The peer sent data that a protocol handler found invalid above the wire format (a block body
   * that does not match its header, headers without a valid commit certificate): counts one offence
   * against its score, as undecodable data does, and disconnects it with {@code reason}.
   */
  public void misbehaved(DisconnectReason reason, String what) {
    manager.misbehaved(this, reason, what);
  }

  public boolean isOpen() {
    return !closed;
  }

  P2pPeer p2p() {
    return peer;
  }

  void heard() {
    lastHeardNanos = System.nanoTime();
  }

  long lastHeardNanos() {
    return lastHeardNanos;
  }

  /** Marks the session closed; true only for the first caller. */
  synchronized boolean markClosed() {
    if (closed) {
      return false;
    }
    closed = true;
    return true;
  }

  @Override
  public String toString() {
    return "PeerSession[" + nodeId() + ", " + direction + "]";
  }
}
