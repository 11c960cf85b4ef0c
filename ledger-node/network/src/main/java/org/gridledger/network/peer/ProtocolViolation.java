package org.gridledger.network.peer;

import org.gridledger.network.p2p.DisconnectReason;

/**
 * A well-formed message that breaks the protocol (a second Status, a Status for another chain, a
 * message before Status). The {@link PeerManager} disconnects the peer with {@link #reason()} and
 * lowers its score.
 */
public final class ProtocolViolation extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final DisconnectReason reason;

  public ProtocolViolation(DisconnectReason reason, String what) {
    super(what);
    this.reason = reason;
  }

  public DisconnectReason reason() {
    return reason;
  }
}
