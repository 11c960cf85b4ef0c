package org.gridledger.explorer.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.gridledger.explorer.TestDatabases;
import org.gridledger.explorer.api.ApiServer;
import org.gridledger.explorer.store.Database;
import org.gridledger.explorer.store.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code /api/nodes?sort=price} on the database of this run (SQLite or PostgreSQL), over prices the
 * devnet cannot reach cheaply: many ties, prices far above the 10^18 cap of the filter column
 * (which would all tie there), and nodes whose farm's policy is unknown. The order is checked
 * against the {@code pricePerHour} of each answer (whose equality with the contract's quote {@code
 * ExplorerDevnetTest} checks), as numbers, not against the stored key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodePriceSortTest {
  private static final Path WORK = Path.of("target", "price-sort-tests");
  private static final int NODES = 61;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private ApiServer api;
  private int port;

  @BeforeAll
  void fill() throws Exception {
    Files.createDirectories(WORK);
    Database db = TestDatabases.fresh(WORK);
    db.migrate();
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      // farm 1: a cheap policy; farm 2: one whose prices are above 10^18 wei/hour; farm 3: a
      // policy the database does not know (its nodes have no price)
      for (long farm = 1; farm <= 3; farm++) {
        Sql.update(
            c,
            "INSERT INTO farms (id, twin_id, name, pricing_policy_id, payout, certified,"
                + " created_block) VALUES (?, ?, ?, ?, ?, ?, ?)",
            farm,
            farm,
            "farm" + farm,
            farm,
            "0x0",
            false,
            0);
      }
      for (int id = 1; id <= NODES; id++) {
        long farm = id % 3 + 1;
        // four sizes: every price occurs many times
        long cores = 8L << (id % 4);
        insertNode(c, id, farm, cores, cores << 32, cores << 36, 0);
      }
      BigInteger huge = BigInteger.TEN.pow(40);
      RentPrice.setPolicy(
          c,
          1,
          "cheap",
          BigInteger.valueOf(1000),
          BigInteger.valueOf(500),
          BigInteger.ONE,
          BigInteger.ONE,
          BigInteger.ONE,
          0);
      RentPrice.setPolicy(
          c, 2, "dear", huge, huge.add(BigInteger.ONE), BigInteger.ONE, BigInteger.ONE, huge, 25);
      RentPrice.refresh(c, "n.farm_id = ?", 3L);
      c.commit();
    }
    api = new ApiServer(db);
    port = api.start("127.0.0.1", 0);
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void walksEveryNodeInPriceOrderAtAnyPageSize() throws Exception {
    for (String order : List.of("asc", "desc")) {
      for (int limit : List.of(1, 7, 20, 500)) {
        List<JsonNode> items = walk("/api/nodes?sort=price&order=" + order + "&limit=" + limit);
        assertThat(items).as("%s, limit %d", order, limit).hasSize(NODES);
        Set<Long> ids = new HashSet<>();
        items.forEach(n -> ids.add(n.get("id").asLong()));
        assertThat(ids).as("no node twice").hasSize(NODES);
        Comparator<JsonNode> byPrice = Comparator.comparing(NodePriceSortTest::priceOrMax);
        Comparator<JsonNode> expected = byPrice.thenComparingLong(n -> n.get("id").asLong());
        if (order.equals("desc")) {
          expected = expected.reversed();
        }
        assertThat(items).as("%s, limit %d", order, limit).isSortedAccordingTo(expected);
      }
    }
    List<JsonNode> all = walk("/api/nodes?sort=price&limit=500");
    // nodes of farm 3 have no price and come last; prices above the filter's cap stay apart
    assertThat(all.getLast().get("pricePerHour").isNull()).isTrue();
    assertThat(all.stream().filter(n -> n.get("pricePerHour").isNull()).count()).isEqualTo(20);
    Set<BigInteger> aboveCap = new HashSet<>();
    for (JsonNode n : all) {
      if (!n.get("pricePerHour").isNull()
          && new BigInteger(n.get("pricePerHour").asText()).compareTo(BigInteger.TEN.pow(18))
              >= 0) {
        aboveCap.add(new BigInteger(n.get("pricePerHour").asText()));
      }
    }
    assertThat(aboveCap).as("distinct prices above 10^18").hasSize(4);
  }

  @Test
  void combinesWithFiltersAndKeepsTiesInIdOrder() throws Exception {
    List<JsonNode> cheap = walk("/api/nodes?sort=price&max_price=999999999999999999&limit=3");
    assertThat(cheap).hasSize(20).allMatch(n -> n.get("farmId").asLong() == 1);
    assertThat(cheap)
        .isSortedAccordingTo(
            Comparator.comparing(NodePriceSortTest::priceOrMax)
                .thenComparingLong(n -> n.get("id").asLong()));
    List<JsonNode> farm = walk("/api/nodes?sort=price&order=desc&farm=3&limit=4");
    List<Long> ids = new ArrayList<>();
    farm.forEach(n -> ids.add(n.get("id").asLong()));
    assertThat(ids).hasSize(20).isSortedAccordingTo(Comparator.reverseOrder());
  }

  /** A node's price as a number; no price sorts after every price. */
  private static BigInteger priceOrMax(JsonNode node) {
    JsonNode p = node.get("pricePerHour");
    return p.isNull() ? BigInteger.TWO.pow(256) : new BigInteger(p.asText());
  }

  private List<JsonNode> walk(String path) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page <= NODES; page++) {
      String url = "http://127.0.0.1:" + port + path + (cursor == null ? "" : "&cursor=" + cursor);
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(url + " " + r.body()).isEqualTo(200);
      JsonNode body = json.readTree(r.body());
      body.get("items").forEach(out::add);
      if (body.get("next_cursor").isNull()) {
        return out;
      }
      cursor = body.get("next_cursor").asText();
    }
    throw new AssertionError(path + ": more pages than nodes");
  }

  private static void insertNode(
      Connection c, long id, long farm, long cru, long mru, long sru, long hru) throws Exception {
    Sql.update(
        c,
        "INSERT INTO nodes (id, farm_id, twin_id, account, approved, banned, power, total_cru,"
            + " total_mru, total_sru, total_hru, used_cru, used_mru, used_sru, used_hru, free_cru,"
            + " free_mru, free_sru, free_hru, x25519_key, country, city, latitude_e6,"
            + " longitude_e6, serial, registered_at, last_uptime_report, uptime,"
            + " cumulative_downtime, rent_contract_id, rented_by_twin, active_contracts,"
            + " created_block, updated_block) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        id,
        farm,
        100 + id,
        "0x" + Long.toHexString(id),
        true,
        false,
        0,
        cru,
        mru,
        sru,
        hru,
        0,
        0,
        0,
        0,
        cru,
        mru,
        sru,
        hru,
        "0x00",
        "ZZ",
        "city",
        0,
        0,
        "s" + id,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0);
  }
}
