package org.gridledger.network.p2p;

import java.io.IOException;

/** The remote peer sent Disconnect; the connection is closed. */
public final class PeerDisconnectedException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long reasonCode;

  public PeerDisconnectedException(long reasonCode) {
    super(
        "peer disconnected: "
            + DisconnectReason.fromCode(reasonCode).map(Enum::name).orElse("code " + reasonCode));
    this.reasonCode = reasonCode;
  }

  public long reasonCode() {
    return reasonCode;
  }
}
