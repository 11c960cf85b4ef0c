package org.gridledger.network.peer;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.gridledger.network.eth.EthMessage;
import org.gridledger.network.eth.ForkId;
import org.gridledger.network.node.NodeId;
import org.gridledger.network.p2p.Capability;
import org.gridledger.network.p2p.DisconnectReason;

/**
 * The {@code eth/68} handler: sends Status on connect, requires the peer's Status first and only
 * once, with the same network id and genesis and a fork id the local {@link ForkId.Schedule}
 * accepts (else USELESS_PEER), then decodes every message and hands it to the listener. What to do
 * with blocks and transactions (sync, pool) is the listener's business.
 */
public final class EthHandler implements ProtocolHandler {
  public static final Capability CAPABILITY = new Capability("eth", EthMessage.VERSION);

  /** Receives every decoded message after the Status handshake. */
  @FunctionalInterface
  public interface Listener {
    void onMessage(PeerSession peer, EthMessage message) throws IOException;
  }

  private final Supplier<EthMessage.Status> localStatus;
  private final ForkId.Schedule schedule;
  private final LongSupplier head;
  private final Listener listener;
  private final Map<NodeId, EthMessage.Status> statuses = new ConcurrentHashMap<>();

  /**
   * @param localStatus this node's current Status (head and fork id change as the chain grows)
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

  @Override
  public Capability capability() {
    return CAPABILITY;
  }

  @Override
  public int messageCount() {
    return EthMessage.MESSAGE_COUNT;
  }

  @Override
  public void onConnect(PeerSession peer) throws IOException {
    send(peer, localStatus.get());
  }

  /** Sends an eth message to a peer that shares eth/68. */
  public static void send(PeerSession peer, EthMessage message) throws IOException {
    peer.send(CAPABILITY, message.code(), message.encodeData());
  }

  @Override
  public void onMessage(PeerSession peer, int code, byte[] data) throws IOException {
    EthMessage message = EthMessage.decode(code, data);
    EthMessage.Status known = statuses.get(peer.nodeId());
    if (message instanceof EthMessage.Status status) {
      if (known != null) {
        throw new ProtocolViolation(DisconnectReason.BREACH_OF_PROTOCOL, "second Status");
      }
      check(status);
      statuses.put(peer.nodeId(), status);
    } else if (known == null) {
      throw new ProtocolViolation(
          DisconnectReason.BREACH_OF_PROTOCOL, "eth message before Status: " + message);
    }
    listener.onMessage(peer, message);
  }

  private void check(EthMessage.Status remote) {
    EthMessage.Status local = localStatus.get();
    if (remote.networkId() != local.networkId()) {
      throw new ProtocolViolation(
          DisconnectReason.USELESS_PEER, "network id " + remote.networkId());
    }
    if (!remote.genesis().equals(local.genesis())) {
      throw new ProtocolViolation(DisconnectReason.USELESS_PEER, "genesis " + remote.genesis());
    }
    if (!schedule.accepts(remote.forkId(), head.getAsLong())) {
      throw new ProtocolViolation(DisconnectReason.USELESS_PEER, "fork id " + remote.forkId());
    }
  }

  /** The Status a connected peer sent, once it has. */
  public Optional<EthMessage.Status> status(NodeId peer) {
    return Optional.ofNullable(statuses.get(peer));
  }

  @Override
  public void onDisconnect(PeerSession peer) {
    statuses.remove(peer.nodeId());
  }
}
