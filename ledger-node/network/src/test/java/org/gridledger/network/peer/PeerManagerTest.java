package org.gridledger.network.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.gridledger.core.block.Block;
import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Hash;
import org.gridledger.network.eth.EthMessage;
import org.gridledger.network.eth.ForkId;
import org.gridledger.network.gbft.GbftMessage;
import org.gridledger.network.node.EnodeUrl;
import org.gridledger.network.node.NodeId;
import org.gridledger.network.p2p.DisconnectReason;
import org.gridledger.network.p2p.P2pMessage;
import org.gridledger.network.p2p.P2pPeer;
import org.gridledger.network.p2p.PeerDisconnectedException;
import org.gridledger.network.p2p.SharedCapabilities;
import org.gridledger.network.rlpx.RlpxConnection;
import org.gridledger.network.rlpx.RlpxMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real peer managers on 127.0.0.1 with OS-chosen ports: they connect, exchange eth Status and
 * messages and gbft payloads; peers sending garbage, Status of another chain, or nothing at all are
 * dropped with the right reason and scored down, repeat offenders banned, while the others stay.
 */
class PeerManagerTest {
  private static final Hash GENESIS = Hash.fromHex("0x" + "ab".repeat(32));
  private static final ForkId.Schedule SCHEDULE = new ForkId.Schedule(GENESIS, List.of());

  private final SecureRandom random = new SecureRandom();
  private final List<Node> nodes = new ArrayList<>();

  /** A manager with eth and gbft handlers that record what they receive. */
  private final class Node {
    final PrivateKey key = PrivateKey.random(random);
    final BlockingQueue<EthMessage> eth = new LinkedBlockingQueue<>();
    final BlockingQueue<byte[]> gbft = new LinkedBlockingQueue<>();
    final BlockingQueue<Hash> haves = new LinkedBlockingQueue<>();
    final PeerManager manager;
    final int port;

    Node(PeerManagerConfig config) throws IOException {
      EthHandler ethHandler =
          new EthHandler(() -> status(1337, GENESIS), SCHEDULE, () -> 0, (p, m) -> eth.add(m));
      manager =
          new PeerManager(
              key,
              "gridledger/test",
              config,
              Stream.concat(
                      ethHandler.protocols().stream(),
                      new GbftHandler(
                              new GbftHandler.Listener() {
                                @Override
                                public void onConsensusMessage(PeerSession p, byte[] payload) {
                                  gbft.add(payload);
                                }

                                @Override
                                public void onHave(PeerSession p, Hash payloadHash) {
                                  haves.add(payloadHash);
                                }
                              })
                          .protocols().stream())
                  .toList());
      port = manager.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      nodes.add(this);
    }

    EnodeUrl enode() {
      return new EnodeUrl(NodeId.of(key), "127.0.0.1", port, port);
    }

    NodeId id() {
      return NodeId.of(key);
    }
  }

  /** The eth/69 form of {@link #status}: blocks 0..1 served (the head's number rides in td). */
  private static EthMessage.Status69 status69(int version, long network, Hash genesis) {
    return new EthMessage.Status69(version, network, genesis, ForkId.of(genesis), 0, 1, genesis);
  }

  private static EthMessage.Status status(long network, Hash genesis) {
    return new EthMessage.Status(68, network, BigInteger.ONE, genesis, genesis, ForkId.of(genesis));
  }

  private static PeerManagerConfig fast() {
    return new PeerManagerConfig(
        10,
        10,
        Duration.ofMillis(200),
        Duration.ofSeconds(3),
        3,
        Duration.ofMinutes(5),
        Duration.ofSeconds(5));
  }

