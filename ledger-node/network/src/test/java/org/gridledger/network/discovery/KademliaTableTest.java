package org.gridledger.network.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Hash;
import org.gridledger.network.node.NodeId;
import org.junit.jupiter.api.Test;

/** The discv4 table: log distance, bucket capacity, replacements, closest-node order. */
class KademliaTableTest {
  private final SecureRandom random = new SecureRandom();

  private static Hash h(String hex) {
    return Hash.fromHex("0x" + hex);
  }

  @Test
  void logDistanceIsTheBitLengthOfTheXor() {
    String zero = "00".repeat(32);
    assertThat(KademliaTable.logDistance(h(zero), h(zero))).isZero();
    assertThat(KademliaTable.logDistance(h(zero), h("00".repeat(31) + "01"))).isEqualTo(1);
    assertThat(KademliaTable.logDistance(h(zero), h("00".repeat(31) + "ff"))).isEqualTo(8);
    assertThat(KademliaTable.logDistance(h(zero), h("00".repeat(30) + "0100"))).isEqualTo(9);
    assertThat(KademliaTable.logDistance(h(zero), h("80" + "00".repeat(31)))).isEqualTo(256);
    assertThat(KademliaTable.logDistance(h("ff".repeat(32)), h("7f" + "ff".repeat(31))))
        .isEqualTo(256);
  }

  private KademliaTable.Entry entry(PrivateKey k) throws Exception {
    return KademliaTable.Entry.of(
        NodeId.of(k), new Endpoint(InetAddress.getLoopbackAddress(), 30303, 30303));
  }

  @Test
  void aFullBucketKeepsItsNodesAndQueuesReplacements() throws Exception {
    NodeId self = NodeId.of(PrivateKey.random(random));
    KademliaTable table = new KademliaTable(self);
    // About half of all nodes are at distance 256 (the top bit differs): collect 20 of them.
    List<KademliaTable.Entry> far = new ArrayList<>();
    while (far.size() < 20) {
      KademliaTable.Entry e = entry(PrivateKey.random(random));
      if (KademliaTable.logDistance(self.keccak(), e.keccak()) == 256) {
        far.add(e);
      }
    }
    for (int i = 0; i < 16; i++) {
      assertThat(table.seen(far.get(i))).isTrue();
    }
    for (int i = 16; i < 20; i++) {
      assertThat(table.seen(far.get(i))).isFalse();
    }
    assertThat(table.size()).isEqualTo(16);
    assertThat(table.replacementsFor(far.get(0).id())).hasSize(4);
    // The least recently seen is the first added; seeing it again moves it to the front.
    assertThat(table.revalidationCandidate(new Random(1))).contains(far.get(0));
    table.seen(far.get(0));
    assertThat(table.revalidationCandidate(new Random(1))).contains(far.get(1));
    // Removing a node promotes the newest replacement.
    table.remove(far.get(1).id());
    assertThat(table.contains(far.get(1).id())).isFalse();
    assertThat(table.contains(far.get(19).id())).isTrue();
    assertThat(table.size()).isEqualTo(16);
    assertThat(table.seen(KademliaTable.Entry.of(self, far.get(0).endpoint()))).isFalse();
  }

  @Test
  void closestIsOrderedByXorDistanceToTheTarget() throws Exception {
    KademliaTable table = new KademliaTable(NodeId.of(PrivateKey.random(random)));
    List<KademliaTable.Entry> all = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      KademliaTable.Entry e = entry(PrivateKey.random(random));
      if (table.seen(e)) {
        all.add(e);
      }
    }
    Hash target = all.get(7).keccak();
    List<KademliaTable.Entry> closest = table.closest(target, 5);
    assertThat(closest).hasSize(5).first().isEqualTo(all.get(7));
    for (int i = 1; i < closest.size(); i++) {
      assertThat(
              KademliaTable.compareDistance(
                  target, closest.get(i - 1).keccak(), closest.get(i).keccak()))
          .isNegative();
    }
    // No node outside the answer is closer than the farthest inside it.
    KademliaTable.Entry farthest = closest.get(4);
    for (KademliaTable.Entry e : all) {
      if (!closest.contains(e)) {
        assertThat(KademliaTable.compareDistance(target, e.keccak(), farthest.keccak()))
            .isPositive();
      }
    }
  }
}
