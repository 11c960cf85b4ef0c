package org.gridledger.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gridledger.contracts.bindings.FarmRegistry;
import org.gridledger.contracts.bindings.NodeRegistry;
import org.gridledger.contracts.bindings.PricingPolicy;
import org.gridledger.contracts.bindings.Reservations;
import org.gridledger.contracts.bindings.Staking;
import org.gridledger.contracts.bindings.TwinRegistry;
import org.gridledger.core.devnet.DevnetGenesis;
import org.gridledger.evm.types.Hex;
import org.gridledger.explorer.abi.GridAbi;
import org.gridledger.explorer.indexer.Indexer;
import org.gridledger.explorer.rpc.JsonRpcClient;
import org.gridledger.explorer.store.Database;
import org.gridledger.explorer.store.Sql;
import org.gridledger.testsupport.DevNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;

/**
 * The explorer against {@code gridledger dev} as a real process: a scripted grid history sent with
 * the Web3j bindings, then every API answer compared with the contracts' own views at the same
 * block, a restart in the middle of indexing, and bad input. Runs on SQLite and on PostgreSQL
 * ({@link TestDatabases}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class ExplorerDevnetTest {
  private static final Path WORK = Path.of("target", "explorer-it");
  private static final BigInteger GIB = BigInteger.valueOf(1L << 30);

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private DevNode dev;
  private Web3j web3j;
  private Explorer explorer;
  private Database db;
  private long historyHead;

  /** Bindings that send as one dev account. */
  private record Actor(
      String address,
      TwinRegistry twins,
      FarmRegistry farms,
      NodeRegistry nodes,
      Reservations reservations,
      Staking staking,
      PricingPolicy pricing) {}

  @BeforeAll
  void startDevnetAndRunHistory() throws Exception {
    Files.createDirectories(WORK);
    dev = DevNode.start(WORK.resolve("dev.log"), "--block-time", "0");
    web3j = Web3j.build(new HttpService(dev.rpcUrl()));
    Actor farmer = actor(1);
    Actor node1 = actor(2);
    Actor user = actor(3);
    Actor node2 = actor(4);

    for (Actor a : List.of(farmer, node1, user, node2)) {
      // node2's relay and serial hold a NUL character, which PostgreSQL text cannot store: the
      // indexer and the seeder (aDatabaseSeededAtTheHead...) must both store it as U+FFFD
      String relay = (a == node2 ? "relay/\0" : "relay/") + a.address();
      send(a.twins().createTwin(Hash.sha3(a.address().getBytes(StandardCharsets.UTF_8)), relay));
    }
    send(farmer.farms().createFarm("farm-one", BigInteger.ONE));
    for (int i = 1; i <= 2; i++) {
      send(
          farmer
              .farms()
              .addPublicIp(
                  BigInteger.ONE,
                  new byte[] {(byte) 185, 69, 1, (byte) i},
                  BigInteger.valueOf(24),
                  new byte[] {(byte) 185, 69, 1, (byte) 254}));
    }
    send(
        node1
            .nodes()
            .registerNode(
                BigInteger.ONE,
                nodeResources(16, 64, 1000, 0),
                Hash.sha3("n1".getBytes(StandardCharsets.UTF_8)),
                new NodeRegistry.Location(
                    "BE", "Ghent", BigInteger.valueOf(51_054_000), BigInteger.valueOf(3_717_000)),
                "serial-1"));
    send(
        node2
            .nodes()
            .registerNode(
                BigInteger.ONE,
                nodeResources(4, 8, 100, 2000),
                Hash.sha3("n2".getBytes(StandardCharsets.UTF_8)),
                new NodeRegistry.Location(
                    "EG", "Cairo", BigInteger.valueOf(30_044_000), BigInteger.valueOf(31_235_000)),
                "serial\0-2"));
    send(farmer.farms().approveNode(BigInteger.ONE));
    send(farmer.farms().approveNode(BigInteger.TWO));

    byte[] spec = "encrypted:spec-1".getBytes(StandardCharsets.UTF_8);
    BigInteger deposit = new BigInteger("1000000000000000000");
    send(
        user.reservations()
            .createNodeContract(
                BigInteger.ONE, res(2, 4, 50, 0), Hash.sha3(spec), BigInteger.ONE, spec, deposit));
    send(
        node1
            .reservations()
            .reportFulfilment(BigInteger.ONE, "result".getBytes(StandardCharsets.UTF_8)));
    byte[] spec2 = "encrypted:spec-2".getBytes(StandardCharsets.UTF_8);
    send(
        user.reservations()
            .updateNodeContract(
                BigInteger.ONE, res(4, 8, 100, 0), Hash.sha3(spec2), spec2, BigInteger.ZERO));
    send(user.reservations().createNameContract("my-gateway", deposit.divide(BigInteger.TEN)));
    send(
        user.reservations()
            .createNodeContract(
                BigInteger.TWO,
                res(1, 1, 10, 100),
                Hash.sha3(spec),
                BigInteger.ZERO,
                spec,
                deposit));
    // Contract 1's workload fails and comes back (billing stops, then starts again); contract 3
    // is refused before it ever ran and stays failed until it is cancelled.
    send(
        node1
            .reservations()
            .reportFailure(BigInteger.ONE, "failed: OOM".getBytes(StandardCharsets.UTF_8)));
    send(
        node1
            .reservations()
            .reportFulfilment(BigInteger.ONE, "result again".getBytes(StandardCharsets.UTF_8)));
    send(
        node2
            .reservations()
            .reportFailure(
                BigInteger.valueOf(3), "failed: image digest".getBytes(StandardCharsets.UTF_8)));
    send(farmer.reservations().settle(BigInteger.ONE));
    send(user.reservations().cancel(BigInteger.valueOf(3)));
    send(user.reservations().createRentContract(BigInteger.TWO, deposit));
    // Two name contracts with escrow for exactly one billing period: any settlement moves them to
    // the grace period (contract 5 is topped up and back to Created, contract 6 stays in grace).
    BigInteger rate = user.reservations().getContract(BigInteger.TWO).send().ratePerHour;
    BigInteger period = user.reservations().billingPeriod().send();
    BigInteger onePeriod =
        rate.multiply(period).add(BigInteger.valueOf(3599)).divide(BigInteger.valueOf(3600));
    send(user.reservations().createNameContract("short-lived", onePeriod));
    send(user.reservations().createNameContract("in-grace", onePeriod));
    send(farmer.reservations().settle(BigInteger.valueOf(5)));
    send(farmer.reservations().settle(BigInteger.valueOf(6)));
    send(farmer.reservations().topUp(BigInteger.valueOf(5), deposit));
    // A validator candidate with a self-stake and a delegation.
    Actor operator = actor(6);
    Actor delegator = actor(7);
    send(
        operator
            .staking()
            .registerCandidate(
                delegator.address(), BigInteger.valueOf(500), deposit.multiply(BigInteger.TEN)));
    send(delegator.staking().delegate(BigInteger.ONE, deposit.multiply(BigInteger.valueOf(5))));
    // Prices: a second policy (PolicySet) that the farm switches to (FarmPricingPolicyChanged),
    // then repriced (PolicySet again): the nodes' prices follow each step.
    Actor governor = pricingOwner();
    PricingPolicy.Policy basic = governor.pricing().getPolicy(BigInteger.ONE).send();
    send(governor.pricing().createPolicy(scaledPolicy(basic, 3, 2500)));
    send(farmer.farms().setPricingPolicy(BigInteger.ONE, BigInteger.TWO));
    send(governor.pricing().updatePolicy(BigInteger.TWO, scaledPolicy(basic, 5, 4000)));
    // An uptime report is accepted once minReportInterval (60 s on the devnet) has passed since
    // the registration. The devnet has no time travel; its block timestamps follow this machine's
    // clock (or run ahead of it by one second per block when blocks come faster): wait for the
    // clock to pass the registration's timestamp plus the interval.
    long allowedAt =
        node1.nodes().getNode(BigInteger.ONE).send().lastUptimeReport.longValueExact()
            + node1.nodes().minReportInterval().send().longValueExact();
    while (java.time.Instant.now().getEpochSecond() <= allowedAt) {
      Thread.sleep(250);
    }
    send(node1.nodes().reportUptime(BigInteger.valueOf(3600)));
    historyHead = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();

    db = TestDatabases.fresh(WORK);
    db.migrate();
    // Index part of the history, stop, and let a full explorer resume on the same database.
    Indexer partial =
        new Indexer(new JsonRpcClient(URI.create(dev.rpcUrl())), db, GridAbi.load(), 0, 3, 100);
    partial.indexAvailable(historyHead / 2);
    partial.close();
    explorer =
        Explorer.start(
            URI.create(dev.rpcUrl()), URI.create(dev.wsUrl()), db, "127.0.0.1", 0, 0, 200);
    awaitIndexed(historyHead);
  }

  @AfterAll
  void stop() {
    if (explorer != null) {
      explorer.close();
    }
    if (web3j != null) {
      web3j.shutdown();
    }
    if (dev != null) {
      dev.close();
    }
  }

  @Test
  void restartResumedWithoutGapsOrDuplicates() throws Exception {
    try (Connection c = db.connect()) {
      assertThat(Sql.queryLong(c, "SELECT COUNT(*) FROM blocks", -1))
          .isEqualTo(Sql.queryLong(c, "SELECT MAX(number) FROM blocks", -1) + 1);
      assertThat(Sql.queryLong(c, "SELECT MIN(number) FROM blocks", -1)).isZero();
      // Every grid log of the chain is in the events table exactly once.
      JsonNode logs =
          new JsonRpcClient(URI.create(dev.rpcUrl()))
              .call(
                  "eth_getLogs",
                  Map.of(
                      "fromBlock", "0x0",
                      "toBlock", JsonRpcClient.quantity(historyHead),
                      "address", GridAbi.load().addresses()));
      assertThat(
              Sql.queryLong(
                  c, "SELECT COUNT(*) FROM events WHERE block_number <= ?", -1, historyHead))
          .isEqualTo(logs.size());
      assertThat(logs.size()).isGreaterThan(20);
    }
  }

  /**
   * The statistics move by difference from block to block (Stats): the last row equals counts and
   * sums taken over the tables now, each one written here on its own.
   */
  @Test
  void lastStatisticsRowEqualsCountsOverTheTables() throws Exception {
    try (Connection c = db.connect()) {
      Map<String, Object> last =
          Sql.query(c, "SELECT * FROM stats ORDER BY block_number DESC LIMIT 1").getFirst();
      Map<String, String> expected = new java.util.LinkedHashMap<>();
      expected.put("twins", "SELECT COUNT(*) FROM twins");
      expected.put("farms", "SELECT COUNT(*) FROM farms");
      expected.put("nodes", "SELECT COUNT(*) FROM nodes");
      expected.put("countries", "SELECT COUNT(*) FROM (SELECT DISTINCT country FROM nodes) d");
      for (String r : List.of("cru", "mru", "sru", "hru")) {
        expected.put("total_" + r, "SELECT COALESCE(SUM(total_" + r + "), 0) FROM nodes");
        expected.put("used_" + r, "SELECT COALESCE(SUM(used_" + r + "), 0) FROM nodes");
      }
      expected.put("contracts_created", "SELECT COUNT(*) FROM contracts WHERE state = 1");
      expected.put("contracts_grace", "SELECT COUNT(*) FROM contracts WHERE state = 2");
      expected.put("contracts_deleted", "SELECT COUNT(*) FROM contracts WHERE state = 3");
      for (var e : expected.entrySet()) {
        assertThat(((Number) last.get(e.getKey())).longValue())
            .as(e.getKey())
            .isEqualTo(Sql.queryLong(c, e.getValue(), -1));
      }
      // the scripted history has contracts in every state and used capacity
      assertThat(((Number) last.get("used_cru")).longValue()).isPositive();
      assertThat(((Number) last.get("contracts_deleted")).longValue()).isPositive();
      assertThat(((Number) last.get("contracts_grace")).longValue()).isPositive();
      assertThat(Sql.queryLong(c, "SELECT COUNT(*) FROM stats", -1)).isGreaterThan(5);
    }
  }

  @Test
  void nodesEqualTheContractViews() throws Exception {
    NodeRegistry view = actor(0).nodes();
    long count = view.nodeCount().send().longValueExact();
    assertThat(count).isEqualTo(2);
    for (long id = 1; id <= count; id++) {
      NodeRegistry.Node n = view.getNode(BigInteger.valueOf(id)).send();
      JsonNode a = get("/api/nodes/" + id).body();
      assertThat(a.get("farmId").asLong()).isEqualTo(n.farmId.longValueExact());
      assertThat(a.get("twinId").asLong()).isEqualTo(n.twinId.longValueExact());
      assertThat(a.get("account").asText()).isEqualToIgnoringCase(n.account);
      assertThat(a.get("approved").asBoolean()).isEqualTo(n.approved);
      assertThat(a.get("banned").asBoolean()).isEqualTo(n.banned);
      assertThat(a.get("power").asText()).isEqualTo(n.power.signum() == 0 ? "up" : "down");
      assertResources(a.get("total"), n.total);
      assertResources(a.get("used"), n.used);
      assertThat(a.get("free").get("cru").asLong())
          .isEqualTo(n.total.cru.subtract(n.used.cru).longValueExact());
      assertThat(a.get("x25519Key").asText()).isEqualTo(Hex.encode(n.x25519Key));
      assertThat(a.get("registeredAt").asLong()).isEqualTo(n.registeredAt.longValueExact());
      assertThat(a.get("lastUptimeReport").asLong()).isEqualTo(n.lastUptimeReport.longValueExact());
      assertThat(a.get("cumulativeDowntime").asLong())
          .isEqualTo(n.cumulativeDowntime.longValueExact());
      assertThat(a.get("rentContractId").asLong()).isEqualTo(n.rentContractId.longValueExact());
      assertThat(a.get("activeContracts").asLong()).isEqualTo(n.activeContracts.longValueExact());
      assertThat(a.get("location").get("country").asText()).isEqualTo(stored(n.location.country));
      assertThat(a.get("location").get("city").asText()).isEqualTo(stored(n.location.city));
      assertThat(a.get("location").get("latitudeE6").asLong())
          .isEqualTo(n.location.latitudeE6.longValueExact());
      assertThat(a.get("serial").asText()).isEqualTo(stored(n.serial));
      NodeRegistry.NodeStatus s = view.nodeStatus(BigInteger.valueOf(id)).send();
      assertThat(a.get("status").asText()).isEqualTo(s.online ? "up" : "down");
    }
  }

  @Test
  void farmsAndTwinsEqualTheContractViews() throws Exception {
    Actor any = actor(0);
    FarmRegistry.Farm f = any.farms().getFarm(BigInteger.ONE).send();
    JsonNode a = get("/api/farms/1").body();
    assertThat(a.get("name").asText()).isEqualTo(f.name);
    assertThat(a.get("twinId").asLong()).isEqualTo(f.twinId.longValueExact());
    assertThat(a.get("pricingPolicyId").asLong()).isEqualTo(f.pricingPolicyId.longValueExact());
    assertThat(a.get("payout").asText()).isEqualToIgnoringCase(f.payout);
    assertThat(a.get("certified").asBoolean()).isEqualTo(f.certified);
    List<?> ips = any.farms().getPublicIps(BigInteger.ONE, BigInteger.ZERO, BigInteger.TEN).send();
    assertThat(a.get("publicIps")).hasSize(ips.size());
    for (int i = 0; i < ips.size(); i++) {
      FarmRegistry.PublicIp ip = (FarmRegistry.PublicIp) ips.get(i);
      JsonNode got = a.get("publicIps").get(i);
      assertThat(got.get("ip").asText())
          .isEqualTo(java.net.InetAddress.getByAddress(ip.ip).getHostAddress());
      assertThat(got.get("contractId").asLong()).isEqualTo(ip.contractId.longValueExact());
      assertThat(got.get("exists").asBoolean()).isEqualTo(ip.exists);
    }
    assertThat(get("/api/farms").body().get("items")).hasSize(1);
    long twins = any.twins().twinCount().send().longValueExact();
    for (long id = 1; id <= twins; id++) {
      TwinRegistry.Twin t = any.twins().getTwin(BigInteger.valueOf(id)).send();
      JsonNode got = get("/api/twins/" + id).body();
      assertThat(got.get("account").asText()).isEqualToIgnoringCase(t.account);
      assertThat(got.get("createdAt").asLong()).isEqualTo(t.createdAt.longValueExact());
      assertThat(got.get("x25519Key").asText()).isEqualTo(Hex.encode(t.x25519Key));
      assertThat(got.get("relay").asText()).isEqualTo(stored(t.relay));
    }
  }

  @Test
  void contractsEqualTheContractViews() throws Exception {
    Reservations view = actor(0).reservations();
    long count = view.contractCount().send().longValueExact();
    assertThat(count).isEqualTo(6);
    String[] states = {"none", "created", "grace", "deleted"};
    String[] kinds = {"node", "rent", "name"};
    for (long id = 1; id <= count; id++) {
      Reservations.Contract k = view.getContract(BigInteger.valueOf(id)).send();
      JsonNode a = get("/api/contracts/" + id).body();
      assertThat(a.get("kind").asText()).isEqualTo(kinds[k.kind.intValueExact()]);
      assertThat(a.get("state").asText()).isEqualTo(states[k.state.intValueExact()]);
      assertThat(a.get("twinId").asLong()).isEqualTo(k.twinId.longValueExact());
      assertThat(a.get("nodeId").asLong()).isEqualTo(k.nodeId.longValueExact());
      assertThat(a.get("farmId").asLong()).isEqualTo(k.farmId.longValueExact());
      assertThat(a.get("owner").asText()).isEqualToIgnoringCase(k.owner);
      assertThat(a.get("billing").asBoolean()).isEqualTo(k.billing);
      assertThat(a.get("publicIpCount").asLong()).isEqualTo(k.publicIpCount.longValueExact());
      assertThat(new BigInteger(a.get("escrow").asText())).isEqualTo(k.escrow);
      assertThat(new BigInteger(a.get("ratePerHour").asText())).isEqualTo(k.ratePerHour);
      assertThat(a.get("createdAt").asLong()).isEqualTo(k.createdAt.longValueExact());
      assertThat(a.get("lastSettledAt").asLong()).isEqualTo(k.lastSettledAt.longValueExact());
      assertThat(a.get("graceStartedAt").asLong()).isEqualTo(k.graceStartedAt.longValueExact());
      assertThat(a.get("deploymentHash").asText()).isEqualTo(Hex.encode(k.deploymentHash));
      assertThat(a.get("resources").get("cru").asLong())
          .isEqualTo(k.resources.cru.longValueExact());
      assertThat(a.get("resources").get("mru").asLong())
          .isEqualTo(k.resources.mru.longValueExact());
      assertThat(a.get("resources").get("sru").asLong())
          .isEqualTo(k.resources.sru.longValueExact());
      assertThat(a.get("resources").get("hru").asLong())
          .isEqualTo(k.resources.hru.longValueExact());
      assertThat(a.get("history").size()).isGreaterThan(0);
    }
    // ContractFailed: the flag follows the node's latest report, the time stays.
    JsonNode failedThenBack = get("/api/contracts/1").body();
    JsonNode refused = get("/api/contracts/3").body();
    assertThat(failedThenBack.get("failed").asBoolean()).isFalse();
    assertThat(failedThenBack.get("billing").asBoolean()).isTrue();
    assertThat(refused.get("failed").asBoolean()).isTrue();
    assertThat(refused.get("billing").asBoolean()).isFalse();
    for (JsonNode failed : List.of(failedThenBack, refused)) {
      List<String> events = new java.util.ArrayList<>();
      long failedAt = 0;
      for (JsonNode h : failed.get("history")) {
        events.add(h.get("event").asText());
        if (h.get("event").asText().equals("ContractFailed")) {
          failedAt = h.get("timestamp").asLong();
        }
      }
      assertThat(events).contains("ContractFailed");
      assertThat(failed.get("lastFailedAt").asLong()).isPositive().isEqualTo(failedAt);
    }
    assertThat(get("/api/contracts/2").body().get("failed").asBoolean()).isFalse();
    assertThat(get("/api/contracts/2").body().get("lastFailedAt").asLong()).isZero();
    List<String> history1 = new java.util.ArrayList<>();
    failedThenBack.get("history").forEach(h -> history1.add(h.get("event").asText()));
    assertThat(history1)
        .containsSubsequence(
            "ContractFulfilled",
            "ContractSettled",
            "ContractFailed",
            "ContractFulfilled",
            "ContractSettled");
    assertThat(get("/api/contracts?twin=3&state=created").body().get("items")).hasSize(4);
    assertThat(ids("/api/contracts?state=grace")).containsExactly(6L);
    List<String> history = new java.util.ArrayList<>();
    get("/api/contracts/5")
        .body()
        .get("history")
        .forEach(h -> history.add(h.get("event").asText()));
    assertThat(history)
        .containsSubsequence(
            "NameContractCreated", "GracePeriodStarted", "ContractToppedUp", "GracePeriodEnded");
    assertThat(get("/api/contracts?node=2").body().get("items")).hasSize(2);
    assertThat(get("/api/contracts?kind=rent").body().get("items").get(0).get("id").asLong())
        .isEqualTo(4);
    assertThat(get("/api/contracts?state=deleted").body().get("items").get(0).get("id").asLong())
        .isEqualTo(3);
  }

  @Test
  void nodePricesEqualThePricingQuoteAndFilter() throws Exception {
    Actor any = actor(0);
    long count = any.nodes().nodeCount().send().longValueExact();
    java.util.Map<Long, BigInteger> quotes = new java.util.TreeMap<>();
    for (long id = 1; id <= count; id++) {
      NodeRegistry.Node n = any.nodes().getNode(BigInteger.valueOf(id)).send();
      BigInteger policy = any.farms().getFarm(n.farmId).send().pricingPolicyId;
      assertThat(policy).isEqualTo(BigInteger.TWO);
      BigInteger quote =
          any.pricing()
              .quoteRentContract(
                  policy,
                  new PricingPolicy.Resources(n.total.cru, n.total.mru, n.total.sru, n.total.hru))
              .send();
      assertThat(quote.signum()).isPositive();
      assertThat(new BigInteger(get("/api/nodes/" + id).body().get("pricePerHour").asText()))
          .as("price of node %d", id)
          .isEqualTo(quote);
      quotes.put(id, quote);
    }
    // max_price is "at most": each node's own quote includes it, one wei less excludes it.
    for (var q : quotes.entrySet()) {
      List<Long> expected =
          quotes.entrySet().stream()
              .filter(o -> o.getValue().compareTo(q.getValue()) <= 0)
              .map(Map.Entry::getKey)
              .toList();
      assertThat(ids("/api/nodes?max_price=" + q.getValue())).isEqualTo(expected);
      assertThat(ids("/api/nodes?max_price=" + q.getValue().subtract(BigInteger.ONE)))
          .doesNotContain(q.getKey());
    }
    assertThat(ids("/api/nodes?max_price=0")).isEmpty();
    assertThat(ids("/api/nodes?max_price=999999999999999999")).hasSize(quotes.size());
    // sort=price orders by the contract's quotes (ties by id), in both directions, in one page
    // and in cursor pages of one node; combined with max_price it keeps that order
    List<Long> ascending =
        quotes.entrySet().stream()
            .sorted(
                Map.Entry.<Long, BigInteger>comparingByValue()
                    .thenComparing(Map.Entry.comparingByKey()))
            .map(Map.Entry::getKey)
            .toList();
    assertThat(ascending).hasSize(2);
    assertThat(quotes.get(ascending.get(0))).isLessThan(quotes.get(ascending.get(1)));
    assertThat(ids("/api/nodes?sort=price")).isEqualTo(ascending);
    assertThat(ids("/api/nodes?sort=price&order=desc")).isEqualTo(ascending.reversed());
    assertThat(walk("/api/nodes?sort=price&limit=1")).isEqualTo(ascending);
    assertThat(walk("/api/nodes?sort=price&order=desc&limit=1")).isEqualTo(ascending.reversed());
    assertThat(ids("/api/nodes?sort=price&order=desc&max_price=" + quotes.get(ascending.get(0))))
        .containsExactly(ascending.get(0));
  }

  /** Every id of {@code path}'s pages, following {@code next_cursor} to the end. */
  private List<Long> walk(String path) throws Exception {
    List<Long> out = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < 1000; page++) {
      Response r = get(cursor == null ? path : path + "&cursor=" + cursor);
      assertThat(r.status()).as(path + " " + r.body()).isEqualTo(200);
      r.body().get("items").forEach(n -> out.add(n.get("id").asLong()));
      if (r.body().get("next_cursor").isNull()) {
        return out;
      }
      cursor = r.body().get("next_cursor").asText();
    }
    throw new AssertionError(path + ": more than 1000 pages");
  }

  @Test
  void validatorsEqualTheStakingViews() throws Exception {
    Staking view = actor(0).staking();
    List<?> listed = view.listedCandidates().send();
    JsonNode got = get("/api/validators").body().get("candidates");
    assertThat(got).hasSize(listed.size()).hasSize(1);
    Staking.Candidate c = view.getCandidate(BigInteger.ONE).send();
    JsonNode a = got.get(0);
    assertThat(a.get("id").asLong()).isEqualTo(1);
    assertThat(a.get("operator").asText()).isEqualToIgnoringCase(c.operator);
    assertThat(a.get("signer").asText()).isEqualToIgnoringCase(c.signer);
    assertThat(a.get("commissionBps").asLong()).isEqualTo(c.commissionBps.longValueExact());
    assertThat(a.get("jailed").asBoolean()).isEqualTo(c.jailed);
    assertThat(a.get("listed").asBoolean()).isEqualTo(c.listed);
    assertThat(new BigInteger(a.get("bondedStake").asText())).isEqualTo(c.bondedStake);
  }

  @Test
  void nodeFiltersSortingAndCursorPages() throws Exception {
    assertThat(ids("/api/nodes?country=EG")).containsExactly(2L);
    assertThat(ids("/api/nodes?free_hru=1")).containsExactly(2L);
    assertThat(ids("/api/nodes?free_cru=10")).containsExactly(1L);
    assertThat(ids("/api/nodes?sort=free_cru&order=desc")).containsExactly(1L, 2L);
    assertThat(ids("/api/nodes?has_public_ips=true")).containsExactly(1L, 2L);
    // Node 1 holds a live contract; node 2's node contract was cancelled, then node 2 was rented
    // (the views say so too).
    NodeRegistry view = actor(0).nodes();
    assertThat(view.nodeStatus(BigInteger.ONE).send().activeContracts.longValueExact())
        .isEqualTo(1);
    assertThat(view.nodeStatus(BigInteger.TWO).send().activeContracts.longValueExact()).isZero();
    assertThat(view.nodeStatus(BigInteger.TWO).send().rentContractId.longValueExact()).isEqualTo(4);
    assertThat(ids("/api/nodes?rentable=true")).isEmpty();
    assertThat(ids("/api/nodes?rentable=false")).containsExactly(1L, 2L);
    assertThat(ids("/api/nodes?rented=true")).containsExactly(2L);
    assertThat(ids("/api/nodes?rented=false")).containsExactly(1L);
    assertThat(get("/api/nodes/2").body().get("rentedByTwin").asLong()).isEqualTo(3);
    assertThat(ids("/api/nodes?status=up")).containsExactly(1L, 2L);
    JsonNode first = get("/api/nodes?limit=1").body();
    assertThat(first.get("items").get(0).get("id").asLong()).isEqualTo(1);
    String cursor = first.get("next_cursor").asText();
    JsonNode second = get("/api/nodes?limit=1&cursor=" + cursor).body();
    assertThat(second.get("items").get(0).get("id").asLong()).isEqualTo(2);
    assertThat(second.get("next_cursor").isNull()).isTrue();
    JsonNode stats = get("/api/stats").body();
    assertThat(stats.get("current").get("nodes").asLong()).isEqualTo(2);
    assertThat(stats.get("current").get("countries").asLong()).isEqualTo(2);
    assertThat(stats.get("current").get("contractsDeleted").asLong()).isEqualTo(1);
    assertThat(get("/api/blocks?limit=2").body().get("items")).hasSize(2);
    assertThat(get("/api/openapi.json").body().get("openapi").asText()).startsWith("3.");
  }

  /**
   * A new database (of this run's kind) that starts at the head is seeded from the contracts' views
   * instead of the events (StateSeeder): every node, farm, twin, contract, candidate and the
   * statistics answer as in the database indexed from block 0, except what no view keeps (contract
   * history, a deleted contract's refund).
   */
  @Test
  void aDatabaseSeededAtTheHeadAnswersAsTheIndexedOne() throws Exception {
    long head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    awaitIndexed(head);
    Database seededDb = TestDatabases.fresh(WORK);
    seededDb.migrate();
    try (Explorer seeded =
        Explorer.start(URI.create(dev.rpcUrl()), null, seededDb, "127.0.0.1", 0, head, 200)) {
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (true) {
        try (Connection c = seededDb.connect()) {
          if (seeded.indexer().lastIndexed(c) >= head) {
            break;
          }
        }
        assertThat(System.nanoTime())
            .as("seeded explorer reaches block " + head)
            .isLessThan(deadline);
        Thread.sleep(100);
      }
      try (Connection c = seededDb.connect()) {
        assertThat(Sql.queryLong(c, "SELECT COUNT(*) FROM events", -1)).isZero();
        assertThat(Sql.queryLong(c, "SELECT MIN(number) FROM blocks", -1)).isEqualTo(head);
      }
      List<String> paths = new java.util.ArrayList<>();
      long nodes = actor(0).nodes().nodeCount().send().longValueExact();
      for (long id = 1; id <= nodes; id++) {
        paths.add("/api/nodes/" + id);
      }
      long twins = actor(0).twins().twinCount().send().longValueExact();
      for (long id = 1; id <= twins; id++) {
        paths.add("/api/twins/" + id);
      }
      long contracts = actor(0).reservations().contractCount().send().longValueExact();
      for (long id = 1; id <= contracts; id++) {
        paths.add("/api/contracts/" + id);
      }
      paths.addAll(
          List.of(
              "/api/farms/1",
              "/api/farms",
              "/api/nodes?status=up",
              "/api/nodes?rented=true",
              "/api/nodes?rentable=false&sort=free_cru&order=desc",
              "/api/nodes?has_public_ips=true",
              "/api/contracts?state=grace",
              "/api/contracts?kind=name"));
      for (String path : paths) {
        JsonNode indexed = withoutUnviewable(get(path).body());
        Response r = getFrom(seeded.port(), path);
        assertThat(r.status()).as(path).isEqualTo(200);
        assertThat(withoutUnviewable(r.body())).as(path).isEqualTo(indexed);
      }
      // node2's twin (4) was created with a NUL in its relay: seeded as the indexer stored it
      assertThat(getFrom(seeded.port(), "/api/twins/4").body().get("relay").asText())
          .startsWith("relay/\uFFFD0x");
      assertThat(getFrom(seeded.port(), "/api/validators").body().get("candidates"))
          .isEqualTo(get("/api/validators").body().get("candidates"));
      JsonNode stats = getFrom(seeded.port(), "/api/stats").body().get("current");
      JsonNode indexedStats = get("/api/stats").body().get("current");
      for (String field :
          List.of("twins", "farms", "nodes", "countries", "contractsCreated", "contractsGrace")) {
        assertThat(stats.get(field)).as(field).isEqualTo(indexedStats.get(field));
      }
    }
  }

  /**
   * Drops what only events carry: contract history, the refund of a deleted contract, and a
   * contract's failed flag and the time of its last ContractFailed (Reservations keeps no failure
   * in its storage, it only emits the event).
   */
  /** A contract string as the explorer answers it: PostgreSQL text holds no NUL (Sql.bind). */
  private static String stored(String contractText) {
    assertThat(contractText).doesNotContain("\uFFFD");
    return contractText.replace('\0', '\uFFFD');
  }

  private static JsonNode withoutUnviewable(JsonNode n) {
    JsonNode copy = n.deepCopy();
    copy.findParents("lastFailedAt")
        .forEach(p -> ((com.fasterxml.jackson.databind.node.ObjectNode) p).remove("lastFailedAt"));
    copy.findParents("failed")
        .forEach(p -> ((com.fasterxml.jackson.databind.node.ObjectNode) p).remove("failed"));
    copy.findParents("history")
        .forEach(p -> ((com.fasterxml.jackson.databind.node.ObjectNode) p).remove("history"));
    copy.findParents("refund")
        .forEach(p -> ((com.fasterxml.jackson.databind.node.ObjectNode) p).remove("refund"));
    return copy;
  }

  private Response getFrom(int port, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + encode(path))).build(),
            HttpResponse.BodyHandlers.ofString());
    return new Response(r.statusCode(), json.readTree(r.body()));
  }

  @Test
  void badInputGetsClear400s() throws Exception {
    for (String bad :
        List.of(
            "/api/nodes?free_cru=-1",
            "/api/nodes?free_cru=abc",
            "/api/nodes?limit=100000",
            "/api/nodes?limit=0",
            "/api/nodes?sort=id;DROP TABLE nodes",
            "/api/nodes?status=sideways",
            "/api/nodes?rentable=yes",
            "/api/nodes?cursor=%27%20OR%201=1--",
            "/api/nodes?bogus=1",
            "/api/nodes?farm=1&farm=2",
            "/api/nodes/1%20OR%201=1",
            "/api/contracts?state=1",
            "/api/farms?limit=501",
            "/api/nodes?max_price=1000000000000000000",
            "/api/nodes?max_price=-5",
            "/api/nodes?max_price=1e9",
            "/api/nodes?sort=price_desc",
            // a price cursor of 80 digits, and one with a sign
            "/api/nodes?sort=price&cursor="
                + java.util.Base64.getUrlEncoder()
                    .encodeToString(("1".repeat(80) + ":1").getBytes(StandardCharsets.US_ASCII)),
            "/api/nodes?sort=price&cursor="
                + java.util.Base64.getUrlEncoder()
                    .encodeToString("-5:1".getBytes(StandardCharsets.US_ASCII)))) {
      Response r = get(bad);
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(r.body().get("error").asText()).as(bad).isNotBlank();
    }
    // Injection text in a free-text filter is a value: no match, and the table is intact.
    Response injected =
        get("/api/nodes?country=" + URLEncoder.encode("BE' OR '1'='1", StandardCharsets.UTF_8));
    assertThat(injected.status()).isEqualTo(200);
    assertThat(injected.body().get("items")).isEmpty();
    assertThat(ids("/api/nodes")).containsExactly(1L, 2L);
    assertThat(get("/api/nodes/999").status()).isEqualTo(404);
  }

  /**
   * A real browser (Debian chromium driven by Selenium through the system chromedriver): load the
   * page, filter, open a node, then see a node registered after the page loaded appear by itself.
   * Runs last: it adds node 3 to the chain.
   */
  @Test
  @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
  void browserFiltersOpensANodeAndSeesALiveUpdate() throws Exception {
    Path shots = Path.of("target", "screenshots");
    Files.createDirectories(shots);
    try (Browser browser = Browser.start(WORK.resolve("chromium-profile-" + System.nanoTime()))) {
      var driver = browser.driver();
      driver.get("http://127.0.0.1:" + explorer.port() + "/");
      browser.await(() -> browser.rows("#node-table tbody tr").size() == 2, "two node rows");
      browser.await(() -> browser.rows("#country-table tbody tr").size() == 2, "two countries");
      browser.await(() -> browser.rows("#stat-list div").size() > 0, "statistics");
      browser.screenshot(shots.resolve("explorer-home.png"));

      var country = driver.findElement(org.openqa.selenium.By.name("country"));
      country.sendKeys("EG");
      driver.findElement(org.openqa.selenium.By.id("apply-filters")).click();
      browser.await(
          () -> {
            var rows = browser.rows("#node-table tbody tr");
            return rows.size() == 1 && "2".equals(rows.get(0).getAttribute("data-node-id"));
          },
          "only node 2 after filtering on EG");

      driver.findElement(org.openqa.selenium.By.linkText("Node 2")).click();
      browser.await(
          () ->
              driver.findElement(org.openqa.selenium.By.id("detail-h")).getText().equals("Node 2")
                  && driver
                      .findElement(org.openqa.selenium.By.id("detail-body"))
                      .getText()
                      .contains("Cairo"),
          "the detail of node 2");
      browser.screenshot(shots.resolve("explorer-node.png"));

      country.clear();
      driver.findElement(org.openqa.selenium.By.id("apply-filters")).click();
      browser.await(() -> browser.rows("#node-table tbody tr").size() == 2, "two rows again");
      Actor newcomer = actor(5);
      send(newcomer.twins().createTwin(Hash.sha3("n3".getBytes(StandardCharsets.UTF_8)), ""));
      send(
          newcomer
              .nodes()
              .registerNode(
                  BigInteger.ONE,
                  nodeResources(8, 16, 200, 0),
                  Hash.sha3("n3-key".getBytes(StandardCharsets.UTF_8)),
                  new NodeRegistry.Location(
                      "DE",
                      "Berlin",
                      BigInteger.valueOf(52_520_000),
                      BigInteger.valueOf(13_405_000)),
                  "serial-3"));
      browser.await(
          () ->
              browser.rows("#node-table tbody tr").stream()
                  .anyMatch(r -> "3".equals(r.getAttribute("data-node-id"))),
          "node 3 to appear without a reload");
      browser.await(() -> browser.rows("#country-table tbody tr").size() == 3, "three countries");
      browser.screenshot(shots.resolve("explorer-live.png"));
    }
  }

  // --- helpers

  private record Response(int status, JsonNode body) {}

  private Response get(String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + explorer.port() + encode(path)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Response(r.statusCode(), json.readTree(r.body()));
  }

  /** Percent-encodes the characters a URI may not hold that the bad-input cases use. */
  private static String encode(String path) {
    return path.replace(" ", "%20").replace("'", "%27");
  }

  private List<Long> ids(String path) throws Exception {
    Response r = get(path);
    assertThat(r.status()).as(path + " " + r.body()).isEqualTo(200);
    return java.util.stream.StreamSupport.stream(r.body().get("items").spliterator(), false)
        .map(n -> n.get("id").asLong())
        .toList();
  }

  private void awaitIndexed(long block) throws Exception {
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

  private static void assertResources(JsonNode got, NodeRegistry.Resources want) {
    assertThat(got.get("cru").asLong()).isEqualTo(want.cru.longValueExact());
    assertThat(got.get("mru").asLong()).isEqualTo(want.mru.longValueExact());
    assertThat(got.get("sru").asLong()).isEqualTo(want.sru.longValueExact());
    assertThat(got.get("hru").asLong()).isEqualTo(want.hru.longValueExact());
  }

  private Actor actor(int index) {
    Credentials cred =
        Credentials.create(Hex.encode(DevnetGenesis.accountKeys().get(index).toBytes()));
    var tm = new RawTransactionManager(web3j, cred, DevnetGenesis.CHAIN_ID);
    var gas =
        new StaticGasProvider(BigInteger.valueOf(2_000_000_000L), BigInteger.valueOf(3_000_000));
    return new Actor(
        cred.getAddress(),
        TwinRegistry.load(GridAbi.address(0), web3j, tm, gas),
        FarmRegistry.load(GridAbi.address(1), web3j, tm, gas),
        NodeRegistry.load(GridAbi.address(2), web3j, tm, gas),
        Reservations.load(GridAbi.address(4), web3j, tm, gas),
        Staking.load(GridAbi.address(5), web3j, tm, gas),
        PricingPolicy.load(GridAbi.address(3), web3j, tm, gas));
  }

  /** The dev account that governs PricingPolicy. */
  private Actor pricingOwner() throws Exception {
    String owner = actor(0).pricing().owner().send();
    for (int i = 0; i < DevnetGenesis.accountKeys().size(); i++) {
      Actor a = actor(i);
      if (a.address().equalsIgnoreCase(owner)) {
        return a;
      }
    }
    throw new AssertionError("PricingPolicy's owner " + owner + " is not a dev account");
  }

  /** {@code base} with CU and SU prices times {@code factor} and another dedicated discount. */
  private static PricingPolicy.Policy scaledPolicy(
      PricingPolicy.Policy base, long factor, long discountBps) {
    BigInteger f = BigInteger.valueOf(factor);
    return new PricingPolicy.Policy(
        "x" + factor,
        base.cuPricePerHour.multiply(f),
        base.suPricePerHour.multiply(f),
        base.ipuPricePerHour,
        base.nuPricePerGiB,
        base.namePricePerHour,
        BigInteger.valueOf(discountBps));
  }

  private static void send(
      org.web3j.protocol.core.RemoteFunctionCall<
              org.web3j.protocol.core.methods.response.TransactionReceipt>
          call)
      throws Exception {
    var receipt = call.send();
    assertThat(receipt.isStatusOK()).as("receipt %s", receipt).isTrue();
  }

  private static NodeRegistry.Resources nodeResources(
      long cru, long mruGib, long sruGib, long hruGib) {
    return new NodeRegistry.Resources(
        BigInteger.valueOf(cru),
        BigInteger.valueOf(mruGib).multiply(GIB),
        BigInteger.valueOf(sruGib).multiply(GIB),
        BigInteger.valueOf(hruGib).multiply(GIB));
  }

  private static Reservations.Resources res(long cru, long mruGib, long sruGib, long hruGib) {
    return new Reservations.Resources(
        BigInteger.valueOf(cru),
        BigInteger.valueOf(mruGib).multiply(GIB),
        BigInteger.valueOf(sruGib).multiply(GIB),
        BigInteger.valueOf(hruGib).multiply(GIB));
  }
}
