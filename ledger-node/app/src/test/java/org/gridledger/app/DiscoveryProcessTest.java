package org.gridledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.gridledger.core.devnet.HdKeys;
import org.gridledger.evm.crypto.PrivateKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Discovery feeding the dialer, with real processes: the four validators of genesis/devnet-bft.json
 * and a full node, where every node but the first is given only the first as bootnode. Through
 * discovery v4 (UDP at each p2p port) each learns of the others and dials them: every node ends
 * with at least three peers ({@code net_peerCount}), not just the bootnode, and blocks become final
 * on all five.
 */
class DiscoveryProcessTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final List<PrivateKey> KEYS = HdKeys.ethereumKeys(HdKeys.TEST_MNEMONIC, 14);

  private final Path dir =
      Path.of("target", "discovery-process-test", Long.toString(System.nanoTime()));
  private final List<Process> processes = new ArrayList<>();

  record Node(Process process, NodeClient rpc, String enode) {}

  @AfterEach
  void stopAll() throws InterruptedException {
    for (Process p : processes) {
      p.destroyForcibly();
    }
    for (Process p : processes) {
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void fiveNodesKnowingOnlyTheFirstFindEachOtherAndFinalize() throws Exception {
    List<Node> nodes = new ArrayList<>();
    Node first = start("validator0", KEYS.get(10), List.of());
    nodes.add(first);
    for (int i = 1; i < 4; i++) {
      nodes.add(start("validator" + i, KEYS.get(10 + i), List.of(first.enode())));
    }
    nodes.add(start("full", null, List.of(first.enode())));

    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      long least = Long.MAX_VALUE;
      long lowestHead = Long.MAX_VALUE;
      for (Node n : nodes) {
        least = Math.min(least, peerCount(n));
        lowestHead = Math.min(lowestHead, head(n));
      }
      if (least >= 3 && lowestHead >= 3) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out: fewest peers " + least + ", lowest head " + lowestHead);
      }
      Thread.sleep(500);
    }
    for (Node n : nodes) {
      assertThat(peerCount(n)).isGreaterThanOrEqualTo(3);
    }
  }

  private Node start(String name, PrivateKey validator, List<String> bootnodes)
      throws IOException, InterruptedException {
    NodeLauncher.Started s =
        NodeLauncher.startOnDevnetBft(dir.resolve(name), Optional.ofNullable(validator), bootnodes);
    processes.add(s.process());
    return new Node(s.process(), s.rpc(), s.enode());
  }

  private static long head(Node n) throws IOException, InterruptedException {
    return Long.decode(n.rpc().result("eth_blockNumber", "[]").asText());
  }

  private static long peerCount(Node n) throws IOException, InterruptedException {
    return Long.decode(n.rpc().result("net_peerCount", "[]").asText());
  }
}
