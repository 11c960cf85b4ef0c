package org.gridledger.explorer.indexer;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridledger.explorer.abi.DecodedEvent;
import org.gridledger.explorer.store.Sql;

/**
 * Grid statistics rows: counts and capacity totals after a block that changed the grid.
 *
 * <p>The first row an indexer writes is an aggregate over the whole grid; from there on the running
 * values move by difference: the rows of the nodes and contracts a block's events name ({@code
 * nodeId}, {@code contractId}: every event that changes a node's capacity or country or a
 * contract's state names it) are read before and after the block, and twins and farms are counted
 * by their creation events. On a grid of 10^5 nodes the aggregate cost a third of a second per
 * block, more than the block's events (docs/performance.md). After a rollback the next row is an
 * aggregate again. Not thread-safe: one per indexer.
 */
final class Stats {
  /**
   * Events that change no column of a statistics row (twins, farms, nodes, countries, total and
   * used capacity, contracts per state), as {@link EventApplier} applies them. A block with only
   * these gets no row: it would repeat the previous one. Any other event, an unknown one included,
   * makes a row.
   */
  private static final Set<String> UNCHANGING =
      Set.of(
          "TwinRegistry.TwinKeyRotated",
          "TwinRegistry.TwinRelayUpdated",
          "FarmRegistry.FarmCertificationChanged",
          "FarmRegistry.FarmPayoutChanged",
          "FarmRegistry.FarmPricingPolicyChanged",
          "FarmRegistry.PublicIpAdded",
          "FarmRegistry.PublicIpRemoved",
          "FarmRegistry.PublicIpReserved",
          "FarmRegistry.PublicIpReleased",
          "PricingPolicy.PolicySet",
          "NodeRegistry.NodeRentChanged",
          "NodeRegistry.NodeStandingChanged",
          "NodeRegistry.PowerStateChanged",
          "NodeRegistry.UptimeReported",
          "Reservations.ContractFulfilled",
          "Reservations.ContractFailed",
          "Reservations.ContractSettled",
          "Reservations.ContractToppedUp",
          "Staking.CandidateRegistered",
          "Staking.Delegated",
          "Staking.Undelegated",
          "Staking.CandidateUnlisted",
          "Staking.Slashed",
          "Staking.ValidatorSetElected");

  // positions in a row of values
  private static final int TWINS = 0;
  private static final int FARMS = 1;
  private static final int NODES = 2;
  private static final int COUNTRIES = 3;
  private static final int TOTAL = 4; // cru, mru, sru, hru
  private static final int USED = 8; // cru, mru, sru, hru
  private static final int CONTRACTS = 12; // created, grace, deleted: index state - 1
  private static final int VALUES = 15;

  private static final String NODE_ROW =
      "SELECT country, total_cru, total_mru, total_sru, total_hru, used_cru, used_mru, used_sru,"
          + " used_hru FROM nodes WHERE id = ?";

  private final CachedStatements statements;

  /** The values of the last row, or null when the next row is an aggregate. */
  private long[] current;

  Stats(CachedStatements statements) {
    this.statements = statements;
  }

  /** Whether any of {@code events} may change a statistic (then the block gets a row). */
  static boolean changedBy(List<DecodedEvent> events) {
    for (DecodedEvent e : events) {
      if (!UNCHANGING.contains(e.contract() + "." + e.name())) {
        return true;
      }
    }
    return false;
  }

  /** The rows a block's events may change, read before the block is applied. */
  final class Before {
    private final List<DecodedEvent> events;
    private final Map<Long, Object[]> nodes = new HashMap<>();
    private final Map<Long, Long> contractStates = new HashMap<>();
    private final Map<String, Boolean> countryHadNodes = new HashMap<>();

    private Before(List<DecodedEvent> events) {
      this.events = events;
    }
  }

  /**
   * Reads what {@code events} (one block's, not applied yet) may change; null when the next row
   * will be an aggregate anyway or the events change no statistic.
   */
  Before before(Connection c, List<DecodedEvent> events) throws SQLException {
    if (current == null || !changedBy(events)) {
      return null;
    }
    Before b = new Before(events);
    for (long node : ids(events, "nodeId")) {
      Object[] row = statements.queryRow(c, NODE_ROW, node);
      b.nodes.put(node, row);
      if (row != null) {
        hasNodes(c, (String) row[0], b.countryHadNodes);
      }
    }
    // the countries nodes move to (registration, update) may have had no node before
    for (DecodedEvent e : events) {
      if (e.args().get("location") instanceof Map<?, ?> location
          && location.get("country") instanceof String country) {
        hasNodes(c, country, b.countryHadNodes);
      }
    }
    for (long contract : ids(events, "contractId")) {
      b.contractStates.put(contract, contractState(c, contract));
    }
    return b;
  }

