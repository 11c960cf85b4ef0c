package org.gridledger.explorer.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridledger.explorer.indexer.RentPrice;
import org.gridledger.explorer.store.Dialect;
import org.gridledger.explorer.store.Sql;

/** The API's reads: parameterised SQL over the indexed tables, answers as JSON. */
final class GridQueries {
  static final Set<String> NODE_PARAMS =
      Set.of(
          "free_cru",
          "free_mru",
          "free_sru",
          "free_hru",
          "farm",
          "country",
          "status",
          "rentable",
          "rented",
          "has_public_ips",
          "max_price",
          "sort",
          "order",
          "limit",
          "cursor");

  /** Sort keys: API name → column (a fixed whitelist; user text never reaches the SQL). */
  private static final Map<String, String> NODE_SORT =
      Map.of(
          "id", "id",
          "free_cru", "free_cru",
          "free_mru", "free_mru",
          "free_sru", "free_sru",
          "free_hru", "free_hru",
          "farm", "farm_id",
          // the price as a fixed-width digit key: exact order at any price (RentPrice.sortKey)
          "price", "rent_price_key");

  private static final String[] STATES = {"none", "created", "grace", "deleted"};
  private static final String[] KINDS = {"node", "rent", "name"};

  private GridQueries() {}

  /** Timestamp of the last indexed block: "now" for node status. */
  static long now(Connection c) throws SQLException {
    return Sql.queryLong(
        c, "SELECT b.timestamp FROM blocks b JOIN indexer_state s ON b.number = s.last_block", 0);
  }

  static long uptimeInterval(Connection c) throws SQLException {
    String v = Sql.queryString(c, "SELECT val FROM chain_params WHERE name = 'uptime_interval'");
    return v == null ? 0 : Long.parseLong(v);
  }

  static JsonObject nodes(Connection c, Params p) throws SQLException {
    List<String> where = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    for (String r : List.of("cru", "mru", "sru", "hru")) {
      Long min = p.unsigned("free_" + r);
      if (min != null) {
        where.add("free_" + r + " >= ?");
        args.add(min);
      }
    }
    Long farm = p.unsigned("farm");
    if (farm != null) {
      where.add("farm_id = ?");
      args.add(farm);
    }
    String country = p.text("country");
    if (country != null) {
      where.add("country = ?");
      args.add(country);
    }
    long now = now(c);
    long interval = uptimeInterval(c);
    long onlineSince = now - interval;
    String status = p.choice("status", Set.of("up", "down"), null);
    if (status != null) {
      where.add(status.equals("up") ? "last_uptime_report >= ?" : "last_uptime_report < ?");
      args.add(onlineSince);
    }
    Boolean rentable = p.bool("rentable");
    if (rentable != null) {
      String cond =
          "(approved = ? AND banned = ? AND power = 0 AND last_uptime_report >= ?"
              + " AND rent_contract_id = 0 AND active_contracts = 0)";
      where.add(rentable ? cond : "NOT " + cond);
      args.add(true);
      args.add(false);
      args.add(onlineSince);
    }
    Boolean rented = p.bool("rented");
    if (rented != null) {
      where.add(rented ? "rent_contract_id <> 0" : "rent_contract_id = 0");
    }
    Boolean hasIps = p.bool("has_public_ips");
    if (hasIps != null) {
      where.add(
          (hasIps ? "" : "NOT ")
              + "EXISTS (SELECT 1 FROM public_ips ip WHERE ip.farm_id = nodes.farm_id"
              + " AND ip.contract_id = 0 AND ip.removed = ?)");
      args.add(false);
    }
    Long maxPrice = p.unsigned("max_price");
    if (maxPrice != null) {
      // at most 18 digits, so below RentPrice.CAP: comparing the capped column is exact
      where.add("rent_price_capped <= ?");
      args.add(maxPrice);
    }
    String sortKey = p.choice("sort", NODE_SORT.keySet(), "id");
    String column = NODE_SORT.get(sortKey);
    boolean desc = p.choice("order", Set.of("asc", "desc"), "asc").equals("desc");
    boolean byPrice = sortKey.equals("price");
    Object[] cursor;
    if (byPrice) {
      cursor = p.keyCursor(RentPrice.KEY_DIGITS);
    } else {
      long[] numeric = p.cursor();
      cursor = numeric == null ? null : new Object[] {numeric[0], numeric[1]};
    }
    if (cursor != null) {
      // keyset pagination on (key, id): ties of the key are walked in id order, so no row is
      // skipped or repeated however many nodes share a value
      String op = desc ? "<" : ">";
      where.add("(" + column + " " + op + " ? OR (" + column + " = ? AND id " + op + " ?))");
      args.add(cursor[0]);
      args.add(cursor[0]);
      args.add(cursor[1]);
    }
    int limit = p.limit();
    String dir = desc ? " DESC" : " ASC";
    String sql =
        "SELECT * FROM nodes"
            + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
            + " ORDER BY "
            + column
            + dir
            // "ORDER BY id, id" would make SQLite sort the rows it reads in id order again
            + (column.equals("id") ? "" : ", id" + dir)
            + " LIMIT ?";
    args.add(limit + 1);
    List<Map<String, Object>> rows = Sql.query(c, sql, args.toArray());
    JsonArray items = new JsonArray();
    List<Map<String, Object>> shown = rows.subList(0, Math.min(limit, rows.size()));
    // a page holds many nodes of few farms: their free IPs are counted in one query
    Map<Long, Long> freeIps = freePublicIps(c, shown);
    for (Map<String, Object> row : shown) {
      items.add(node(c, row, now, interval, freeIps));
    }
    JsonObject page = new JsonObject().put("items", items);
    if (rows.size() > limit) {
      Map<String, Object> last = rows.get(limit - 1);
      page.put(
          "next_cursor",
          byPrice
              ? Params.cursor((String) last.get(column), asLong(last.get("id")))
              : Params.cursor(asLong(last.get(column)), asLong(last.get("id"))));
    } else {
      page.putNull("next_cursor");
    }
    return page;
  }

