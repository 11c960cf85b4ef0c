package org.gridledger.network.discovery;

import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.gridledger.network.WireFormatException;
import org.gridledger.network.node.EnodeUrl;
import org.gridledger.network.node.NodeId;
import org.gridledger.network.node.NodeRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The discovery v4 service (discv4.md) on one UDP socket: answers Ping with Pong, FindNode with
 * Neighbors and ENRRequest with ENRResponse; keeps a {@link KademliaTable} of nodes that proved
 * themselves by answering our Ping; revalidates the table's oldest entries; performs iterative
 * lookups (α = 3) and bootstraps from {@code enode://} URLs.
 *
 * <p>Packets are ignored (and counted, {@link #ignoredPackets()}) when they do not decode or
 * verify, have expired, answer nothing we asked (a Pong whose hash matches no Ping of ours,
 * unsolicited Neighbors or ENRResponse), or ask for nodes or the record without an endpoint proof:
 * FindNode and ENRRequest are answered only for nodes whose Pong to our Ping arrived within the
 * last {@link #BOND_EXPIRY} (discv4.md "Endpoint Proof"). A Ping from a node without a proof is
 * answered and pinged back, so both sides hold proofs afterwards.
 */
public final class DiscoveryService implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(DiscoveryService.class);

  /** Expiration stamped on our packets: 20 s (discv4.md leaves it to implementations). */
  public static final Duration PACKET_LIFETIME = Duration.ofSeconds(20);

  /** How long an endpoint proof stays valid (geth's value). */
  public static final Duration BOND_EXPIRY = Duration.ofHours(24);

  /** Parallel FindNode queries in a lookup. */
  public static final int ALPHA = 3;

  /** Nodes per Neighbors packet: 12 IPv4 entries keep a packet under 1280 bytes. */
  static final int NEIGHBORS_PER_PACKET = 12;

  private final PrivateKey key;
  private final NodeId self;
  private final DatagramSocket socket;
  private final KademliaTable table;
  private final int tcpPort;
  private final Duration responseTimeout;
  private final NodeRecord record;
  private final SecureRandom random = new SecureRandom();
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());

  /** Pings we sent, by packet hash, with the node we expect the Pong from. */
  private final Map<Hash, PendingPing> pendingPings = new ConcurrentHashMap<>();

  /** FindNode queries in flight, by queried node. */
  private final Map<NodeId, PendingFind> pendingFinds = new ConcurrentHashMap<>();

  private final Map<Hash, PendingEnr> pendingEnrs = new ConcurrentHashMap<>();
  private final Map<NodeId, Long> pongReceived = new ConcurrentHashMap<>();
  private final Map<NodeId, Long> pingReceived = new ConcurrentHashMap<>();
  private final AtomicLong ignored = new AtomicLong();
  private volatile boolean closed;

  private record PendingPing(NodeId to, Endpoint endpoint, CompletableFuture<Boolean> done) {}

  private static final class PendingFind {
    final List<KademliaTable.Entry> nodes = new ArrayList<>();
    final CompletableFuture<List<KademliaTable.Entry>> done = new CompletableFuture<>();
  }

  private record PendingEnr(NodeId from, CompletableFuture<NodeRecord> done) {}

  /**
   * Binds a UDP socket and starts serving.
   *
   * @param bind the address to bind (port 0: chosen by the OS)
   * @param tcpPort the RLPx port announced in Pings and the node record
   * @param revalidationInterval how often one table entry is pinged for liveness
   */
  public DiscoveryService(
      PrivateKey key,
      InetSocketAddress bind,
      int tcpPort,
      Duration responseTimeout,
      Duration revalidationInterval)
      throws IOException {
    this.key = key;
    this.self = NodeId.of(key);
    this.socket = new DatagramSocket(bind);
    this.table = new KademliaTable(self);
    this.tcpPort = tcpPort;
    this.responseTimeout = responseTimeout;
    InetAddress ip = socket.getLocalAddress();
    this.record =
        NodeRecord.sign(
            key,
            1,
            Map.of(
                "ip", NodeRecord.ipValue(ip),
                "udp", NodeRecord.portValue(socket.getLocalPort()),
                "tcp", NodeRecord.portValue(tcpPort)));
    threads.execute(this::readLoop);
    long every = revalidationInterval.toMillis();
    timers.scheduleWithFixedDelay(
        () -> threads.execute(this::revalidate), every, every, TimeUnit.MILLISECONDS);
  }

  public NodeId nodeId() {
    return self;
  }

  public int udpPort() {
    return socket.getLocalPort();
  }

  public KademliaTable table() {
    return table;
  }

  public NodeRecord record() {
    return record;
  }

  /** This node as an {@code enode://} URL. */
  public EnodeUrl enode() {
    return new EnodeUrl(
        self, socket.getLocalAddress().getHostAddress(), tcpPort, socket.getLocalPort());
  }

  /** Datagrams dropped as invalid, expired, unsolicited or lacking an endpoint proof. */
  public long ignoredPackets() {
    return ignored.get();
  }

  private Endpoint localEndpoint() {
    return new Endpoint(socket.getLocalAddress(), socket.getLocalPort(), tcpPort);
  }

  private long expiration() {
    return System.currentTimeMillis() / 1000 + PACKET_LIFETIME.toSeconds();
  }

  private static boolean expired(long expiration) {
    return Long.compareUnsigned(expiration, System.currentTimeMillis() / 1000) < 0;
  }

  private static boolean recent(Long millis, Duration within) {
    return millis != null && System.currentTimeMillis() - millis < within.toMillis();
  }

  private boolean hasProof(NodeId node) {
    return recent(pongReceived.get(node), BOND_EXPIRY);
  }

  // ---------------------------------------------------------------- sending

  private void send(DiscoveryMessage message, InetSocketAddress to) {
    transmit(DiscoveryPacket.encode(message, key), to);
  }

  private void transmit(byte[] packet, InetSocketAddress to) {
    try {
      socket.send(new DatagramPacket(packet, packet.length, to));
    } catch (IOException e) {
      LOG.atDebug().setCause(e).log("send to " + to + " failed");
    }
  }

  /** The packet hash a reply refers to (Pong's ping-hash, ENRResponse's request-hash). */
  private static Hash hashOf(byte[] packet) {
    return Hash.wrap(Arrays.copyOf(packet, 32));
  }

  private static InetSocketAddress address(Endpoint e) {
    return new InetSocketAddress(e.ip(), e.udpPort());
  }

  /** Sends Ping; the future completes with true on the matching Pong, false on timeout. */
  private CompletableFuture<Boolean> ping(NodeId to, Endpoint endpoint) {
    DiscoveryMessage.Ping ping =
        new DiscoveryMessage.Ping(
            4, localEndpoint(), endpoint, expiration(), OptionalLong.of(record.seq()));
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    byte[] packet = DiscoveryPacket.encode(ping, key);
    Hash hash = hashOf(packet);
    // Registered before sending: the Pong may arrive before transmit returns.
    pendingPings.put(hash, new PendingPing(to, endpoint, done));
    transmit(packet, address(endpoint));
    timers.schedule(
        () -> {
          pendingPings.remove(hash);
          done.complete(false);
        },
        responseTimeout.toMillis(),
        TimeUnit.MILLISECONDS);
    return done;
  }

  /**
   * Makes sure both sides hold an endpoint proof: pings {@code node} unless its Pong is recent,
   * then waits for its Ping (which it sends when it has no proof of us). Returns whether {@code
   * node} answered.
   */
  boolean bond(NodeId node, Endpoint endpoint) {
    if (!hasProof(node)) {
      if (!await(ping(node, endpoint)).orElse(false)) {
        return false;
      }
    }
    long deadline = System.nanoTime() + responseTimeout.toNanos();
    while (!recent(pingReceived.get(node), BOND_EXPIRY) && System.nanoTime() < deadline) {
      sleep(10);
    }
    return true;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private <T> Optional<T> await(CompletableFuture<T> f) {
    try {
      return Optional.ofNullable(f.get(responseTimeout.toMillis() * 2, TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException | TimeoutException e) {
      return Optional.empty();
    }
  }

  /** Asks {@code node} for its neighbours of {@code target}; empty on timeout. */
  List<KademliaTable.Entry> findNode(KademliaTable.Entry node, byte[] target) {
    if (!bond(node.id(), node.endpoint())) {
      return List.of();
    }
    PendingFind pending = new PendingFind();
    pendingFinds.put(node.id(), pending);
    send(new DiscoveryMessage.FindNode(target, expiration()), address(node.endpoint()));
    try {
      return pending.done.get(responseTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      synchronized (pending) {
        return List.copyOf(pending.nodes);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    } catch (ExecutionException e) {
      return List.of();
    } finally {
      pendingFinds.remove(node.id(), pending);
    }
  }

  /** Asks a bonded node for its current record; the record must be signed by that node. */
  public Optional<NodeRecord> requestEnr(KademliaTable.Entry node) {
    if (!bond(node.id(), node.endpoint())) {
      return Optional.empty();
    }
    CompletableFuture<NodeRecord> done = new CompletableFuture<>();
    byte[] packet = DiscoveryPacket.encode(new DiscoveryMessage.EnrRequest(expiration()), key);
    Hash hash = hashOf(packet);
    pendingEnrs.put(hash, new PendingEnr(node.id(), done));
    transmit(packet, address(node.endpoint()));
    try {
      return await(done);
    } finally {
      pendingEnrs.remove(hash);
    }
  }

  // ---------------------------------------------------------------- lookups

  /** Pings the bootnodes, then looks up this node's own id to fill the table. */
  public void bootstrap(List<EnodeUrl> bootnodes) {
    List<CompletableFuture<Void>> pings = new ArrayList<>();
    for (EnodeUrl b : bootnodes) {
      if (b.nodeId().equals(self)) {
        continue;
      }
      Endpoint e;
      try {
        e = new Endpoint(InetAddress.getByName(b.host()), b.udpPort(), b.tcpPort());
      } catch (IOException ex) {
        LOG.atWarn().log("bootnode host unresolvable: " + b.host());
        continue;
      }
      pings.add(CompletableFuture.runAsync(() -> bond(b.nodeId(), e), threads));
    }
    pings.forEach(CompletableFuture::join);
    lookup(self.toArray());
  }

  /**
   * The iterative lookup of discv4.md "Recursive Lookup": query the α closest known nodes not yet
   * asked, merge their answers, repeat while closer nodes turn up; returns the closest 16 found.
   */
  public List<KademliaTable.Entry> lookup(byte[] target64) {
    Hash target = Hash.wrap(Keccak.hash(target64));
    Map<NodeId, KademliaTable.Entry> known = new LinkedHashMap<>();
    for (KademliaTable.Entry e : table.closest(target, KademliaTable.BUCKET_SIZE)) {
      known.put(e.id(), e);
    }
    Set<NodeId> asked = new HashSet<>();
    while (true) {
      List<KademliaTable.Entry> next =
          sortedByDistance(target, known.values()).stream()
              .limit(KademliaTable.BUCKET_SIZE)
              .filter(e -> !asked.contains(e.id()))
              .limit(ALPHA)
              .toList();
      if (next.isEmpty() || closed) {
        break;
      }
      List<CompletableFuture<List<KademliaTable.Entry>>> queries = new ArrayList<>();
      for (KademliaTable.Entry e : next) {
        asked.add(e.id());
        queries.add(CompletableFuture.supplyAsync(() -> findNode(e, target64), threads));
      }
      for (CompletableFuture<List<KademliaTable.Entry>> q : queries) {
        for (KademliaTable.Entry found : q.join()) {
          if (!found.id().equals(self)) {
            known.putIfAbsent(found.id(), found);
          }
        }
      }
    }
    List<KademliaTable.Entry> result =
        sortedByDistance(target, known.values()).stream().limit(KademliaTable.BUCKET_SIZE).toList();
    // Found nodes join the table once they answer a Ping.
    for (KademliaTable.Entry e : known.values()) {
      if (!table.contains(e.id())) {
        threads.execute(() -> bond(e.id(), e.endpoint()));
      }
    }
    return result;
  }

  private static List<KademliaTable.Entry> sortedByDistance(
      Hash target, Collection<KademliaTable.Entry> nodes) {
    List<KademliaTable.Entry> list = new ArrayList<>(nodes);
    list.sort((a, b) -> KademliaTable.compareDistance(target, a.keccak(), b.keccak()));
    return list;
  }

  /** Pings the least recently seen node of a random bucket; drops it if it does not answer. */
  private void revalidate() {
    table
        .revalidationCandidate(random)
        .ifPresent(
            e -> {
              if (!await(ping(e.id(), e.endpoint())).orElse(false)) {
                LOG.atDebug().addKeyValue("node", e.id()).log("revalidation failed");
                table.remove(e.id());
              }
            });
  }

  // ---------------------------------------------------------------- receiving

  private void readLoop() {
    byte[] buffer = new byte[DiscoveryPacket.MAX_SIZE + 1];
    while (!closed) {
      DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(datagram);
      } catch (IOException e) {
        if (!closed) {
          LOG.atWarn().setCause(e).log("discovery socket failed");
        }
        return;
      }
      byte[] data = Arrays.copyOf(datagram.getData(), datagram.getLength());
      InetSocketAddress from = (InetSocketAddress) datagram.getSocketAddress();
      try {
        if (data.length > DiscoveryPacket.MAX_SIZE) {
          throw new WireFormatException("datagram above 1280 bytes", DiscoveryPacket.MAX_SIZE);
        }
        if (!handle(DiscoveryPacket.decode(data), from)) {
          ignored.incrementAndGet();
        }
      } catch (WireFormatException e) {
        ignored.incrementAndGet();
        LOG.atDebug().log("invalid packet from " + from + ": " + e.getMessage());
      } catch (RuntimeException e) {
        ignored.incrementAndGet();
        LOG.atWarn().setCause(e).log("packet from " + from + " failed");
      }
    }
  }

  /** Handles one verified packet; false if it was ignored. */
  private boolean handle(DiscoveryPacket.Decoded packet, InetSocketAddress from) {
    NodeId sender = packet.sender();
    if (sender.equals(self)) {
      return false;
    }
    Endpoint seen = new Endpoint(from.getAddress(), from.getPort(), 0);
    return switch (packet.message()) {
      case DiscoveryMessage.Ping ping -> {
        if (expired(ping.expiration())) {
          yield false;
        }
        pingReceived.put(sender, System.currentTimeMillis());
        send(
            new DiscoveryMessage.Pong(
                seen, packet.hash(), expiration(), OptionalLong.of(record.seq())),
            from);
        Endpoint endpoint = new Endpoint(from.getAddress(), from.getPort(), ping.from().tcpPort());
        if (hasProof(sender)) {
          table.seen(KademliaTable.Entry.of(sender, endpoint));
        } else {
          // Prove the sender's endpoint ourselves; it joins the table when it answers.
          threads.execute(() -> ping(sender, endpoint));
        }
        yield true;
      }
      case DiscoveryMessage.Pong pong -> {
        if (expired(pong.expiration())) {
          yield false;
        }
        PendingPing pending = pendingPings.get(pong.pingHash());
        if (pending == null || !pending.to().equals(sender)) {
          yield false;
        }
        pendingPings.remove(pong.pingHash());
        pongReceived.put(sender, System.currentTimeMillis());
        table.seen(KademliaTable.Entry.of(sender, pending.endpoint()));
        pending.done().complete(true);
        yield true;
      }
      case DiscoveryMessage.FindNode find -> {
        if (expired(find.expiration()) || !hasProof(sender)) {
          yield false;
        }
        Hash target = Hash.wrap(Keccak.hash(find.target()));
        List<KademliaTable.Entry> closest = table.closest(target, KademliaTable.BUCKET_SIZE);
        for (int i = 0; i < closest.size(); i += NEIGHBORS_PER_PACKET) {
          List<DiscoveryMessage.NeighborNode> part =
              closest.subList(i, Math.min(closest.size(), i + NEIGHBORS_PER_PACKET)).stream()
                  .map(e -> new DiscoveryMessage.NeighborNode(e.endpoint(), e.id()))
                  .toList();
          send(new DiscoveryMessage.Neighbors(part, expiration()), from);
        }
        if (closest.isEmpty()) {
          send(new DiscoveryMessage.Neighbors(List.of(), expiration()), from);
        }
        yield true;
      }
      case DiscoveryMessage.Neighbors neighbors -> {
        PendingFind pending = pendingFinds.get(sender);
        if (expired(neighbors.expiration()) || pending == null) {
          yield false;
        }
        synchronized (pending) {
          for (DiscoveryMessage.NeighborNode n : neighbors.nodes()) {
            if (pending.nodes.size() < KademliaTable.BUCKET_SIZE) {
              pending.nodes.add(KademliaTable.Entry.of(n.id(), n.endpoint()));
            }
          }
          if (pending.nodes.size() >= KademliaTable.BUCKET_SIZE
              || neighbors.nodes().size() < NEIGHBORS_PER_PACKET) {
            pending.done.complete(List.copyOf(pending.nodes));
          }
        }
        yield true;
      }
      case DiscoveryMessage.EnrRequest request -> {
        if (expired(request.expiration()) || !hasProof(sender)) {
          yield false;
        }
        send(new DiscoveryMessage.EnrResponse(packet.hash(), record), from);
        yield true;
      }
      case DiscoveryMessage.EnrResponse response -> {
        PendingEnr pending = pendingEnrs.get(response.requestHash());
        if (pending == null
            || !pending.from().equals(sender)
            || !response.record().verifySignature()
            || !response.record().publicKey().map(sender::equals).orElse(false)) {
          yield false;
        }
        pending.done().complete(response.record());
        yield true;
      }
    };
  }

  @Override
  public void close() {
    closed = true;
    timers.shutdownNow();
    socket.close();
    threads.shutdownNow();
  }
}
