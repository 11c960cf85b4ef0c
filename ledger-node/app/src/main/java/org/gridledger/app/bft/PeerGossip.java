package org.gridledger.app.bft;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
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
 * The {@link Gossip} seam over {@code gbft/1}: sends every consensus message to all peers and
 * relays each payload it receives for the first time to all peers but the sender (so a validator
 * that tells different peers different things is seen doing so, and nodes that are not directly
 * connected still hear each other). Duplicates are recognised by the payload's Keccak-256 among the
 * last {@link #SEEN_LIMIT}. Sends run on one outbound thread, in order, so a slow socket never
 * blocks the consensus thread or a peer's reader.
 *
 * <p>A received message is relayed and processed only if the {@link RelayFilter} finds it signed by
 * a validator of its height within the window around this node's height; one it blames is dropped
 * and its sender penalised (scored down, and disconnected once that bans it).
 */
final class PeerGossip implements Gossip, GbftHandler.Listener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PeerGossip.class);
  static final int SEEN_LIMIT = 16_384;

  private final Supplier<Iterable<PeerSession>> peers;
  private final Consumer<ConsensusMessage> deliver;
  private final RelayFilter filter;
  private final Offences offences;
  private final ExecutorService outbound =
      Executors.newSingleThreadExecutor(Thread.ofVirtual().name("gbft-out").factory());
  private volatile Equivocator equivocator;
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
    try {
      outbound.execute(
          () -> {
            List<PeerSession> sorted = new ArrayList<>();
            peers.get().forEach(sorted::add);
            sorted.sort(Comparator.comparing(p -> p.nodeId().toString()));
            for (int i = 0; i < sorted.size(); i++) {
              PeerSession peer = sorted.get(i);
              try {
                if (peer.isOpen()) {
                  GbftHandler.send(peer, i % 2 == 0 ? first : second);
                }
              } catch (IOException | RuntimeException e) {
                LOG.atDebug().setCause(e).log("gbft send to " + peer + " failed");
              }
            }
          });
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  @Override
  public void onConsensusMessage(PeerSession from, byte[] payload) throws IOException {
    if (!firstTime(payload)) {
      return;
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
        sendToAll(payload, from);
        deliver.accept(message);
      }
      case RelayFilter.Verdict.Ignore i -> {
        // Not blamed, and perhaps valid later (a newcomer's vote before its set is known): a
        // copy received again is judged again.
        forget(payload);
        LOG.atTrace().log("not relayed: " + i.why());
      }
      case RelayFilter.Verdict.Offence o -> offences.offence(from, o.why());
    }
  }

  private synchronized void forget(byte[] payload) {
    seen.remove(Keccak.of(payload));
  }

  private synchronized boolean firstTime(byte[] payload) {
    return seen.put(Keccak.of(payload), Boolean.TRUE) == null;
  }

  private void sendToAll(byte[] payload, PeerSession except) {
    try {
      outbound.execute(
          () -> {
            for (PeerSession peer : peers.get()) {
              if (peer == except || !peer.isOpen()) {
                continue;
              }
              try {
                GbftHandler.send(peer, payload);
              } catch (IOException | RuntimeException e) {
                LOG.atDebug().setCause(e).log("gbft send to " + peer + " failed");
              }
            }
          });
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  @Override
  public void close() {
    outbound.shutdownNow();
  }
}
