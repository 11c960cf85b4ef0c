package org.gridledger.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gridledger.contracts.bindings.FarmRegistry;
import org.gridledger.contracts.bindings.NodeRegistry;
import org.gridledger.contracts.bindings.Reservations;
import org.gridledger.contracts.bindings.TwinRegistry;
import org.gridledger.core.devnet.DevnetGenesis;
import org.gridledger.evm.types.Hex;
import org.gridledger.explorer.abi.GridAbi;
import org.gridledger.explorer.store.Database;
import org.gridledger.explorer.store.Sql;
import org.gridledger.genesis.GenesisBuilder;
import org.gridledger.genesis.GenesisConfigReader;
import org.gridledger.genesis.SyntheticGrid;
import org.gridledger.testsupport.DevNode;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;

/**
 * A devnet whose genesis holds a small synthetic grid (2 farms, 20 nodes, 20 node contracts, made
 * by the genesis builder without a single event): the explorer seeds its tables from the contracts'
 * views at block 0, so every API answer equals the views; then it goes on with events.
 */
class SyntheticGenesisSeedTest {
  private static final Path WORK = Path.of("target", "synthetic-seed");
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void apiAnswersEqualTheViewsOfASyntheticGenesis() throws Exception {
    Path dir = WORK.resolve(Long.toString(System.nanoTime()));
    Files.createDirectories(dir);
    // Nodes register minReportInterval (60 s) before the genesis time and report at it; they
    // count as online for uptimeInterval (5 min) after it.
    long timestamp = Instant.now().getEpochSecond() - 5;
    String yaml =
        Files.readString(Path.of("..", "genesis", "devnet.yaml"))
            .replace("timestamp: 0", "timestamp: " + timestamp);
    Path genesis = dir.resolve("synthetic.json");
    try (OutputStream out = Files.newOutputStream(genesis)) {
      new GenesisBuilder(GenesisConfigReader.parse(yaml, "devnet.yaml"))
          .writeSynthetic(new SyntheticGrid.Size(2, 20, 20), dir, out, line -> {});
    }
    try (DevNode dev =
        DevNode.start(
            dir.resolve("dev.log"), "--block-time", "0", "--genesis", genesis.toString())) {
      Web3j web3j = Web3j.build(new HttpService(dev.rpcUrl()));
      Database db = Database.sqlite(dir.resolve("explorer.db"));
      try (Explorer explorer =
          Explorer.start(URI.create(dev.rpcUrl()), null, db, "127.0.0.1", 0, 0, 100)) {
        awaitIndexed(explorer, db, 0);
        Views views = views(web3j);
        checkAgainstViews(explorer.port(), views);

        JsonNode stats = get(explorer.port(), "/api/stats").get("current");
        assertThat(stats.get("nodes").asLong()).isEqualTo(20);
        assertThat(stats.get("farms").asLong()).isEqualTo(2);
        assertThat(stats.get("twins").asLong()).isEqualTo(42);
        assertThat(stats.get("contractsCreated").asLong()).isEqualTo(20);
        // every node holds one contract of 1 core (docs/genesis.md), so 63 of 64 cores are free
        assertThat(get(explorer.port(), "/api/nodes?free_cru=63&limit=500").get("items"))
            .hasSize(20);
        assertThat(get(explorer.port(), "/api/nodes?free_cru=64").get("items")).isEmpty();
        assertThat(get(explorer.port(), "/api/nodes?status=up&farm=2&limit=500").get("items"))
            .hasSize(10);

        // Events carry on from the seeded state: a new twin of dev account 1.
        var tm =
            new RawTransactionManager(
                web3j,
                Credentials.create(Hex.encode(DevnetGenesis.accountKeys().get(1).toBytes())),
                DevnetGenesis.CHAIN_ID);
        var gas =
            new StaticGasProvider(
                BigInteger.valueOf(2_000_000_000L), BigInteger.valueOf(3_000_000));
        var receipt =
            TwinRegistry.load(GridAbi.address(0), web3j, tm, gas)
                .createTwin(
                    org.web3j.crypto.Hash.sha3("new twin".getBytes(StandardCharsets.UTF_8)),
                    "relay/new")
                .send();
        assertThat(receipt.isStatusOK()).isTrue();
        awaitIndexed(explorer, db, receipt.getBlockNumber().longValueExact());
        assertThat(get(explorer.port(), "/api/twins/43").get("relay").asText())
            .isEqualTo("relay/new");
        checkAgainstViews(explorer.port(), views);
        try (Connection c = db.connect()) {
          assertThat(Sql.queryLong(c, "SELECT COUNT(*) FROM events", -1)).isEqualTo(1);
        }
      } finally {
        web3j.shutdown();
      }
    }
  }

  private record Views(
      TwinRegistry twins, FarmRegistry farms, NodeRegistry nodes, Reservations reservations) {}

  private static Views views(Web3j web3j) {
    var tm =
        new RawTransactionManager(
            web3j,
            Credentials.create(Hex.encode(DevnetGenesis.accountKeys().get(0).toBytes())),
            DevnetGenesis.CHAIN_ID);
    var gas = new StaticGasProvider(BigInteger.ONE, BigInteger.valueOf(3_000_000));
    return new Views(
        TwinRegistry.load(GridAbi.address(0), web3j, tm, gas),
        FarmRegistry.load(GridAbi.address(1), web3j, tm, gas),
        NodeRegistry.load(GridAbi.address(2), web3j, tm, gas),
        Reservations.load(GridAbi.address(4), web3j, tm, gas));
  }

