package org.gridledger.network.peer;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.network.WireFormatException;
import org.gridledger.network.node.EnodeUrl;
import org.gridledger.network.node.NodeId;
import org.gridledger.network.p2p.Capability;
import org.gridledger.network.p2p.DisconnectReason;
import org.gridledger.network.p2p.P2pMessage;
import org.gridledger.network.p2p.P2pPeer;
import org.gridledger.network.p2p.PeerDisconnectedException;
import org.gridledger.network.p2p.SharedCapabilities;
import org.gridledger.network.rlpx.RlpxConnection;
import org.gridledger.network.rlpx.RlpxMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts and dials devp2p peers and runs one session per peer on a virtual thread: RLPx handshake,
 * Hello (with Snappy from version 5), then a read loop that answers Ping, dispatches capability
 * messages to the registered {@link ProtocolHandler}s, and drops peers that send invalid data
 * (BREACH_OF_PROTOCOL for undecodable data, the violation's reason otherwise) with a lower score;
 * repeated offenders are banned for a while. Limits: inbound and outbound peer counts, one session
 * per node id, no connection to itself. Peers silent beyond the ping timeout are dropped with
 * PING_TIMEOUT.
 */
public final class PeerManager implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(PeerManager.class);

  private final PrivateKey key;
  private final NodeId self;
  private final String clientId;
  private final PeerManagerConfig config;
  private final List<ProtocolHandler> handlers;
  private final List<SharedCapabilities.Supported> supported;
  private final PeerScores scores;
  private final SecureRandom random = new SecureRandom();
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final ScheduledExecutorService pinger =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
  private final Map<NodeId, PeerSession> sessions = new ConcurrentHashMap<>();
  private volatile ServerSocket server;
  private volatile boolean closed;
  private volatile Set<NodeId> cutOff = Set.of();

  public PeerManager(
      PrivateKey key, String clientId, PeerManagerConfig config, List<ProtocolHandler> handlers) {
    this.key = key;
    this.self = NodeId.of(key);
    this.clientId = clientId;
    this.config = config;
    this.handlers = List.copyOf(handlers);
    this.supported =
        this.handlers.stream()
            .map(h -> new SharedCapabilities.Supported(h.capability(), h.messageCount()))
            .toList();
    this.scores =
        new PeerScores(config.offencesBeforeBan(), config.banDuration(), Clock.systemUTC());
    long interval = config.pingInterval().toMillis();
    pinger.scheduleWithFixedDelay(this::pingAll, interval, interval, TimeUnit.MILLISECONDS);
  }

  /** Listens on {@code address} (port 0: chosen by the OS) and returns the bound port. */
  public int listen(InetSocketAddress address) throws IOException {
    ServerSocket s = new ServerSocket();
    s.bind(address, 64);
    server = s;
    threads.execute(this::acceptLoop);
    return s.getLocalPort();
  }

  /** The listening port, or 0 when not listening. */
  public int listenPort() {
    ServerSocket s = server;
    return s == null ? 0 : s.getLocalPort();
  }

  public NodeId nodeId() {
    return self;
  }

  private void acceptLoop() {
    ServerSocket s = server;
    while (!closed) {
      Socket socket;
      try {
        socket = s.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.atWarn().setCause(e).log("accept failed");
        }
        return;
      }
      threads.execute(() -> runInbound(socket));
    }
  }

  private void runInbound(Socket socket) {
    try {
      socket.setSoTimeout((int) config.handshakeTimeout().toMillis());
      RlpxConnection conn = RlpxConnection.accept(socket, key, random);
      if (cutOff.contains(conn.remoteId())) {
        closeQuietly(socket); // as if the packets never arrived: no Hello, no Disconnect
        return;
      }
      start(conn, PeerSession.Direction.INBOUND);
    } catch (IOException | RuntimeException e) {
      LOG.atDebug().setCause(e).log("inbound connection failed");
      closeQuietly(socket);
    }
  }

  /**
   * Dials a peer and runs its session in the background; returns once the Hello exchange is done.
   *
   * @throws IOException if the connection or handshake fails, or the peer is refused (banned, self,
   *     already connected, too many outbound peers)
   */
  public PeerSession connect(EnodeUrl enode) throws IOException {
    NodeId id = enode.nodeId();
    if (id.equals(self)) {
      throw new IOException("refusing to dial self");
    }
    if (scores.isBanned(id)) {
      throw new IOException("peer " + id + " is banned");
    }
    if (cutOff.contains(id)) {
      throw new IOException("peer " + id + " is cut off (fault injection)");
    }
    if (sessions.containsKey(id)) {
      throw new IOException("already connected to " + id);
    }
    if (count(PeerSession.Direction.OUTBOUND) >= config.maxOutbound()) {
      throw new IOException("too many outbound peers");
    }
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(enode.host(), enode.tcpPort()), 5_000);
      socket.setSoTimeout((int) config.handshakeTimeout().toMillis());
    } catch (IOException e) {
      closeQuietly(socket);
      throw e;
    }
    RlpxConnection conn = RlpxConnection.initiate(socket, key, id, random);
    return start(conn, PeerSession.Direction.OUTBOUND)
        .orElseThrow(() -> new IOException("peer " + id + " refused after Hello"));
  }

  private Optional<PeerSession> start(RlpxConnection conn, PeerSession.Direction direction)
      throws IOException {
    NodeId remote = conn.remoteId();
    P2pMessage.Hello hello =
        new P2pMessage.Hello(
            P2pMessage.PROTOCOL_VERSION,
            clientId,
            supported.stream().map(SharedCapabilities.Supported::capability).toList(),
            listenPort(),
            self);
    P2pPeer peer;
    try {
      peer = P2pPeer.open(conn, hello, supported);
    } catch (WireFormatException e) {
      scores.offence(remote);
      throw e;
    }
    Optional<DisconnectReason> refusal = refusal(remote, direction, peer);
    if (refusal.isPresent()) {
      LOG.atDebug().addKeyValue("peer", remote).log("refused: " + refusal.get());
      try {
        peer.disconnect(refusal.get());
      } catch (IOException ignored) {
        // dropped anyway
      }
      return Optional.empty();
    }
    PeerSession session = new PeerSession(peer, direction, this);
    if (sessions.putIfAbsent(remote, session) != null) {
      peer.disconnect(DisconnectReason.ALREADY_CONNECTED);
      return Optional.empty();
    }
    conn.clearReadTimeout();
    threads.execute(() -> run(session));
    return Optional.of(session);
  }

  private Optional<DisconnectReason> refusal(
      NodeId remote, PeerSession.Direction direction, P2pPeer peer) {
    if (remote.equals(self)) {
      return Optional.of(DisconnectReason.CONNECTED_TO_SELF);
    }
    if (scores.isBanned(remote)) {
      return Optional.of(DisconnectReason.USELESS_PEER);
    }
    if (sessions.containsKey(remote)) {
      return Optional.of(DisconnectReason.ALREADY_CONNECTED);
    }
    if (peer.sharedCapabilities().isEmpty()) {
      return Optional.of(DisconnectReason.USELESS_PEER);
    }
    int max =
        direction == PeerSession.Direction.INBOUND ? config.maxInbound() : config.maxOutbound();
    if (count(direction) >= max) {
      return Optional.of(DisconnectReason.TOO_MANY_PEERS);
    }
    return Optional.empty();
  }

  private int count(PeerSession.Direction direction) {
    return (int) sessions.values().stream().filter(s -> s.direction() == direction).count();
  }

  private void run(PeerSession session) {
    // Several versions of one protocol may be registered (eth/68, eth/69): the negotiated one is
    // active.
    Map<Capability, ProtocolHandler> byCapability = new HashMap<>();
    for (ProtocolHandler h : handlers) {
      byCapability.put(h.capability(), h);
    }
    List<ProtocolHandler> active = new ArrayList<>();
    for (SharedCapabilities.Negotiated n : session.sharedCapabilities().capabilities()) {
      ProtocolHandler h = byCapability.get(n.capability());
      if (h != null) {
        active.add(h);
      }
    }
    try {
      for (ProtocolHandler h : active) {
        h.onConnect(session);
      }
      while (session.isOpen()) {
        RlpxMessage m = session.p2p().receive();
        if (cutOff.contains(session.nodeId())) {
          closed(session); // a frame from a cut-off peer is dropped and its session dies
          break;
        }
        session.heard();
        dispatch(session, m);
      }
    } catch (WireFormatException e) {
      misbehaved(session, DisconnectReason.BREACH_OF_PROTOCOL, e.getMessage());
    } catch (ProtocolViolation e) {
      misbehaved(session, e.reason(), e.getMessage());
    } catch (PeerDisconnectedException e) {
      LOG.atDebug().addKeyValue("peer", session.nodeId()).log(e.getMessage());
      closed(session);
    } catch (IOException | RuntimeException e) {
      if (session.isOpen()) {
        LOG.atDebug().setCause(e).addKeyValue("peer", session.nodeId()).log("session failed");
      }
      drop(session, DisconnectReason.TCP_ERROR);
    } finally {
      for (ProtocolHandler h : active) {
        h.onDisconnect(session);
      }
    }
  }

  private void dispatch(PeerSession session, RlpxMessage m) throws IOException {
    int code = m.code();
    if (code < SharedCapabilities.FIRST_OFFSET) {
      switch (P2pMessage.decode(m)) {
        case P2pMessage.Ping ping -> session.p2p().send(new P2pMessage.Pong());
        case P2pMessage.Pong pong -> {
          // heard() already noted it
        }
        case P2pMessage.Hello again ->
            throw new ProtocolViolation(DisconnectReason.BREACH_OF_PROTOCOL, "second Hello");
        case P2pMessage.Disconnect d -> {
          // P2pPeer.receive turns Disconnect into an exception; not reached
        }
      }
      return;
    }
    SharedCapabilities.Negotiated n =
        session
            .sharedCapabilities()
            .forMessageCode(code)
            .orElseThrow(
                () -> new WireFormatException("message id " + code + " is not negotiated", 0));
    for (ProtocolHandler h : handlers) {
      if (h.capability().equals(n.capability())) {
        h.onMessage(session, code - n.offset(), m.data());
        return;
      }
    }
    throw new WireFormatException("no handler for " + n.capability(), 0);
  }

  /**
   * Records an offence of a peer that sent well-formed but invalid data which is not worth a
   * disconnect by itself (e.g. a consensus message signed by a non-validator): its score drops, and
   * the offence that gets it banned also disconnects it (BREACH_OF_PROTOCOL).
   *
   * @return whether the peer was disconnected
   */
  public boolean penalize(PeerSession session, String what) {
    boolean banned = scores.offence(session.nodeId());
    LOG.atDebug()
        .addKeyValue("peer", session.nodeId())
        .addKeyValue("score", scores.score(session.nodeId()))
        .addKeyValue("banned", banned)
        .log("peer sent invalid data: " + what);
    if (banned) {
      LOG.atInfo()
          .addKeyValue("peer", session.nodeId())
          .log("dropping peer after repeated invalid data: " + what);
      drop(session, DisconnectReason.BREACH_OF_PROTOCOL);
    }
    return banned;
  }

  void misbehaved(PeerSession session, DisconnectReason reason, String what) {
    boolean banned = scores.offence(session.nodeId());
    LOG.atInfo()
        .addKeyValue("peer", session.nodeId())
        .addKeyValue("reason", reason)
        .addKeyValue("banned", banned)
        .log("dropping misbehaving peer: " + what);
    drop(session, reason);
  }

  /** Sends Disconnect (best effort) and closes the session. */
  void drop(PeerSession session, DisconnectReason reason) {
    if (!session.markClosed()) {
      return;
    }
    sessions.remove(session.nodeId(), session);
    try {
      session.p2p().disconnect(reason);
    } catch (IOException | RuntimeException ignored) {
      // the socket is closed either way
    }
  }

  private void closed(PeerSession session) {
    if (session.markClosed()) {
      sessions.remove(session.nodeId(), session);
      try {
        session.p2p().close();
      } catch (IOException ignored) {
        // already closed by the peer
      }
    }
  }

  private void pingAll() {
    long now = System.nanoTime();
    for (PeerSession s : sessions.values()) {
      if (now - s.lastHeardNanos() > config.pingTimeout().toNanos()) {
        LOG.atInfo().addKeyValue("peer", s.nodeId()).log("ping timeout");
        drop(s, DisconnectReason.PING_TIMEOUT);
        continue;
      }
      try {
        s.p2p().send(new P2pMessage.Ping());
      } catch (IOException e) {
        drop(s, DisconnectReason.TCP_ERROR);
      }
    }
  }

  /**
   * Fault injection for tests (docs/consensus.md, "Fault testing"): from now on no traffic with
   * {@code nodes}. Their sessions are closed at once without a Disconnect message (as when the
   * network between two hosts fails, nothing more arrives), dials to them fail, their inbound
   * handshakes are closed, and any frame still read from them is dropped. An empty set heals.
   */
  public void cutOff(Set<NodeId> nodes) {
    cutOff = Set.copyOf(nodes);
    for (PeerSession s : sessions.values()) {
      if (cutOff.contains(s.nodeId())) {
        LOG.atInfo().addKeyValue("peer", s.nodeId()).log("cut off (fault injection)");
        closed(s);
      }
    }
  }

  /** The open sessions. */
  public List<PeerSession> peers() {
    return List.copyOf(sessions.values());
  }

  public Optional<PeerSession> peer(NodeId id) {
    return Optional.ofNullable(sessions.get(id));
  }

  /** The score of a remote node: 0 unless it misbehaved. */
  public int score(NodeId id) {
    return scores.score(id);
  }

  public boolean isBanned(NodeId id) {
    return scores.isBanned(id);
  }

  /** Disconnects every peer with CLIENT_QUITTING and stops listening. */
  @Override
  public void close() {
    closed = true;
    pinger.shutdownNow();
    ServerSocket s = server;
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // stopping anyway
      }
    }
    for (PeerSession session : sessions.values()) {
      drop(session, DisconnectReason.CLIENT_QUITTING);
    }
    threads.shutdownNow();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing to release
    }
  }
}
