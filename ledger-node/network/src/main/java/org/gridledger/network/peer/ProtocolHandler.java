package org.gridledger.network.peer;

import java.io.IOException;
import org.gridledger.network.WireFormatException;
import org.gridledger.network.p2p.Capability;

/**
 * The implementation of one sub-protocol capability, called by the {@link PeerManager} for every
 * peer that shares it. Calls for one peer come from that peer's reader thread, one at a time; calls
 * for different peers may run concurrently.
 */
public interface ProtocolHandler {
  Capability capability();

  /** How many message ids the capability uses. */
  int messageCount();

  /** The session opened and shares this capability (e.g. send the Status handshake). */
  default void onConnect(PeerSession peer) throws IOException {}

  /**
   * A message of this capability arrived.
   *
   * @param code the id relative to the capability's offset
   * @throws WireFormatException if the data does not decode: the peer is disconnected with
   *     BREACH_OF_PROTOCOL and scored down
   * @throws ProtocolViolation if the message is well-formed but not acceptable: disconnected with
   *     the violation's reason and scored down
   */
  void onMessage(PeerSession peer, int code, byte[] data) throws IOException;

  /** The session closed, for whatever reason. */
  default void onDisconnect(PeerSession peer) {}
}