  private void checkAgainstViews(int port, Views v) throws Exception {
    long nodes = v.nodes().nodeCount().send().longValueExact();
    assertThat(nodes).isEqualTo(20);
    for (long id = 1; id <= nodes; id++) {
      NodeRegistry.Node n = v.nodes().getNode(BigInteger.valueOf(id)).send();
      NodeRegistry.NodeStatus s = v.nodes().nodeStatus(BigInteger.valueOf(id)).send();
      JsonNode a = get(port, "/api/nodes/" + id);
      assertThat(a.get("farmId").asLong()).isEqualTo(n.farmId.longValueExact());
      assertThat(a.get("twinId").asLong()).isEqualTo(n.twinId.longValueExact());
      assertThat(a.get("account").asText()).isEqualToIgnoringCase(n.account);
      assertThat(a.get("approved").asBoolean()).isEqualTo(n.approved);
      assertThat(a.get("banned").asBoolean()).isEqualTo(n.banned);
      assertThat(a.get("total").get("cru").asLong()).isEqualTo(n.total.cru.longValueExact());
      assertThat(a.get("total").get("mru").asLong()).isEqualTo(n.total.mru.longValueExact());
      assertThat(a.get("used").get("cru").asLong()).isEqualTo(n.used.cru.longValueExact());
      assertThat(a.get("used").get("sru").asLong()).isEqualTo(n.used.sru.longValueExact());
      assertThat(a.get("x25519Key").asText()).isEqualTo(Hex.encode(n.x25519Key));
      assertThat(a.get("registeredAt").asLong()).isEqualTo(n.registeredAt.longValueExact());
      assertThat(a.get("lastUptimeReport").asLong()).isEqualTo(n.lastUptimeReport.longValueExact());
      assertThat(a.get("activeContracts").asLong()).isEqualTo(n.activeContracts.longValueExact());
      assertThat(a.get("location").get("country").asText()).isEqualTo(n.location.country);
      assertThat(a.get("location").get("city").asText()).isEqualTo(n.location.city);
      assertThat(a.get("serial").asText()).isEqualTo(n.serial);
      assertThat(a.get("status").asText()).isEqualTo(s.online ? "up" : "down");
    }
    for (long id = 1; id <= 2; id++) {
      FarmRegistry.Farm f = v.farms().getFarm(BigInteger.valueOf(id)).send();
      JsonNode a = get(port, "/api/farms/" + id);
      assertThat(a.get("name").asText()).isEqualTo(f.name);
      assertThat(a.get("twinId").asLong()).isEqualTo(f.twinId.longValueExact());
      assertThat(a.get("payout").asText()).isEqualToIgnoringCase(f.payout);
      assertThat(a.get("certified").asBoolean()).isEqualTo(f.certified);
      assertThat(a.get("nodeIds")).hasSize(10);
    }
    long twins = v.twins().twinCount().send().longValueExact();
    for (long id = 1; id <= twins; id++) {
      TwinRegistry.Twin t = v.twins().getTwin(BigInteger.valueOf(id)).send();
      JsonNode a = get(port, "/api/twins/" + id);
      assertThat(a.get("account").asText()).isEqualToIgnoringCase(t.account);
      assertThat(a.get("createdAt").asLong()).isEqualTo(t.createdAt.longValueExact());
      assertThat(a.get("x25519Key").asText()).isEqualTo(Hex.encode(t.x25519Key));
      assertThat(a.get("relay").asText()).isEqualTo(t.relay);
    }
    long contracts = v.reservations().contractCount().send().longValueExact();
    assertThat(contracts).isEqualTo(20);
    String[] states = {"none", "created", "grace", "deleted"};
    String[] kinds = {"node", "rent", "name"};
    List<Long> viewIds = new ArrayList<>();
    for (long id = 1; id <= contracts; id++) {
      Reservations.Contract k = v.reservations().getContract(BigInteger.valueOf(id)).send();
      JsonNode a = get(port, "/api/contracts/" + id);
      assertThat(a.get("kind").asText()).isEqualTo(kinds[k.kind.intValueExact()]);
      assertThat(a.get("state").asText()).isEqualTo(states[k.state.intValueExact()]);
      assertThat(a.get("twinId").asLong()).isEqualTo(k.twinId.longValueExact());
      assertThat(a.get("nodeId").asLong()).isEqualTo(k.nodeId.longValueExact());
      assertThat(a.get("farmId").asLong()).isEqualTo(k.farmId.longValueExact());
      assertThat(a.get("owner").asText()).isEqualToIgnoringCase(k.owner);
      assertThat(a.get("billing").asBoolean()).isEqualTo(k.billing);
      assertThat(new BigInteger(a.get("escrow").asText())).isEqualTo(k.escrow);
      assertThat(new BigInteger(a.get("ratePerHour").asText())).isEqualTo(k.ratePerHour);
      assertThat(a.get("createdAt").asLong()).isEqualTo(k.createdAt.longValueExact());
      assertThat(a.get("lastSettledAt").asLong()).isEqualTo(k.lastSettledAt.longValueExact());
      assertThat(a.get("deploymentHash").asText()).isEqualTo(Hex.encode(k.deploymentHash));
      assertThat(a.get("resources").get("cru").asLong())
          .isEqualTo(k.resources.cru.longValueExact());
      assertThat(a.get("resources").get("sru").asLong())
          .isEqualTo(k.resources.sru.longValueExact());
      if (k.nodeId.longValueExact() == 3) {
        viewIds.add(id);
      }
    }
    List<Long> apiIds = new ArrayList<>();
    get(port, "/api/contracts?node=3").get("items").forEach(i -> apiIds.add(i.get("id").asLong()));
    assertThat(apiIds).isEqualTo(viewIds);
  }

  private JsonNode get(int port, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  private static void awaitIndexed(Explorer explorer, Database db, long block) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      try (Connection c = db.connect()) {
        if (explorer.indexer().lastIndexed(c) >= block) {
          return;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the explorer did not index block " + block + " within 60 s");
  }
}
