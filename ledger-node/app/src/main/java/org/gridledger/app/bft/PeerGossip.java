package org.gridledger.app.bft;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.gridledger.consensus.engine.Gossip;
import org.gridledger.consensus.engine.RelayFilter;
import org.gridledger.consensus.message.ConsensusMessage;
import org.gridledger.consensus.message.ConsensusMessageCodec;
import org.gridledger.consensus.message.ConsensusMessageException;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.gridledger.network.p2p.DisconnectReason;
import org.gridledger.network.peer.GbftHandler;
import org.gridledger.network.peer.PeerSession;
import org.gridledger.network.peer.ProtocolViolation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Gossip} seam over {@code gbft}: sends every consensus message to all peers and relays
 * each payload it receives for the first time to all peers but the sender (so a validator that
 * tells different peers different things is seen doing so, and nodes that are not directly
 * connected still hear each other). Duplicates are recognised by the payload's Keccak-256 among the
 * last {@link #SEEN_LIMIT}. Sends run on one thread per peer, in order, so a slow socket never
 * blocks the consensus thread, a peer's reader or the other peers.
 *
 * <p>Large payloads (proposals of full blocks, from {@link #ANNOUNCED_RELAY_BYTES}) are relayed
 * after an announcement instead: the node tells its {@code gbft/2} peers that it holds the payload
 * (Have, 32 bytes) and relays it, {@link #RELAY_DELAY_MILLIS} later, only to those that have
 * neither sent it nor announced it by then. In a full mesh every node gets the proposal from its
 * author and announces it, so a proposal crosses each of the author's connections once; before, a
 * proposal of a thousand reservations (about 0.5 MB) crossed the five-node devnet's connections 16
 * times, each copy compressed, encrypted, decrypted and hashed in the middle of the height. Where
 * the mesh is not full, the relay still arrives, one delay later. A {@code gbft/1} peer gets the
 * relay at once, as before.
 *
 * <p>A received message is relayed and processed only if the {@link RelayFilter} finds it signed by
 * a validator of its height within the window around this node's height; one it blames is dropped
 * and its sender penalised (scored down, and disconnected once that bans it).
 */
final class PeerGossip implements Gossip, GbftHandler.Listener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PeerGossip.class);
  static final int SEEN_LIMIT = 16_384;

  /** Payloads of at least this many bytes are announced before they are relayed. */
  static final int ANNOUNCED_RELAY_BYTES = 16 * 1024;

  /**
   * How long an announced relay waits for the peers' own announcements. On the devnet under load
   * the copies of a proposal of 0.5-0.8 MB reach its author's peers at different times (each is
   * compressed and encrypted on a saturated machine); at 400 ms and 400 reservations/s one relay in
   * 700 still went out (decision 0026). A peer that only this node reaches gets a large proposal
   * this much later per hop, well within the round timeout (3 s at round 0 on the devnet).
   */
  static final long RELAY_DELAY_MILLIS = 400;

  /** How many large payloads' holders are remembered. */
  static final int HOLDERS_LIMIT = 256;

  private final Supplier<Iterable<PeerSession>> peers;
  private final Consumer<ConsensusMessage> deliver;
  private final RelayFilter filter;
  private final Offences offences;

  /**
   * One sending thread per peer, so that a peer slow to read (a full socket buffer) holds up only
   * its own messages, not a proposal's other recipients (with one thread for all, each 1 MB copy
   * waited for the ones before it).
   */
  private final Map<PeerSession, ExecutorService> outboxes = new IdentityHashMap<>();

  private volatile boolean closed;
  private final ScheduledExecutorService relayTimer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("gbft-relay-timer").factory());
  private volatile Equivocator equivocator;

  /** Peers known to hold a large payload (they sent or announced it), by payload hash. */
  private final Map<Hash, Set<PeerSession>> holders =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Hash, Set<PeerSession>> eldest) {
          return size() > HOLDERS_LIMIT;
        }
      };

  private final Map<Hash, Boolean> seen =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Hash, Boolean> eldest) {
          return size() > SEEN_LIMIT;
        }
      };

  /** Where blamed senders are reported. */
  @FunctionalInterface
  interface Offences {
    void offence(PeerSession peer, String what);
  }

  /**
   * @param peers the open sessions
   * @param deliver hands a received message to the consensus thread
   * @param filter decides what is relayed and processed
   * @param offences penalises a peer that sent a message the filter blames
   */
  PeerGossip(
      Supplier<Iterable<PeerSession>> peers,
      Consumer<ConsensusMessage> deliver,
      RelayFilter filter,
      Offences offences) {
    this.peers = peers;
    this.deliver = deliver;
    this.filter = filter;
    this.offences = offences;
  }

  /**
   * Test-only: from now on equivocate on every message this node sends (see {@link Equivocator}).
   */
  void equivocate(Equivocator twins) {
    this.equivocator = twins;
  }

  @Override
  public void broadcast(ConsensusMessage message) {
    byte[] payload = ConsensusMessageCodec.encode(message);
    firstTime(payload);
    Equivocator twins = equivocator;
    Optional<ConsensusMessage> twin = twins == null ? Optional.empty() : twins.twin(message);
    if (twin.isEmpty()) {
      sendToAll(payload, null);
      return;
    }
    byte[] other = ConsensusMessageCodec.encode(twin.get());
    firstTime(other); // relayed back by honest peers, it must not reach our own engine
    sendSplit(payload, other);
  }

  /** {@code first} to every other peer (by node id order), {@code second} to the rest. */
  private void sendSplit(byte[] first, byte[] second) {
    List<PeerSession> sorted = new ArrayList<>();
    peers.get().forEach(sorted::add);
    sorted.sort(Comparator.comparing(p -> p.nodeId().toString()));
    for (int i = 0; i < sorted.size(); i++) {
      PeerSession peer = sorted.get(i);
      byte[] payload = i % 2 == 0 ? first : second;
      if (peer.isOpen()) {
        post(peer, () -> GbftHandler.send(peer, payload));
      }
    }
  }

  /** A send to run on {@code peer}'s own sending thread. */
  @FunctionalInterface
  private interface Send {
    void run() throws IOException;
  }

  /**
   * Runs {@code send} on the sending thread of {@code peer}, after what was posted to it before;
   * failures are logged (the session's reader sees a dead connection and closes it).
   */
  private void post(PeerSession peer, Send send) {
    ExecutorService outbox;
    synchronized (outboxes) {
      if (closed) {
        return;
      }
      outbox =
          outboxes.computeIfAbsent(
              peer,
              p ->
                  Executors.newSingleThreadExecutor(
                      Thread.ofVirtual().name("gbft-out-" + p.nodeId()).factory()));
    }
    try {
      outbox.execute(
          () -> {
            try {
              if (peer.isOpen()) {
                send.run();
              }
            } catch (IOException | RuntimeException e) {
              LOG.atDebug().setCause(e).log("gbft send to " + peer + " failed");
            }
          });
    } catch (RejectedExecutionException e) {
      // closed meanwhile
    }
  }

  /** Stops the sending threads of closed sessions. */
  private void dropClosedOutboxes() {
    synchronized (outboxes) {
      outboxes
          .entrySet()
          .removeIf(
              e -> {
                if (e.getKey().isOpen()) {
                  return false;
                }
                e.getValue().shutdown();
                return true;
              });
    }
  }

  @Override
  public void onConsensusMessage(PeerSession from, byte[] payload) throws IOException {
    Hash hash = Keccak.of(payload);
    boolean large = payload.length >= ANNOUNCED_RELAY_BYTES;
    if (large) {
      held(hash, from);
    }
    if (!firstTime(hash)) {
      return;
    }
    if (large) {
      // At once, before the decoding and the checks (tens of milliseconds for a full block on a
      // busy node): the sooner the peers hear it, the fewer relays they send here.
      announce(hash, from);
    }
    ConsensusMessage message;
    try {
      message = ConsensusMessageCodec.decode(payload);
    } catch (ConsensusMessageException e) {
      throw new ProtocolViolation(
          DisconnectReason.BREACH_OF_PROTOCOL, "undecodable consensus message: " + e.getMessage());
    }
    switch (filter.check(message)) {
      case RelayFilter.Verdict.Relay r -> {
        if (large) {
          relayToPeersWithout(hash, payload, from);
        } else {
          sendToAll(payload, from);
        }
        deliver.accept(message);
      }
      case RelayFilter.Verdict.Ignore i -> {
        // Not blamed, and perhaps valid later (a newcomer's vote before its set is known): a
        // copy received again is judged again.
        forget(hash);
        LOG.atTrace().log("not relayed: " + i.why());
      }
      case RelayFilter.Verdict.Offence o -> offences.offence(from, o.why());
    }
  }

  @Override
  public void onHave(PeerSession from, Hash payloadHash) {
    held(payloadHash, from);
  }

  /**
   * Tells the {@code gbft/2} peers but {@code from} that this node holds the payload {@code hash}
   * (Have), from the calling thread. Peers that hold it too are told as well: their relay timers
   * run as this node's does.
   */
  private void announce(Hash hash, PeerSession from) {
    for (PeerSession peer : peers.get()) {
      if (peer == from || !peer.isOpen()) {
        continue;
      }
      try {
        GbftHandler.sendHave(peer, hash);
      } catch (IOException | RuntimeException e) {
        LOG.atDebug().setCause(e).log("gbft Have to " + peer + " failed");
      }
    }
  }

  /**
   * Relays a large payload at once to the {@code gbft/1} peers (they cannot announce it), and
   * {@link #RELAY_DELAY_MILLIS} later to every other peer that has shown by then neither that it
   * holds the payload.
   */
  private void relayToPeersWithout(Hash hash, byte[] payload, PeerSession from) {
    relayInFull(hash, payload, from, true);
    try {
      relayTimer.schedule(
          () -> relayInFull(hash, payload, from, false), RELAY_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  /**
   * Posts the payload to the open peers but {@code from} that are not known to hold it: only the
   * {@code gbft/1} ones if {@code oldPeersOnly}, else all.
   */
  private void relayInFull(Hash hash, byte[] payload, PeerSession from, boolean oldPeersOnly) {
    int sent = 0;
    int held = 0;
    for (PeerSession peer : peers.get()) {
      if (peer == from || !peer.isOpen() || (oldPeersOnly && GbftHandler.version(peer) >= 2)) {
        continue;
      }
      if (holds(hash, peer)) {
        held++;
        continue;
      }
      held(hash, peer);
      post(peer, () -> GbftHandler.send(peer, payload));
      sent++;
    }
    if (!oldPeersOnly) {
      int inFull = sent;
      int holding = held;
      LOG.atDebug().log(
          () ->
              "relayed "
                  + hash
                  + " ("
                  + payload.length
                  + " bytes) to "
                  + inFull
                  + " peers; "
                  + holding
                  + " held it");
    }
  }

  private synchronized void held(Hash hash, PeerSession peer) {
    holders
        .computeIfAbsent(hash, h -> Collections.newSetFromMap(new IdentityHashMap<>()))
        .add(peer);
  }

  private synchronized boolean holds(Hash hash, PeerSession peer) {
    Set<PeerSession> known = holders.get(hash);
    return known != null && known.contains(peer);
  }

  private synchronized void forget(Hash hash) {
    seen.remove(hash);
  }

  private synchronized boolean firstTime(Hash hash) {
    return seen.put(hash, Boolean.TRUE) == null;
  }

  private boolean firstTime(byte[] payload) {
    return firstTime(Keccak.of(payload));
  }

  private void sendToAll(byte[] payload, PeerSession except) {
    dropClosedOutboxes();
    for (PeerSession peer : peers.get()) {
      if (peer != except && peer.isOpen()) {
        post(peer, () -> GbftHandler.send(peer, payload));
      }
    }
  }

  @Override
  public void close() {
    relayTimer.shutdownNow();
    synchronized (outboxes) {
      closed = true;
      outboxes.values().forEach(ExecutorService::shutdownNow);
      outboxes.clear();
    }
  }
}
