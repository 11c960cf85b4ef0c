package org.gridledger.network.p2p;

import java.util.Optional;

/** The reasons of a Disconnect message (rlpx.md "Disconnect (0x01)"), with their wire codes. */
public enum DisconnectReason {
  REQUESTED(0x00),
  TCP_ERROR(0x01),
  BREACH_OF_PROTOCOL(0x02),
  USELESS_PEER(0x03),
  TOO_MANY_PEERS(0x04),
  ALREADY_CONNECTED(0x05),
  INCOMPATIBLE_P2P_VERSION(0x06),
  NULL_NODE_IDENTITY(0x07),
  CLIENT_QUITTING(0x08),
  UNEXPECTED_IDENTITY(0x09),
  CONNECTED_TO_SELF(0x0a),
  PING_TIMEOUT(0x0b),
  SUBPROTOCOL_REASON(0x10);

  private final int code;

  DisconnectReason(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The reason with this wire code, if it is one the specification defines. */
  public static Optional<DisconnectReason> fromCode(long code) {
    for (DisconnectReason r : values()) {
      if (r.code == code) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