  static JsonObject node(Connection c, long id) throws SQLException {
    List<Map<String, Object>> rows = Sql.query(c, "SELECT * FROM nodes WHERE id = ?", id);
    if (rows.isEmpty()) {
      return null;
    }
    JsonObject node = node(c, rows.get(0), now(c), uptimeInterval(c), new java.util.HashMap<>());
    JsonArray contracts = new JsonArray();
    for (Map<String, Object> r :
        Sql.query(c, "SELECT * FROM contracts WHERE node_id = ? AND kind <> 2 ORDER BY id", id)) {
      contracts.add(contract(r));
    }
    return node.put("contracts", contracts);
  }

  private static JsonObject node(
      Connection c, Map<String, Object> r, long now, long interval, Map<Long, Long> freeIps)
      throws SQLException {
    long lastReport = asLong(r.get("last_uptime_report"));
    long farm = asLong(r.get("farm_id"));
    return new JsonObject()
        .put("id", asLong(r.get("id")))
        .put("farmId", farm)
        .put("twinId", asLong(r.get("twin_id")))
        .put("account", r.get("account"))
        .put("approved", asBool(r.get("approved")))
        .put("banned", asBool(r.get("banned")))
        .put("power", asLong(r.get("power")) == 0 ? "up" : "down")
        .put("status", lastReport + interval >= now ? "up" : "down")
        .put("total", resources(r, "total_"))
        .put("used", resources(r, "used_"))
        .put("free", resources(r, "free_"))
        .put(
            "location",
            new JsonObject()
                .put("country", r.get("country"))
                .put("city", r.get("city"))
                .put("latitudeE6", asLong(r.get("latitude_e6")))
                .put("longitudeE6", asLong(r.get("longitude_e6"))))
        .put("serial", r.get("serial"))
        .put("x25519Key", r.get("x25519_key"))
        .put("registeredAt", asLong(r.get("registered_at")))
        .put("lastUptimeReport", lastReport)
        .put("cumulativeDowntime", asLong(r.get("cumulative_downtime")))
        .put("rentContractId", asLong(r.get("rent_contract_id")))
        .put("rentedByTwin", asLong(r.get("rented_by_twin")))
        .put("activeContracts", asLong(r.get("active_contracts")))
        .put("pricePerHour", r.get("rent_price"))
        .put("freePublicIps", freePublicIps(c, farm, freeIps));
  }

  /**
   * Free public IPs of the farms of {@code nodes}, one query for all of them (a page of 500 nodes
   * spans up to 100 farms on the benchmark's grid: one query each cost more than the page).
   */
  private static Map<Long, Long> freePublicIps(Connection c, List<Map<String, Object>> nodes)
      throws SQLException {
    java.util.LinkedHashSet<Long> farms = new java.util.LinkedHashSet<>();
    for (Map<String, Object> n : nodes) {
      farms.add(asLong(n.get("farm_id")));
    }
    Map<Long, Long> free = new java.util.HashMap<>();
    if (farms.isEmpty()) {
      return free;
    }
    List<Object> args = new ArrayList<>(farms);
    args.add(false);
    for (Map<String, Object> r :
        Sql.query(
            c,
            "SELECT farm_id, COUNT(*) AS free FROM public_ips WHERE farm_id IN ("
                + String.join(", ", java.util.Collections.nCopies(farms.size(), "?"))
                + ") AND contract_id = 0 AND removed = ? GROUP BY farm_id",
            args.toArray())) {
      free.put(asLong(r.get("farm_id")), asLong(r.get("free")));
    }
    for (Long farm : farms) {
      free.putIfAbsent(farm, 0L);
    }
    return free;
  }

