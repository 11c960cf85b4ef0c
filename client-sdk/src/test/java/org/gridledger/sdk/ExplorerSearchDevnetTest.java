package org.gridledger.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.gridledger.explorer.Explorer;
import org.gridledger.explorer.store.Database;
import org.gridledger.sdk.account.AccountInfo;
import org.gridledger.sdk.account.Keystore;
import org.gridledger.sdk.account.UnlockedAccount;
import org.gridledger.sdk.devnet.DevAccounts;
import org.gridledger.testsupport.DevNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code findNodes} through a Grid Explorer started in-process on a real {@code gridledger dev}
 * answers what the contract views answer, and falls back to the views when the explorer is dead or
 * answers an error.
 */
class ExplorerSearchDevnetTest {
  static final BigInteger HUNDRED = Wei.ETHER.multiply(BigInteger.valueOf(100));
  static final long GIB = 1L << 30;

  static DevNode devnet;
  static Explorer explorer;
  static long nodeA;
  static long nodeB;
  static long nodeC;
  static java.math.BigInteger nodeBPrice;

  @TempDir static Path home;

  @BeforeAll
  static void start() throws Exception {
    devnet = DevNode.instant();
    Keystore ks = new Keystore(home.resolve("farmer"), Keystore.Strength.LIGHT, new SecureRandom());
    AccountInfo info = ks.create("pw");
    DevAccounts.fund(devnet.rpcUrl(), 1, info.address(), HUNDRED);
    UnlockedAccount farmer = ks.unlock(info.address(), "pw");
    long farmId;
    try (GridClient f = GridClient.connect(viewsOnly(), farmer)) {
      f.registerTwin("");
      farmId = f.createFarm("explorer-search-farm", 1).id();
      f.addPublicIp(farmId, "203.0.113.20/24", "203.0.113.1");
    }
    // Three nodes: 64 cores in BE, 8 in NL (both approved), 16 in BE never approved.
    nodeA = registerNode("ex-a", farmId, 64, "BE");
    nodeB = registerNode("ex-b", farmId, 8, "NL");
    nodeC = registerNode("ex-c", farmId, 16, "BE");
    try (GridClient f = GridClient.connect(viewsOnly(), farmer)) {
      f.approveNode(nodeA);
      f.approveNode(nodeB);
    }
    try (GridClient c = GridClient.connect(viewsOnly(), null)) {
      nodeBPrice = c.quoteRent(nodeB, 24).perHour();
      assertThat(c.quoteRent(nodeA, 24).perHour()).isGreaterThan(nodeBPrice);
    }
    explorer =
        Explorer.start(
            URI.create(devnet.rpcUrl()),
            null,
            Database.sqlite(home.resolve("explorer.db")),
            "127.0.0.1",
            0,
            0,
            200);
    awaitIndexedHead();
  }

  @AfterAll
  static void stop() {
    if (explorer != null) {
      explorer.close();
    }
    if (devnet != null) {
      devnet.close();
    }
  }

  static GridClient.Options viewsOnly() {
    return GridClient.Options.of(devnet.rpcUrl()).expectChainId(1337);
  }

  static URI explorerUrl() {
    return URI.create("http://127.0.0.1:" + explorer.port());
  }

  static long registerNode(String name, long farmId, long cores, String country) throws Exception {
    DevAccounts.fund(devnet.rpcUrl(), 3, SimulatedNode.identity(name).address(), HUNDRED);
    SimulatedNode node = SimulatedNode.connect(viewsOnly(), name);
    try {
      return node.register(farmId, cores, country);
    } finally {
      node.client().close();
    }
  }

