package org.gridledger.network.peer;

import java.io.IOException;
import java.util.List;
import org.gridledger.evm.types.Hash;
import org.gridledger.network.gbft.GbftMessage;

/**
 * The {@code gbft} handler, versions 2 and 1: hands every consensus payload to the listener (the
 * consensus engine, which decodes and verifies it) and, on {@code gbft/2}, every Have; sends
 * payloads and Haves to peers in the version their session speaks. Register {@link #protocols()}
 * with the {@link PeerManager}; the newest version both sides speak is used.
 */
public final class GbftHandler {
  /** Receives each consensus payload, and each Have, with the peer it came from. */
  public interface Listener {
    void onConsensusMessage(PeerSession peer, byte[] payload) throws IOException;

    /** {@code peer} holds the consensus payload with this Keccak-256 ({@code gbft/2}). */
    default void onHave(PeerSession peer, Hash payloadHash) {}
  }

  private final Listener listener;

  public GbftHandler(Listener listener) {
    this.listener = listener;
  }

  /** One handler per version this node speaks, to register with the {@link PeerManager}. */
  public List<ProtocolHandler> protocols() {
    return GbftMessage.VERSIONS.stream().map(v -> (ProtocolHandler) new Versioned(v)).toList();
  }

  /** The gbft version the session with {@code peer} speaks, or 0 if it shares none. */
  public static int version(PeerSession peer) {
    return peer.sharedCapabilities().byName("gbft").map(n -> n.capability().version()).orElse(0);
  }

  /** Sends a consensus payload to a peer that shares {@code gbft}. */
  public static void send(PeerSession peer, byte[] payload) throws IOException {
    peer.send(
        GbftMessage.capability(version(peer)),
        GbftMessage.CONSENSUS,
        new GbftMessage(payload).encodeData());
  }

  /**
   * Tells a peer that this node holds the payload with hash {@code payloadHash}, if its session
   * speaks {@code gbft/2}.
   *
   * @return false, having sent nothing, if the peer speaks {@code gbft/1}
   */
  public static boolean sendHave(PeerSession peer, Hash payloadHash) throws IOException {
    int version = version(peer);
    if (version < 2) {
      return false;
    }
    peer.send(
        GbftMessage.capability(version), GbftMessage.HAVE, GbftMessage.encodeHave(payloadHash));
    return true;
  }

  /** {@code gbft/<version>} as a capability of the session. */
  private final class Versioned extends VersionedProtocol {
    Versioned(int version) {
      super(GbftMessage.capability(version), GbftMessage.messageCount(version));
    }

    @Override
    public void onMessage(PeerSession peer, int code, byte[] data) throws IOException {
      if (version >= 2 && code == GbftMessage.HAVE) {
        listener.onHave(peer, GbftMessage.decodeHave(data));
        return;
      }
      listener.onConsensusMessage(peer, GbftMessage.decode(code, data).payload());
    }
  }
}