  /**
   * Writes the row of {@code block}: an aggregate over the whole grid when there is no running
   * value (the first row of this indexer, after a rollback, or {@code before} is null), else the
   * previous values moved by what changed since {@code before}.
   */
  void snapshot(Connection c, long block, long timestamp, Before before) throws SQLException {
    if (current == null || before == null) {
      current = aggregate(c);
    } else {
      long[] next = current.clone();
      for (DecodedEvent e : before.events) {
        switch (e.contract() + "." + e.name()) {
          case "TwinRegistry.TwinCreated" -> next[TWINS]++;
          case "FarmRegistry.FarmCreated" -> next[FARMS]++;
          default -> {
            // nodes and contracts are compared row by row below
          }
        }
      }
      boolean unknownCountry = false;
      for (Map.Entry<Long, Object[]> n : before.nodes.entrySet()) {
        Object[] was = n.getValue();
        Object[] is = statements.queryRow(c, NODE_ROW, n.getKey());
        next[NODES] += (is == null ? 0 : 1) - (was == null ? 0 : 1);
        for (int i = 0; i < 8; i++) {
          next[TOTAL + i] += number(is, i + 1) - number(was, i + 1);
        }
        unknownCountry |= is != null && !before.countryHadNodes.containsKey((String) is[0]);
      }
      Map<String, Boolean> countryHasNodes = new HashMap<>();
      for (Map.Entry<String, Boolean> country : before.countryHadNodes.entrySet()) {
        boolean had = country.getValue();
        boolean has = hasNodes(c, country.getKey(), countryHasNodes);
        next[COUNTRIES] += (has ? 1 : 0) - (had ? 1 : 0);
      }
      for (Map.Entry<Long, Long> k : before.contractStates.entrySet()) {
        long was = k.getValue();
        long is = contractState(c, k.getKey());
        if (was != is) {
          if (was >= 1 && was <= 3) {
            next[CONTRACTS + (int) was - 1]--;
          }
          if (is >= 1 && is <= 3) {
            next[CONTRACTS + (int) is - 1]++;
          }
        }
      }
      // a node in a country not looked at before the block (the stored text differs from the
      // event's): count them all rather than guess
      current = unknownCountry ? aggregate(c) : next;
    }
    Object[] args = new Object[2 + VALUES];
    args[0] = block;
    args[1] = timestamp;
    for (int i = 0; i < VALUES; i++) {
      args[2 + i] = current[i];
    }
    statements.update(
        c,
        "INSERT INTO stats (block_number, timestamp, twins, farms, nodes, countries, total_cru,"
            + " total_mru, total_sru, total_hru, used_cru, used_mru, used_sru, used_hru,"
            + " contracts_created, contracts_grace, contracts_deleted)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        args);
  }

  /** Forgets the running values (the transaction that moved them rolled back). */
  void forget() {
    current = null;
  }

  /** The statistics over the whole grid as the tables hold it. */
  static long[] aggregate(Connection c) throws SQLException {
    Map<String, Object> r =
        Sql.query(
                c,
                "SELECT (SELECT COUNT(*) FROM twins) AS twins, (SELECT COUNT(*) FROM farms) AS farms,"
                    + " COUNT(*) AS nodes, COUNT(DISTINCT country) AS countries,"
                    + " COALESCE(SUM(total_cru), 0) AS total_cru,"
                    + " COALESCE(SUM(total_mru), 0) AS total_mru,"
                    + " COALESCE(SUM(total_sru), 0) AS total_sru,"
                    + " COALESCE(SUM(total_hru), 0) AS total_hru,"
                    + " COALESCE(SUM(used_cru), 0) AS used_cru,"
                    + " COALESCE(SUM(used_mru), 0) AS used_mru,"
                    + " COALESCE(SUM(used_sru), 0) AS used_sru,"
                    + " COALESCE(SUM(used_hru), 0) AS used_hru,"
                    + " (SELECT COUNT(*) FROM contracts WHERE state = 1) AS created,"
                    + " (SELECT COUNT(*) FROM contracts WHERE state = 2) AS grace,"
                    + " (SELECT COUNT(*) FROM contracts WHERE state = 3) AS deleted FROM nodes")
            .getFirst();
    String[] names = {
      "twins",
      "farms",
      "nodes",
      "countries",
      "total_cru",
      "total_mru",
      "total_sru",
      "total_hru",
      "used_cru",
      "used_mru",
      "used_sru",
      "used_hru",
      "created",
      "grace",
      "deleted"
    };
    long[] values = new long[VALUES];
    for (int i = 0; i < VALUES; i++) {
      // PostgreSQL answers SUM of BIGINT as numeric: read as a number, exact while it fits
      values[i] = ((Number) r.get(names[i])).longValue();
    }
    return values;
  }

  private boolean hasNodes(Connection c, String country, Map<String, Boolean> known)
      throws SQLException {
    Boolean has = known.get(country);
    if (has == null) {
      has =
          statements.queryLong(c, "SELECT 1 FROM nodes WHERE country = ? LIMIT 1", 0, country) == 1;
      known.put(country, has);
    }
    return has;
  }

  private long contractState(Connection c, long contract) throws SQLException {
    return statements.queryLong(c, "SELECT state FROM contracts WHERE id = ?", 0, contract);
  }

  private static long number(Object[] row, int column) {
    return row == null ? 0 : ((Number) row[column]).longValue();
  }

  private static Set<Long> ids(List<DecodedEvent> events, String arg) {
    Set<Long> ids = new LinkedHashSet<>();
    for (DecodedEvent e : events) {
      if (e.args().containsKey(arg)) {
        ids.add(e.longArg(arg));
      }
    }
    return ids;
  }
}