  /** Waits until the explorer's newest block is the devnet's head (the devnet finalizes it). */
  static void awaitIndexedHead() throws Exception {
    long head;
    try (GridClient c = GridClient.connect(viewsOnly(), null)) {
      head = c.rpc().web3j().ethBlockNumber().send().getBlockNumber().longValueExact();
    }
    HttpClient http = HttpClient.newHttpClient();
    ObjectMapper json = new ObjectMapper();
    long deadline = System.nanoTime() + 60_000_000_000L;
    long indexed = -1;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> res =
          http.send(
              HttpRequest.newBuilder(explorerUrl().resolve("/api/blocks?limit=1")).build(),
              HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() == 200) {
        JsonNode items = json.readTree(res.body()).get("items");
        indexed = items.isEmpty() ? -1 : items.get(0).get("number").asLong();
        if (indexed >= head) {
          return;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("explorer indexed block " + indexed + ", head is " + head);
  }

  static List<NodeQuery> queries() {
    return List.of(
        NodeQuery.of(new Capacity(4, 4 * GIB, 0, 0)),
        NodeQuery.of(new Capacity(32, 0, 0, 0)).inCountry("BE").withPublicIps(1),
        NodeQuery.of(new Capacity(8, 0, 0, 0)).includingUnavailable(),
        NodeQuery.of(Capacity.NONE).includingUnavailable().limit(2),
        // the node's own price (renting all of it): the explorer's max_price
        NodeQuery.of(Capacity.NONE).includingUnavailable().maxNodePrice(nodeBPrice));
  }

  @Test
  void explorerAnswersWhatTheContractViewsAnswer() throws Exception {
    List<String> warnings = new ArrayList<>();
    try (GridClient views = GridClient.connect(viewsOnly(), null);
        GridClient viaExplorer =
            GridClient.connect(viewsOnly().withExplorer(explorerUrl()), null)) {
      for (NodeQuery q : queries()) {
        List<NodeOffer> expected = views.findNodes(q);
        List<NodeOffer> actual = viaExplorer.findNodes(q, warnings::add);
        assertThat(actual).as("query %s", q).isEqualTo(expected);
        // The explorer really served it: its candidates include every node the views found.
        assertThat(viaExplorer.viaExplorer(q).stream().map(NodeInfo::id).toList())
            .containsAll(expected.stream().map(o -> o.node().id()).toList());
      }
      assertThat(warnings).isEmpty();

      // Answers checked against what the test registered, not just against each other.
      assertThat(ids(views.findNodes(queries().get(0)))).containsExactlyInAnyOrder(nodeA, nodeB);
      assertThat(ids(viaExplorer.findNodes(queries().get(1)))).containsExactly(nodeA);
      assertThat(ids(viaExplorer.findNodes(queries().get(2))))
          .containsExactlyInAnyOrder(nodeA, nodeB, nodeC);
      assertThat(viaExplorer.findNodes(queries().get(3))).hasSize(2);
      // node B's own quote is the bound: B is in, the 64-core A is out
      assertThat(ids(viaExplorer.findNodes(queries().get(4))))
          .contains(nodeB)
          .doesNotContain(nodeA);
      assertThat(viaExplorer.viaExplorer(queries().get(4)).stream().map(NodeInfo::id).toList())
          .contains(nodeB)
          .doesNotContain(nodeA);
      NodeOffer a = viaExplorer.findNodes(queries().get(1)).getFirst();
      assertThat(a.node().free()).isEqualTo(new Capacity(64, 256 * GIB, 4L << 40, 0));
      assertThat(a.node().country()).isEqualTo("BE");
      assertThat(a.node().farmFreePublicIps()).isEqualTo(1);
    }
  }

  @Test
  void deadOrFailingExplorerFallsBackToTheContractViews() throws Exception {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    // A closed port (connection refused) and the node's RPC port (no /api/nodes: an error answer).
    for (URI bad :
        List.of(URI.create("http://127.0.0.1:" + deadPort), URI.create(devnet.rpcUrl()))) {
      try (GridClient views = GridClient.connect(viewsOnly(), null);
          GridClient withBad = GridClient.connect(viewsOnly().withExplorer(bad), null)) {
        for (NodeQuery q : queries()) {
          List<String> warnings = new ArrayList<>();
          assertThat(withBad.findNodes(q, warnings::add)).isEqualTo(views.findNodes(q));
          assertThat(warnings).as("fallback via %s", bad).hasSize(1);
          assertThat(warnings.getFirst()).contains("contract views");
        }
      }
    }
  }

  static List<Long> ids(List<NodeOffer> offers) {
    return offers.stream().map(o -> o.node().id()).toList();
  }
}
