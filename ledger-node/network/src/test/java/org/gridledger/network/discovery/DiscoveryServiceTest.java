package org.gridledger.network.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.network.node.NodeId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * In-process discovery services on 127.0.0.1 UDP with OS-chosen ports: twelve nodes bootstrap from
 * one bootnode and find each other; ENR requests; forged, tampered, expired, unsolicited and
 * unbonded packets are ignored.
 */
class DiscoveryServiceTest {
  private final SecureRandom random = new SecureRandom();
  private final List<DiscoveryService> services = new ArrayList<>();

  private DiscoveryService start() throws IOException {
    return start(Duration.ofMillis(500));
  }

  private DiscoveryService start(Duration responseTimeout) throws IOException {
    DiscoveryService s =
        new DiscoveryService(
            PrivateKey.random(random),
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            30303,
            responseTimeout,
            Duration.ofSeconds(1));
    services.add(s);
    return s;
  }

  @AfterEach
  void closeAll() {
    services.forEach(DiscoveryService::close);
  }

  @Test
  @Timeout(120)
  void twelveNodesBootstrapFromOneBootnodeAndFindEachOther() throws Exception {
    DiscoveryService boot = start();
    List<DiscoveryService> nodes = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      nodes.add(start());
    }
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<CompletableFuture<Void>> joins = new ArrayList<>();
      for (DiscoveryService n : nodes) {
        joins.add(CompletableFuture.runAsync(() -> n.bootstrap(List.of(boot.enode())), pool));
      }
      joins.forEach(CompletableFuture::join);
      // Nodes that joined early learn of later ones by looking up again (as the periodic
      // refresh of a running node does).
      for (int round = 0; round < 10 && !allKnowAll(); round++) {
        List<CompletableFuture<Void>> lookups = new ArrayList<>();
        for (DiscoveryService n : services) {
          byte[] target = new byte[64];
          random.nextBytes(target);
          lookups.add(CompletableFuture.runAsync(() -> n.lookup(target), pool));
        }
        lookups.forEach(CompletableFuture::join);
        Thread.sleep(200);
      }
    }
    for (DiscoveryService s : services) {
      List<NodeId> others =
          services.stream()
              .map(DiscoveryService::nodeId)
              .filter(id -> !id.equals(s.nodeId()))
              .toList();
      assertThat(s.table().entries())
          .extracting(KademliaTable.Entry::id)
          .as("table of %s", s.nodeId())
          .containsExactlyInAnyOrderElementsOf(others);
    }
    // A lookup of a node's own id from another node finds it first.
    DiscoveryService last = nodes.get(10);
    assertThat(nodes.get(0).lookup(last.nodeId().toArray()).get(0).id()).isEqualTo(last.nodeId());
  }

  private boolean allKnowAll() {
    return services.stream().allMatch(s -> s.table().size() == services.size() - 1);
  }

  @Test
  @Timeout(60)
  void enrRequestReturnsTheSignedRecord() throws Exception {
    DiscoveryService a = start();
    DiscoveryService b = start();
    a.bootstrap(List.of(b.enode()));
    KademliaTable.Entry entryB = a.table().get(b.nodeId()).orElseThrow();
    assertThat(a.requestEnr(entryB)).contains(b.record());
    assertThat(b.record().verifySignature()).isTrue();
    assertThat(b.record().udp().getAsInt()).isEqualTo(b.udpPort());
  }

  @Test
  @Timeout(60)
  void forgedExpiredUnsolicitedAndUnbondedPacketsAreIgnored() throws Exception {
    // The target's Ping back to us stays answerable for the whole test.
    DiscoveryService target = start(Duration.ofSeconds(30));
    PrivateKey attacker = PrivateKey.random(random);
    try (DatagramSocket raw = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      raw.setSoTimeout(700);
      InetSocketAddress to =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), target.udpPort());
      Endpoint from = new Endpoint(InetAddress.getLoopbackAddress(), raw.getLocalPort(), 0);
      Endpoint dest = new Endpoint(InetAddress.getLoopbackAddress(), target.udpPort(), 0);
      long now = System.currentTimeMillis() / 1000;

      // Control: a valid Ping is answered with Pong (and a Ping back, as we have no proof).
      byte[] ping =
          DiscoveryPacket.encode(
              new DiscoveryMessage.Ping(4, from, dest, now + 20, OptionalLong.empty()), attacker);
      List<DiscoveryPacket.Decoded> replies = received(raw, to, ping);
      assertThat(replies).extracting(r -> r.message().type()).contains(DiscoveryMessage.PONG);
      DiscoveryPacket.Decoded pingBack =
          replies.stream()
              .filter(r -> r.message().type() == DiscoveryMessage.PING)
              .findFirst()
              .orElseThrow();

      long before = target.ignoredPackets();
      // Expired Ping.
      byte[] expired =
          DiscoveryPacket.encode(
              new DiscoveryMessage.Ping(4, from, dest, now - 5, OptionalLong.empty()), attacker);
      assertThat(typesReceivedAfter(raw, to, expired)).isEmpty();
      // Tampered: one byte of the packet-data changed, so the hash no longer matches.
      byte[] tampered = ping.clone();
      tampered[tampered.length - 1] ^= 1;
      assertThat(typesReceivedAfter(raw, to, tampered)).isEmpty();
      // Pong answering no Ping of the target's.
      byte[] pong =
          DiscoveryPacket.encode(
              new DiscoveryMessage.Pong(
                  dest,
                  org.gridledger.evm.types.Hash.fromHex("0x" + "42".repeat(32)),
                  now + 20,
                  OptionalLong.empty()),
              attacker);
      assertThat(typesReceivedAfter(raw, to, pong)).isEmpty();
      // FindNode and ENRRequest from a node that never answered the target's Ping.
      byte[] find =
          DiscoveryPacket.encode(new DiscoveryMessage.FindNode(new byte[64], now + 20), attacker);
      assertThat(typesReceivedAfter(raw, to, find)).isEmpty();
      byte[] enr = DiscoveryPacket.encode(new DiscoveryMessage.EnrRequest(now + 20), attacker);
      assertThat(typesReceivedAfter(raw, to, enr)).isEmpty();
      // Unsolicited Neighbors.
      byte[] neighbors =
          DiscoveryPacket.encode(new DiscoveryMessage.Neighbors(List.of(), now + 20), attacker);
      assertThat(typesReceivedAfter(raw, to, neighbors)).isEmpty();
      // Garbage.
      assertThat(typesReceivedAfter(raw, to, new byte[] {1, 2, 3})).isEmpty();
      // A Pong to the target's Ping, but signed by another key than the pinged node's: the
      // sender is whoever signed, and that is not who was pinged.
      PrivateKey impostor = PrivateKey.random(random);
      byte[] forgedPong =
          DiscoveryPacket.encode(
              new DiscoveryMessage.Pong(dest, pingBack.hash(), now + 20, OptionalLong.empty()),
              impostor);
      assertThat(typesReceivedAfter(raw, to, forgedPong)).isEmpty();
      assertThat(target.table().contains(NodeId.of(impostor))).isFalse();
      assertThat(target.ignoredPackets() - before).isGreaterThanOrEqualTo(8);
      assertThat(target.table().contains(NodeId.of(attacker))).isFalse();
      // Control: the genuine Pong bonds the attacker's key, which then joins the table.
      byte[] genuinePong =
          DiscoveryPacket.encode(
              new DiscoveryMessage.Pong(dest, pingBack.hash(), now + 20, OptionalLong.empty()),
              attacker);
      // (A Ping may come back: the target revalidates its table every second.)
      assertThat(typesReceivedAfter(raw, to, genuinePong)).containsOnly(DiscoveryMessage.PING);
      assertThat(target.table().contains(NodeId.of(attacker))).isTrue();
      // Now bonded, the same FindNode is answered.
      byte[] findAgain =
          DiscoveryPacket.encode(new DiscoveryMessage.FindNode(new byte[64], now + 20), attacker);
      assertThat(typesReceivedAfter(raw, to, findAgain)).contains(DiscoveryMessage.NEIGHBORS);
    }
  }

  /** Sends {@code packet} and returns the types of the packets that come back within 700 ms. */
  private static List<Integer> typesReceivedAfter(
      DatagramSocket raw, InetSocketAddress to, byte[] packet) throws IOException {
    return received(raw, to, packet).stream().map(r -> r.message().type()).toList();
  }

  /** Sends {@code packet} and returns the packets that come back within 700 ms. */
  private static List<DiscoveryPacket.Decoded> received(
      DatagramSocket raw, InetSocketAddress to, byte[] packet) throws IOException {
    raw.send(new DatagramPacket(packet, packet.length, to));
    List<DiscoveryPacket.Decoded> types = new ArrayList<>();
    byte[] buf = new byte[1280];
    while (true) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        raw.receive(p);
      } catch (SocketTimeoutException e) {
        return types;
      }
      types.add(DiscoveryPacket.decode(java.util.Arrays.copyOf(p.getData(), p.getLength())));
    }
  }
}