  /** Free public IPs of {@code farm}, from {@code known} when this request counted them already. */
  private static long freePublicIps(Connection c, long farm, Map<Long, Long> known)
      throws SQLException {
    Long count = known.get(farm);
    if (count == null) {
      count =
          Sql.queryLong(
              c,
              "SELECT COUNT(*) FROM public_ips WHERE farm_id = ? AND contract_id = 0"
                  + " AND removed = ?",
              0,
              farm,
              false);
      known.put(farm, count);
    }
    return count;
  }

  static JsonObject farms(Connection c, Params p) throws SQLException {
    List<Object> args = new ArrayList<>();
    String where = "";
    Long twin = p.unsigned("twin");
    if (twin != null) {
      where = " WHERE twin_id = ?";
      args.add(twin);
    }
    long[] cursor = p.cursor();
    if (cursor != null) {
      where += (where.isEmpty() ? " WHERE" : " AND") + " id > ?";
      args.add(cursor[1]);
    }
    int limit = p.limit();
    args.add(limit + 1);
    List<Map<String, Object>> rows =
        Sql.query(c, "SELECT * FROM farms" + where + " ORDER BY id LIMIT ?", args.toArray());
    JsonArray items = new JsonArray();
    for (Map<String, Object> r : rows.subList(0, Math.min(limit, rows.size()))) {
      items.add(farm(c, r));
    }
    return page(items, rows, limit);
  }

  static JsonObject farm(Connection c, long id) throws SQLException {
    List<Map<String, Object>> rows = Sql.query(c, "SELECT * FROM farms WHERE id = ?", id);
    if (rows.isEmpty()) {
      return null;
    }
    JsonArray nodes = new JsonArray();
    for (Map<String, Object> r :
        Sql.query(c, "SELECT id FROM nodes WHERE farm_id = ? ORDER BY id", id)) {
      nodes.add(asLong(r.get("id")));
    }
    return farm(c, rows.get(0)).put("nodeIds", nodes);
  }

  private static JsonObject farm(Connection c, Map<String, Object> r) throws SQLException {
    long id = asLong(r.get("id"));
    JsonArray ips = new JsonArray();
    for (Map<String, Object> ip :
        Sql.query(c, "SELECT * FROM public_ips WHERE farm_id = ? ORDER BY ip_id", id)) {
      ips.add(
          new JsonObject()
              .put("ipId", asLong(ip.get("ip_id")))
              .put("ip", ip.get("ip"))
              .put("prefixLength", asLong(ip.get("prefix_length")))
              .put("gateway", ip.get("gateway"))
              .put("exists", !asBool(ip.get("removed")))
              .put("contractId", asLong(ip.get("contract_id"))));
    }
    return new JsonObject()
        .put("id", id)
        .put("twinId", asLong(r.get("twin_id")))
        .put("name", r.get("name"))
        .put("pricingPolicyId", asLong(r.get("pricing_policy_id")))
        .put("payout", r.get("payout"))
        .put("certified", asBool(r.get("certified")))
        .put("publicIps", ips);
  }

  static JsonObject twin(Connection c, long id) throws SQLException {
    List<Map<String, Object>> rows = Sql.query(c, "SELECT * FROM twins WHERE id = ?", id);
    if (rows.isEmpty()) {
      return null;
    }
    Map<String, Object> r = rows.get(0);
    JsonArray contracts = new JsonArray();
    for (Map<String, Object> k :
        Sql.query(c, "SELECT id FROM contracts WHERE twin_id = ? ORDER BY id", id)) {
      contracts.add(asLong(k.get("id")));
    }
    JsonArray farms = new JsonArray();
    for (Map<String, Object> k :
        Sql.query(c, "SELECT id FROM farms WHERE twin_id = ? ORDER BY id", id)) {
      farms.add(asLong(k.get("id")));
    }
    return new JsonObject()
        .put("id", id)
        .put("account", r.get("account"))
        .put("x25519Key", r.get("x25519_key"))
        .put("relay", r.get("relay"))
        .put("createdAt", asLong(r.get("created_at")))
        .put("contractIds", contracts)
        .put("farmIds", farms);
  }