  @AfterEach
  void closeAll() {
    nodes.forEach(n -> n.manager.close());
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  private static List<Transaction> someTransactions() throws IOException {
    Path dir = Path.of("../core/src/test/resources/org/gridledger/core/block/BlockFuzzTestInputs");
    List<Transaction> txs = new ArrayList<>();
    try (var files = Files.walk(dir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        txs.addAll(Block.decode(Files.readAllBytes(p)).body().transactions());
      }
    }
    return txs;
  }

  @Test
  @Timeout(60)
  void peersConnectExchangeStatusAndMessagesAndAGarbageSenderIsDroppedAndBanned() throws Exception {
    Node a = new Node(fast());
    Node b = new Node(fast());
    Node c = new Node(fast());
    Node d = new Node(fast());
    b.manager.connect(a.enode());
    c.manager.connect(a.enode());
    d.manager.connect(a.enode());
    c.manager.connect(b.enode());
    await(() -> a.manager.peers().size() == 3, "a has 3 peers");
    await(() -> b.manager.peers().size() == 2, "b has 2 peers");

    // Every session speaks eth/70, the highest version both sides have, and starts with its
    // Status of the same chain: b and c have two sessions.
    for (Node n : List.of(b, b, c, c, d)) {
      EthMessage first = n.eth.poll(10, TimeUnit.SECONDS);
      assertThat(first).isEqualTo(status69(70, 1337, GENESIS));
    }
    List<EthMessage> statusesAtA = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      statusesAtA.add(a.eth.poll(10, TimeUnit.SECONDS));
    }
    assertThat(statusesAtA).containsOnly(status69(70, 1337, GENESIS));
    assertThat(a.manager.peers())
        .allSatisfy(p -> assertThat(p.remoteHello().protocolVersion()).isEqualTo(5))
        .allSatisfy(p -> assertThat(EthHandler.version(p)).isEqualTo(EthMessage.ETH70));
    // eth/68's NewBlockHashes cannot go out on an eth/70 session
    assertThatThrownBy(
            () ->
                EthHandler.send(
                    a.manager.peers().getFirst(),
                    new EthMessage.NewBlockHashes(
                        List.of(new EthMessage.BlockAnnouncement(GENESIS, 0)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not part of eth/70");

    // A broadcasts transactions; B sends a consensus payload to A.
    List<Transaction> txs = someTransactions();
    assertThat(txs).isNotEmpty();
    for (PeerSession p : a.manager.peers()) {
      EthHandler.send(p, new EthMessage.Transactions(txs));
    }
    for (Node n : List.of(b, c, d)) {
      assertThat(n.eth.poll(10, TimeUnit.SECONDS)).isEqualTo(new EthMessage.Transactions(txs));
    }
    GbftHandler.send(b.manager.peer(a.id()).orElseThrow(), new byte[] {1, 2, 3});
    assertThat(a.gbft.poll(10, TimeUnit.SECONDS)).containsExactly(1, 2, 3);
    // Request/response with ids.
    EthHandler.send(
        c.manager.peer(a.id()).orElseThrow(),
        new EthMessage.GetBlockHeaders(77, new EthMessage.ByNumber(0), 1, 0, false));
    EthMessage req = a.eth.poll(10, TimeUnit.SECONDS);
    assertThat(req).isInstanceOf(EthMessage.GetBlockHeaders.class);
    assertThat(((EthMessage.GetBlockHeaders) req).requestId()).isEqualTo(77);

    // A garbage sender: a valid handshake and Status, then an undecodable Transactions message.
    PrivateKey evil = PrivateKey.random(random);
    for (int offence = 1; offence <= 3; offence++) {
      P2pPeer bad = rawPeer(evil, a, EthMessage.ETH68);
      bad.send(
          new RlpxMessage(
              SharedCapabilities.FIRST_OFFSET + EthMessage.STATUS,
              status(1337, GENESIS).encodeData()));
      bad.send(
          new RlpxMessage(
              SharedCapabilities.FIRST_OFFSET + EthMessage.TRANSACTIONS,
              new byte[] {(byte) 0xc2, (byte) 0x81, (byte) 0x80}));
      assertThat(disconnectReasonOf(bad)).isEqualTo(DisconnectReason.BREACH_OF_PROTOCOL.code());
      int expected = -PeerScores.OFFENCE_PENALTY * offence;
      await(() -> a.manager.score(NodeId.of(evil)) == expected, "score " + expected);
    }
    assertThat(a.manager.isBanned(NodeId.of(evil))).isTrue();
    // Banned: refused right after Hello.
    P2pPeer banned = rawPeer(evil, a, EthMessage.ETH68);
    assertThat(disconnectReasonOf(banned)).isEqualTo(DisconnectReason.USELESS_PEER.code());

    // The honest peers are still connected, with untouched scores, and still talk.
    assertThat(a.manager.peers())
        .extracting(PeerSession::nodeId)
        .containsExactlyInAnyOrder(b.id(), c.id(), d.id());
    for (Node n : List.of(b, c, d)) {
      assertThat(a.manager.score(n.id())).isZero();
    }
    GbftHandler.send(d.manager.peer(a.id()).orElseThrow(), new byte[] {9});
    assertThat(a.gbft.poll(10, TimeUnit.SECONDS)).containsExactly(9);
  }

  @Test
  @Timeout(60)
  void aPeerReportedByAHandlerIsDisconnectedScoredDownAndBannedAtTheThirdOffence()
      throws Exception {
    Node a = new Node(fast());
    Node b = new Node(fast());
    for (int offence = 1; offence <= 3; offence++) {
      PeerSession session = a.manager.connect(b.enode());
      await(() -> b.manager.peer(a.id()).isPresent(), "b sees a");
      // What sync does with a body that does not match its header:
      session.misbehaved(DisconnectReason.BREACH_OF_PROTOCOL, "body root differs");
      assertThat(session.isOpen()).isFalse();
      int expected = -PeerScores.OFFENCE_PENALTY * offence;
      assertThat(a.manager.score(b.id())).isEqualTo(expected);
      await(() -> b.manager.peer(a.id()).isEmpty(), "b dropped by a");
    }
    assertThat(a.manager.isBanned(b.id())).isTrue();
    assertThatThrownBy(() -> a.manager.connect(b.enode())).hasMessageContaining("banned");
  }

  @Test
  @Timeout(60)
  void aPeerOfAnotherChainIsUselessAndASilentPeerTimesOut() throws Exception {
    Node a = new Node(fast());
    PrivateKey other = PrivateKey.random(random);
    P2pPeer wrongChain = rawPeer(other, a, EthMessage.ETH68);
    wrongChain.send(
        new RlpxMessage(
            SharedCapabilities.FIRST_OFFSET,
            status(1337, Hash.fromHex("0x" + "cd".repeat(32))).encodeData()));
    assertThat(disconnectReasonOf(wrongChain)).isEqualTo(DisconnectReason.USELESS_PEER.code());
    await(() -> a.manager.score(NodeId.of(other)) < 0, "score lowered");

    // A peer that never says anything (reads, but answers no Ping) is dropped after 3 s.
    P2pPeer silent = rawPeer(PrivateKey.random(random), a, EthMessage.ETH68);
    assertThat(disconnectReasonOf(silent)).isEqualTo(DisconnectReason.PING_TIMEOUT.code());
    await(() -> a.manager.peers().isEmpty(), "no peers left");
  }

  @Test
  @Timeout(60)
  void peerLimitsSelfAndDuplicatesAreRefused() throws Exception {
    PeerManagerConfig oneInbound =
        new PeerManagerConfig(
            1,
            1,
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            3,
            Duration.ofMinutes(1),
            Duration.ofSeconds(5));
    Node a = new Node(oneInbound);
    Node b = new Node(fast());
    Node c = new Node(oneInbound);
    b.manager.connect(a.enode());
    assertThatThrownBy(() -> b.manager.connect(a.enode()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("already connected");
    assertThatThrownBy(() -> a.manager.connect(a.enode())).hasMessageContaining("self");
    await(() -> a.manager.peers().size() == 1, "a has its one inbound peer");
    // A second inbound peer is refused with TOO_MANY_PEERS.
    P2pPeer extra = rawPeer(PrivateKey.random(random), a, EthMessage.ETH68);
    assertThat(disconnectReasonOf(extra)).isEqualTo(DisconnectReason.TOO_MANY_PEERS.code());
    // One outbound: c dials b, then its second dial is refused locally.
    c.manager.connect(b.enode());
    assertThatThrownBy(() -> c.manager.connect(a.enode())).hasMessageContaining("outbound");
  }

  /** A peer that speaks only eth/68 is spoken to in eth/68: its Status, then its messages. */
  @Test
  @Timeout(60)
  void anEth68PeerGetsEth68() throws Exception {
    Node a = new Node(fast());
    P2pPeer old = rawPeer(PrivateKey.random(random), a, EthMessage.ETH68);
    RlpxMessage first = old.receive();
    assertThat(first.code()).isEqualTo(SharedCapabilities.FIRST_OFFSET + EthMessage.STATUS);
    assertThat(EthMessage.decode(EthMessage.ETH68, EthMessage.STATUS, first.data()))
        .isEqualTo(status(1337, GENESIS));
    old.send(
        new RlpxMessage(
            SharedCapabilities.FIRST_OFFSET + EthMessage.STATUS,
            status(1337, GENESIS).encodeData()));
    assertThat(a.eth.poll(10, TimeUnit.SECONDS)).isEqualTo(status(1337, GENESIS));
    PeerSession session = a.manager.peers().getFirst();
    assertThat(EthHandler.version(session)).isEqualTo(EthMessage.ETH68);
    EthHandler.send(
        session,
        new EthMessage.NewBlockHashes(List.of(new EthMessage.BlockAnnouncement(GENESIS, 0))));
    RlpxMessage announced = receiveSubProtocol(old);
    assertThat(announced.code())
        .isEqualTo(SharedCapabilities.FIRST_OFFSET + EthMessage.NEW_BLOCK_HASHES);
    assertThatThrownBy(
            () -> EthHandler.send(session, new EthMessage.BlockRangeUpdate(0, 0, GENESIS)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not part of eth/68");
  }

  /**
   * A peer speaking eth/69 and eth/68 only (as go-ethereum before eth/70) is spoken to in eth/69:
   * eth/69's Status, and eth/70's receipt messages are refused for it.
   */
  @Test
  @Timeout(60)
  void anEth69PeerGetsEth69() throws Exception {
    Node a = new Node(fast());
    P2pPeer peer = rawPeer(PrivateKey.random(random), a, EthMessage.ETH68, EthMessage.ETH69);
    RlpxMessage first = peer.receive();
    assertThat(EthMessage.decode(EthMessage.ETH69, EthMessage.STATUS, first.data()))
        .isEqualTo(status69(69, 1337, GENESIS));
    peer.send(
        new RlpxMessage(
            SharedCapabilities.FIRST_OFFSET + EthMessage.STATUS,
            status69(69, 1337, GENESIS).encodeData()));
    assertThat(a.eth.poll(10, TimeUnit.SECONDS)).isEqualTo(status69(69, 1337, GENESIS));
    PeerSession session = a.manager.peers().getFirst();
    assertThat(EthHandler.version(session)).isEqualTo(EthMessage.ETH69);
    assertThatThrownBy(
            () -> EthHandler.send(session, new EthMessage.Receipts70(1, false, List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not part of eth/69");
    EthHandler.send(session, new EthMessage.Receipts69(1, List.of()));
    // Skipping the node's pings (every 200 ms here), which may come first.
    assertThat(receiveSubProtocol(peer).code())
        .isEqualTo(SharedCapabilities.FIRST_OFFSET + EthMessage.RECEIPTS);
  }

  @Test
  @Timeout(60)
  void gbft2PeersExchangeHavesAndAGbft1PeerGetsConsensusMessagesOnly() throws Exception {
    Node a = new Node(fast());
    Node b = new Node(fast());
    PeerSession toA = b.manager.connect(a.enode());
    await(() -> a.manager.peer(b.id()).isPresent(), "a sees b");
    assertThat(GbftHandler.version(toA)).isEqualTo(2);
    Hash held = Hash.fromHex("0x" + "ab".repeat(32));
    assertThat(GbftHandler.sendHave(toA, held)).isTrue();
    assertThat(a.haves.poll(10, TimeUnit.SECONDS)).isEqualTo(held);
    GbftHandler.send(toA, new byte[] {7});
    assertThat(a.gbft.poll(10, TimeUnit.SECONDS)).containsExactly(7);

    // A peer that speaks gbft/1 only: its session negotiates version 1, gets no Have, and its
    // consensus message (id 0 at gbft's offset, as in gbft/1) still arrives.
    P2pPeer old = rawPeer(PrivateKey.random(random), a, EthMessage.ETH68);
    old.send(
        new RlpxMessage(
            SharedCapabilities.FIRST_OFFSET + EthMessage.STATUS,
            status(1337, GENESIS).encodeData()));
    await(() -> a.manager.peers().size() == 2, "a sees the gbft/1 peer");
    PeerSession toOld =
        a.manager.peers().stream().filter(p -> !p.nodeId().equals(b.id())).findFirst().get();
    assertThat(GbftHandler.version(toOld)).isEqualTo(1);
    assertThat(GbftHandler.sendHave(toOld, held)).isFalse();
    int gbftOffset = SharedCapabilities.FIRST_OFFSET + EthMessage.messageCount(EthMessage.ETH68);
    old.send(
        new RlpxMessage(
            gbftOffset + GbftMessage.CONSENSUS, new GbftMessage(new byte[] {8}).encodeData()));
    assertThat(a.gbft.poll(10, TimeUnit.SECONDS)).containsExactly(8);
    GbftHandler.send(toOld, new byte[] {9});
    RlpxMessage got = receiveSubProtocol(old);
    assertThat(got.code()).isEqualTo(gbftOffset + GbftMessage.CONSENSUS);
    assertThat(GbftMessage.decode(GbftMessage.CONSENSUS, got.data()).payload()).containsExactly(9);
  }

  /**
   * The next sub-protocol message of {@code peer} but eth's Status: p2p messages (the remote's
   * pings) and the Status are skipped.
   */
  private static RlpxMessage receiveSubProtocol(P2pPeer peer) throws IOException {
    while (true) {
      RlpxMessage m = peer.receive();
      if (m.code() > SharedCapabilities.FIRST_OFFSET + EthMessage.STATUS) {
        return m;
      }
    }
  }

  /** A hand-driven peer speaking gbft/1 and the given eth versions, connected to {@code to}. */
  private P2pPeer rawPeer(PrivateKey key, Node to, int... ethVersions) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), to.port);
    RlpxConnection conn = RlpxConnection.initiate(socket, key, to.id(), random);
    List<SharedCapabilities.Supported> caps = new ArrayList<>();
    for (int v : ethVersions) {
      caps.add(
          new SharedCapabilities.Supported(EthHandler.capability(v), EthMessage.messageCount(v)));
    }
    caps.add(GbftMessage.SUPPORTED);
    P2pMessage.Hello hello =
        new P2pMessage.Hello(
            5,
            "raw",
            caps.stream().map(SharedCapabilities.Supported::capability).toList(),
            0,
            NodeId.of(key));
    return P2pPeer.open(conn, hello, caps);
  }

  /** Reads until the remote disconnects and returns its reason code. */
  private static long disconnectReasonOf(P2pPeer peer) throws IOException {
    while (true) {
      try {
        peer.receive();
      } catch (PeerDisconnectedException e) {
        return e.reasonCode();
      }
    }
  }

  @Test
  @Timeout(60)
  void aCutOffPeerLosesItsSessionCannotRedialAndIsHeardAgainAfterHealing() throws Exception {
    Node a = new Node(fast());
    Node b = new Node(fast());
    Node c = new Node(fast());
    b.manager.connect(a.enode());
    c.manager.connect(a.enode());
    await(() -> a.manager.peers().size() == 2, "a has 2 peers");

    // a cuts b off: b's session dies on both sides, c's stays.
    a.manager.cutOff(java.util.Set.of(b.id()));
    await(() -> a.manager.peer(b.id()).isEmpty(), "a dropped b");
    await(() -> b.manager.peer(a.id()).isEmpty(), "b saw the session die");
    assertThat(a.manager.peer(c.id())).isPresent();
    assertThat(a.manager.score(b.id())).as("a cut is not misbehaviour").isZero();

    // Neither direction can reconnect while cut.
    assertThatThrownBy(() -> a.manager.connect(b.enode())).isInstanceOf(IOException.class);
    try {
      b.manager.connect(a.enode());
    } catch (IOException expected) {
      // the handshake is closed before Hello
    }
    Thread.sleep(300);
    assertThat(a.manager.peer(b.id())).isEmpty();

    // Frames from c still arrive; after healing b connects and its gbft payloads arrive.
    a.gbft.clear();
    GbftHandler.send(c.manager.peer(a.id()).orElseThrow(), new byte[] {1, 2, 3});
    assertThat(a.gbft.poll(10, TimeUnit.SECONDS)).containsExactly(1, 2, 3);
    a.manager.cutOff(java.util.Set.of());
    b.manager.connect(a.enode());
    await(() -> a.manager.peer(b.id()).isPresent(), "a has b again");
    GbftHandler.send(b.manager.peer(a.id()).orElseThrow(), new byte[] {4});
    assertThat(a.gbft.poll(10, TimeUnit.SECONDS)).containsExactly(4);
  }
}
