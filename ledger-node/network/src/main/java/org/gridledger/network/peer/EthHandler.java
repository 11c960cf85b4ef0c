package org.gridledger.network.peer;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.gridledger.evm.types.Hash;
import org.gridledger.network.eth.EthMessage;
import org.gridledger.network.eth.ForkId;
import org.gridledger.network.node.NodeId;
import org.gridledger.network.p2p.Capability;
import org.gridledger.network.p2p.DisconnectReason;

/**
 * The {@code eth} protocol, versions 68, 69 and 70 ({@link #protocols()}: register them all; the
 * session speaks the highest both sides advertise): sends the version's Status on connect, requires
 * the peer's Status first and only once, of the negotiated version, with the same network id and
 * genesis and a fork id the local {@link ForkId.Schedule} accepts (else USELESS_PEER), then decodes
 * every message of that version and hands it to the listener. What to do with blocks and
 * transactions (sync, pool) is the listener's business; {@link #send} refuses a message the peer's
 * version does not have, and {@link #version} tells callers which form to build (receipts, head
 * announcements).
 */
public final class EthHandler {
  /** eth/68's capability. */
  public static final Capability CAPABILITY = capability(EthMessage.ETH68);

  /** Receives every decoded message after the Status handshake. */
  @FunctionalInterface
  public interface Listener {
    void onMessage(PeerSession peer, EthMessage message) throws IOException;
  }

  private final Supplier<EthMessage.Status> localStatus;
  private final ForkId.Schedule schedule;
  private final LongSupplier head;
  private final Listener listener;
  private final Map<NodeId, EthMessage.Handshake> statuses = new ConcurrentHashMap<>();

  /**
   * @param localStatus this node's current head, as eth/68's Status (head and fork id change as the
   *     chain grows; the total difficulty carries the head's number, {@link
   *     EthMessage.Handshake#latestBlock()}); eth/69's and eth/70's are made from it, serving
   *     blocks from genesis
   * @param schedule the local fork schedule, to validate remote fork ids (EIP-2124)
   * @param head the local head block number
   */
  public EthHandler(
      Supplier<EthMessage.Status> localStatus,
      ForkId.Schedule schedule,
      LongSupplier head,
      Listener listener) {
    this.localStatus = localStatus;
    this.schedule = schedule;
    this.head = head;
    this.listener = listener;
  }

  /** {@code eth/<version>}. */
  public static Capability capability(int version) {
    return new Capability("eth", version);
  }

  /** One handler per version this node speaks, to register with the {@link PeerManager}. */
  public List<ProtocolHandler> protocols() {
    return EthMessage.VERSIONS.stream().map(v -> (ProtocolHandler) new Versioned(v)).toList();
  }

  /** The eth version the session with {@code peer} speaks. */
  public static int version(PeerSession peer) {
    return peer.sharedCapabilities()
        .byName("eth")
        .map(n -> n.capability().version())
        .orElseThrow(() -> new IllegalArgumentException(peer + " shares no eth version"));
  }

  /**
   * Sends an eth message to a peer in the version its session speaks.
   *
   * @throws IllegalArgumentException if that version has no such message ({@link
   *     EthMessage#isPartOf})
   */
  public static void send(PeerSession peer, EthMessage message) throws IOException {
    int version = version(peer);
    if (!EthMessage.isPartOf(message, version)) {
      throw new IllegalArgumentException(
          message.getClass().getSimpleName() + " is not part of eth/" + version);
    }
    peer.send(capability(version), message.code(), message.encodeData());
  }

  /** This node's Status in {@code version}'s form. */
  EthMessage.Handshake localStatus(int version) {
    EthMessage.Status s = localStatus.get();
    if (version == EthMessage.ETH68) {
      return s;
    }
    return new EthMessage.Status69(
        version, s.networkId(), s.genesis(), s.forkId(), 0, s.latestBlock(), s.head());
  }

  private void check(int version, EthMessage.Handshake remote) {
    if (remote.version() != version) {
      throw new ProtocolViolation(
          DisconnectReason.BREACH_OF_PROTOCOL,
          "Status of version " + Long.toUnsignedString(remote.version()) + " on eth/" + version);
    }
    EthMessage.Status local = localStatus.get();
    if (remote.networkId() != local.networkId()) {
      throw new ProtocolViolation(
          DisconnectReason.USELESS_PEER, "network id " + remote.networkId());
    }
    Hash genesis = remote.genesis();
    if (!genesis.equals(local.genesis())) {
      throw new ProtocolViolation(DisconnectReason.USELESS_PEER, "genesis " + genesis);
    }
    if (!schedule.accepts(remote.forkId(), head.getAsLong())) {
      throw new ProtocolViolation(DisconnectReason.USELESS_PEER, "fork id " + remote.forkId());
    }
  }

  /** The Status (either version's) a connected peer sent, once it has. */
  public Optional<EthMessage.Handshake> status(NodeId peer) {
    return Optional.ofNullable(statuses.get(peer));
  }

  /** eth/{@code version} as a capability of the session. */
  private final class Versioned extends VersionedProtocol {
    Versioned(int version) {
      super(EthHandler.capability(version), EthMessage.messageCount(version));
    }

    @Override
    public void onConnect(PeerSession peer) throws IOException {
      send(peer, localStatus(version));
    }

    @Override
    public void onMessage(PeerSession peer, int code, byte[] data) throws IOException {
      EthMessage message = EthMessage.decode(version, code, data);
      EthMessage.Handshake known = statuses.get(peer.nodeId());
      if (message instanceof EthMessage.Handshake status) {
        if (known != null) {
          throw new ProtocolViolation(DisconnectReason.BREACH_OF_PROTOCOL, "second Status");
        }
        check(version, status);
        statuses.put(peer.nodeId(), status);
      } else if (known == null) {
        throw new ProtocolViolation(
            DisconnectReason.BREACH_OF_PROTOCOL, "eth message before Status: " + message);
      }
      listener.onMessage(peer, message);
    }

    @Override
    public void onDisconnect(PeerSession peer) {
      statuses.remove(peer.nodeId());
    }
  }
}