  static JsonObject contracts(Connection c, Params p) throws SQLException {
    List<String> where = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    Long twin = p.unsigned("twin");
    if (twin != null) {
      where.add("twin_id = ?");
      args.add(twin);
    }
    Long node = p.unsigned("node");
    if (node != null) {
      where.add("node_id = ?");
      args.add(node);
    }
    String state = p.choice("state", Set.of("created", "grace", "deleted"), null);
    if (state != null) {
      where.add("state = ?");
      args.add(List.of(STATES).indexOf(state));
    }
    String kind = p.choice("kind", Set.of(KINDS), null);
    if (kind != null) {
      where.add("kind = ?");
      args.add(List.of(KINDS).indexOf(kind));
    }
    long[] cursor = p.cursor();
    if (cursor != null) {
      where.add("id > ?");
      args.add(cursor[1]);
    }
    int limit = p.limit();
    args.add(limit + 1);
    List<Map<String, Object>> rows =
        Sql.query(
            c,
            "SELECT * FROM contracts"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY id LIMIT ?",
            args.toArray());
    JsonArray items = new JsonArray();
    for (Map<String, Object> r : rows.subList(0, Math.min(limit, rows.size()))) {
      items.add(contract(r));
    }
    return page(items, rows, limit);
  }

  static JsonObject contract(Connection c, long id) throws SQLException {
    List<Map<String, Object>> rows = Sql.query(c, "SELECT * FROM contracts WHERE id = ?", id);
    if (rows.isEmpty()) {
      return null;
    }
    JsonArray history = new JsonArray();
    for (Map<String, Object> e :
        Sql.query(
            c,
            "SELECT e.block_number, e.log_index, e.tx_hash, e.event_name, e.args, b.timestamp"
                + " FROM events e JOIN blocks b ON b.number = e.block_number"
                + " WHERE e.contract_id = ? AND e.contract_name = 'Reservations'"
                + " ORDER BY e.block_number, e.log_index",
            id)) {
      history.add(
          new JsonObject()
              .put("block", asLong(e.get("block_number")))
              .put("logIndex", asLong(e.get("log_index")))
              .put("timestamp", asLong(e.get("timestamp")))
              .put("txHash", e.get("tx_hash"))
              .put("event", e.get("event_name"))
              .put("args", new JsonObject((String) e.get("args"))));
    }
    return contract(rows.get(0)).put("history", history);
  }

  private static JsonObject contract(Map<String, Object> r) {
    return new JsonObject()
        .put("id", asLong(r.get("id")))
        .put("kind", KINDS[(int) asLong(r.get("kind"))])
        .put("state", STATES[(int) asLong(r.get("state"))])
        .put("twinId", asLong(r.get("twin_id")))
        .put("owner", r.get("owner"))
        .put("nodeId", asLong(r.get("node_id")))
        .put("farmId", asLong(r.get("farm_id")))
        .put("name", r.get("name"))
        .put(
            "resources",
            new JsonObject()
                .put("cru", asLong(r.get("cru")))
                .put("mru", asLong(r.get("mru")))
                .put("sru", asLong(r.get("sru")))
                .put("hru", asLong(r.get("hru"))))
        .put("deploymentHash", r.get("deployment_hash"))
        .put("publicIpCount", asLong(r.get("public_ip_count")))
        .put("ratePerHour", r.get("rate_per_hour"))
        .put("escrow", r.get("escrow"))
        .put("billing", asBool(r.get("billing")))
        .put("failed", asBool(r.get("failed")))
        .put("lastFailedAt", asLong(r.get("last_failed_at")))
        .put("createdAt", asLong(r.get("created_at")))
        .put("lastSettledAt", asLong(r.get("last_settled_at")))
        .put("graceStartedAt", asLong(r.get("grace_started_at")))
        .put("refund", r.get("refund"));
  }

