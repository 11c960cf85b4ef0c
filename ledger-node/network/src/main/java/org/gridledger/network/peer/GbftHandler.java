package org.gridledger.network.peer;

import java.io.IOException;
import org.gridledger.network.gbft.GbftMessage;
import org.gridledger.network.p2p.Capability;

/**
 * The {@code gbft/1} handler: hands every consensus payload to the listener (the consensus engine,
 * which decodes and verifies it) and sends payloads to peers.
 */
public final class GbftHandler implements ProtocolHandler {
  /** Receives each consensus payload with the peer it came from. */
  @FunctionalInterface
  public interface Listener {
    void onConsensusMessage(PeerSession peer, byte[] payload) throws IOException;
  }

  private final Listener listener;

  public GbftHandler(Listener listener) {
    this.listener = listener;
  }

  @Override
  public Capability capability() {
    return GbftMessage.CAPABILITY;
  }

  @Override
  public int messageCount() {
    return GbftMessage.MESSAGE_COUNT;
  }

  @Override
  public void onMessage(PeerSession peer, int code, byte[] data) throws IOException {
    listener.onConsensusMessage(peer, GbftMessage.decode(code, data).payload());
  }

  /** Sends a consensus payload to a peer that shares gbft/1. */
  public static void send(PeerSession peer, byte[] payload) throws IOException {
    peer.send(GbftMessage.CAPABILITY, GbftMessage.CONSENSUS, new GbftMessage(payload).encodeData());
  }
}