  static JsonObject stats(Connection c) throws SQLException {
    JsonObject out = new JsonObject();
    List<Map<String, Object>> history =
        Sql.query(
            c,
            "SELECT * FROM (SELECT * FROM stats ORDER BY block_number DESC LIMIT 500) s"
                + " ORDER BY block_number");
    JsonArray series = new JsonArray();
    history.forEach(r -> series.add(statsRow(r)));
    out.put("current", history.isEmpty() ? null : statsRow(history.get(history.size() - 1)));
    out.put("history", series);
    JsonArray countries = new JsonArray();
    for (Map<String, Object> r :
        Sql.query(
            c,
            "SELECT country, COUNT(*) AS nodes, SUM(total_cru) AS cru FROM nodes"
                + " GROUP BY country ORDER BY nodes DESC, "
                + Dialect.of(c).byteOrder("country"))) {
      countries.add(
          new JsonObject()
              .put("country", r.get("country"))
              .put("nodes", asLong(r.get("nodes")))
              .put("cru", asLong(r.get("cru"))));
    }
    out.put("countries", countries);
    out.put("lastBlock", Sql.queryLong(c, "SELECT last_block FROM indexer_state", -1));
    return out;
  }

  private static JsonObject statsRow(Map<String, Object> r) {
    JsonObject o = new JsonObject();
    r.forEach((k, v) -> o.put(camel(k), asLong(v)));
    return o;
  }

  static JsonObject validators(Connection c) throws SQLException {
    JsonArray items = new JsonArray();
    for (Map<String, Object> r : Sql.query(c, "SELECT * FROM candidates ORDER BY id")) {
      items.add(
          new JsonObject()
              .put("id", asLong(r.get("id")))
              .put("operator", r.get("operator"))
              .put("signer", r.get("signer"))
              .put("commissionBps", asLong(r.get("commission_bps")))
              .put("jailed", asBool(r.get("jailed")))
              .put("listed", asBool(r.get("listed")))
              .put("bondedStake", r.get("bonded_stake")));
    }
    JsonArray sets = new JsonArray();
    for (Map<String, Object> r :
        Sql.query(c, "SELECT * FROM validator_sets ORDER BY epoch DESC, position LIMIT 100")) {
      sets.add(
          new JsonObject()
              .put("epoch", asLong(r.get("epoch")))
              .put("candidateId", asLong(r.get("candidate_id")))
              .put("signer", r.get("signer")));
    }
    return new JsonObject().put("candidates", items).put("validatorSets", sets);
  }

  static JsonObject blocks(Connection c, Params p) throws SQLException {
    List<Object> args = new ArrayList<>();
    String where = "";
    long[] cursor = p.cursor();
    if (cursor != null) {
      where = " WHERE number < ?";
      args.add(cursor[1]);
    }
    int limit = p.limit();
    args.add(limit + 1);
    List<Map<String, Object>> rows =
        Sql.query(
            c, "SELECT * FROM blocks" + where + " ORDER BY number DESC LIMIT ?", args.toArray());
    JsonArray items = new JsonArray();
    for (Map<String, Object> r : rows.subList(0, Math.min(limit, rows.size()))) {
      items.add(
          new JsonObject()
              .put("number", asLong(r.get("number")))
              .put("hash", r.get("hash"))
              .put("timestamp", asLong(r.get("timestamp")))
              .put("txCount", asLong(r.get("tx_count")))
              .put("gasUsed", asLong(r.get("gas_used")))
              .put("eventCount", asLong(r.get("event_count"))));
    }
    JsonObject out = new JsonObject().put("items", items);
    if (rows.size() > limit) {
      long last = asLong(rows.get(limit - 1).get("number"));
      out.put("next_cursor", Params.cursor(0, last));
    } else {
      out.putNull("next_cursor");
    }
    return out;
  }

  private static JsonObject page(JsonArray items, List<Map<String, Object>> rows, int limit) {
    JsonObject out = new JsonObject().put("items", items);
    if (rows.size() > limit) {
      out.put("next_cursor", Params.cursor(0, asLong(rows.get(limit - 1).get("id"))));
    } else {
      out.putNull("next_cursor");
    }
    return out;
  }

  private static JsonObject resources(Map<String, Object> r, String prefix) {
    return new JsonObject()
        .put("cru", asLong(r.get(prefix + "cru")))
        .put("mru", asLong(r.get(prefix + "mru")))
        .put("sru", asLong(r.get(prefix + "sru")))
        .put("hru", asLong(r.get(prefix + "hru")));
  }

  static long asLong(Object v) {
    return v == null ? 0 : ((Number) v).longValue();
  }

  /** SQLite returns booleans as integers, PostgreSQL as Boolean. */
  static boolean asBool(Object v) {
    return v instanceof Boolean b ? b : v != null && ((Number) v).intValue() != 0;
  }

  private static String camel(String snake) {
    StringBuilder b = new StringBuilder();
    boolean up = false;
    for (char ch : snake.toCharArray()) {
      if (ch == '_') {
        up = true;
      } else {
        b.append(up ? Character.toUpperCase(ch) : ch);
        up = false;
      }
    }
    return b.toString();
  }
}
