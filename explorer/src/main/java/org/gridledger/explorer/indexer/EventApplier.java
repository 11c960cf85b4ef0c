package org.gridledger.explorer.indexer;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hex;
import org.gridledger.explorer.abi.DecodedEvent;

/**
 * Applies one decoded grid event to the tables, inside the caller's transaction. Each case mirrors
 * what the contract does to its storage when it emits that event (contracts/solidity/*.sol), so the
 * tables equal the contracts' views at every indexed block.
 */
final class EventApplier {
  /** Reservations.ContractState. */
  static final int STATE_CREATED = 1;

  static final int STATE_GRACE = 2;
  static final int STATE_DELETED = 3;

  /** Reservations.ContractKind. */
  static final int KIND_NODE = 0;

  static final int KIND_RENT = 1;
  static final int KIND_NAME = 2;

  private final ObjectMapper json = new ObjectMapper();
  private final CachedStatements statements = new CachedStatements();

  private int update(Connection c, String sql, Object... args) throws SQLException {
    return statements.update(c, sql, args);
  }

  private long queryLong(Connection c, String sql, long fallback, Object... args)
      throws SQLException {
    return statements.queryLong(c, sql, fallback, args);
  }

  private String queryString(Connection c, String sql, Object... args) throws SQLException {
    return statements.queryString(c, sql, args);
  }

  /** Executes the batched event rows; before the caller's commit. */
  void flush() throws SQLException {
    statements.executeBatches();
  }

  /** Drops batched event rows not executed yet (after the caller's rollback). */
  void discard() {
    statements.discardBatches();
  }

  /** Closes the prepared statements (before the connection closes). */
  void close() {
    statements.close();
  }

  /** Applies {@code e} of a block with timestamp {@code timestamp}. */
  void apply(Connection c, DecodedEvent e, long timestamp) throws SQLException {
    long block = e.blockNumber();
    Long contractId = e.args().containsKey("contractId") ? e.longArg("contractId") : null;
    Long nodeId = e.args().containsKey("nodeId") ? e.longArg("nodeId") : null;
    // nothing reads the events table while indexing: its rows go in one batch per commit
    statements.batch(
        c,
        "INSERT INTO events (block_number, log_index, tx_hash, contract_name, event_name,"
            + " contract_id, node_id, args) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        block,
        e.logIndex(),
        e.txHash(),
        e.contract(),
        e.name(),
        contractId,
        nodeId,
        argsJson(e));
    switch (e.contract() + "." + e.name()) {
      case "TwinRegistry.TwinCreated" ->
          update(
              c,
              "INSERT INTO twins (id, account, x25519_key, relay, created_at, created_block)"
                  + " VALUES (?, ?, ?, ?, ?, ?)",
              e.longArg("twinId"),
              e.addressArg("account").toHex(),
              Hex.encode(e.bytesArg("x25519Key")),
              e.stringArg("relay"),
              timestamp,
              block);
      case "TwinRegistry.TwinKeyRotated" ->
          update(
              c,
              "UPDATE twins SET x25519_key = ? WHERE id = ?",
              Hex.encode(e.bytesArg("newKey")),
              e.longArg("twinId"));
      case "TwinRegistry.TwinRelayUpdated" ->
          update(
              c,
              "UPDATE twins SET relay = ? WHERE id = ?",
              e.stringArg("relay"),
              e.longArg("twinId"));
      case "FarmRegistry.FarmCreated" ->
          update(
              c,
              "INSERT INTO farms (id, twin_id, name, pricing_policy_id, payout, certified,"
                  + " created_block) VALUES (?, ?, ?, ?, ?, ?, ?)",
              e.longArg("farmId"),
              e.longArg("twinId"),
              e.stringArg("name"),
              e.longArg("pricingPolicyId"),
              e.addressArg("payout").toHex(),
              false,
              block);
      case "FarmRegistry.FarmCertificationChanged" ->
          update(
              c,
              "UPDATE farms SET certified = ? WHERE id = ?",
              e.boolArg("certified"),
              e.longArg("farmId"));
      case "FarmRegistry.FarmPayoutChanged" ->
          update(
              c,
              "UPDATE farms SET payout = ? WHERE id = ?",
              e.addressArg("payout").toHex(),
              e.longArg("farmId"));
      case "FarmRegistry.FarmPricingPolicyChanged" -> {
        update(
            c,
            "UPDATE farms SET pricing_policy_id = ? WHERE id = ?",
            e.longArg("pricingPolicyId"),
            e.longArg("farmId"));
        RentPrice.refresh(c, "n.farm_id = ?", e.longArg("farmId"));
      }
      case "PricingPolicy.PolicySet" -> {
        Map<String, Object> p = e.tupleArg("policy");
        RentPrice.setPolicy(
            c,
            e.longArg("policyId"),
            (String) p.get("name"),
            (BigInteger) p.get("cuPricePerHour"),
            (BigInteger) p.get("suPricePerHour"),
            (BigInteger) p.get("ipuPricePerHour"),
            (BigInteger) p.get("nuPricePerGiB"),
            (BigInteger) p.get("namePricePerHour"),
            num(p, "dedicatedDiscountBps"));
      }
      case "FarmRegistry.PublicIpAdded" ->
          update(
              c,
              "INSERT INTO public_ips (farm_id, ip_id, ip, prefix_length, gateway, contract_id,"
                  + " removed) VALUES (?, ?, ?, ?, ?, 0, ?)",
              e.longArg("farmId"),
              e.longArg("ipId"),
              ipv4(e.bytesArg("ip")),
              e.longArg("prefixLength"),
              ipv4(e.bytesArg("gateway")),
              false);
      case "FarmRegistry.PublicIpRemoved" ->
          update(
              c,
              "UPDATE public_ips SET removed = ? WHERE farm_id = ? AND ip_id = ?",
              true,
              e.longArg("farmId"),
              e.longArg("ipId"));
      case "FarmRegistry.PublicIpReserved" ->
          update(
              c,
              "UPDATE public_ips SET contract_id = ? WHERE farm_id = ? AND ip_id = ?",
              e.longArg("contractId"),
              e.longArg("farmId"),
              e.longArg("ipId"));
      case "FarmRegistry.PublicIpReleased" ->
          update(
              c,
              "UPDATE public_ips SET contract_id = 0 WHERE farm_id = ? AND ip_id = ?",
              e.longArg("farmId"),
              e.longArg("ipId"));
      case "NodeRegistry.NodeRegistered" -> {
        Map<String, Object> total = e.tupleArg("total");
        Map<String, Object> loc = e.tupleArg("location");
        update(
            c,
            "INSERT INTO nodes (id, farm_id, twin_id, account, approved, banned, power,"
                + " total_cru, total_mru, total_sru, total_hru, used_cru, used_mru, used_sru,"
                + " used_hru, free_cru, free_mru, free_sru, free_hru, x25519_key, country, city,"
                + " latitude_e6, longitude_e6, serial, registered_at, last_uptime_report, uptime,"
                + " cumulative_downtime, rent_contract_id, rented_by_twin, active_contracts,"
                + " created_block, updated_block) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, 0, 0,"
                + " 0, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, ?, ?)",
            e.longArg("nodeId"),
            e.longArg("farmId"),
            e.longArg("twinId"),
            e.addressArg("account").toHex(),
            false,
            false,
            num(total, "cru"),
            num(total, "mru"),
            num(total, "sru"),
            num(total, "hru"),
            num(total, "cru"),
            num(total, "mru"),
            num(total, "sru"),
            num(total, "hru"),
            Hex.encode(e.bytesArg("x25519Key")),
            loc.get("country"),
            loc.get("city"),
            num(loc, "latitudeE6"),
            num(loc, "longitudeE6"),
            e.stringArg("serial"),
            timestamp,
            timestamp,
            block,
            block);
        RentPrice.refresh(c, "n.id = ?", e.longArg("nodeId"));
      }
      case "NodeRegistry.NodeUpdated" -> {
        Map<String, Object> total = e.tupleArg("total");
        Map<String, Object> loc = e.tupleArg("location");
        update(
            c,
            "UPDATE nodes SET total_cru = ?, total_mru = ?, total_sru = ?, total_hru = ?,"
                + " free_cru = ? - used_cru, free_mru = ? - used_mru, free_sru = ? - used_sru,"
                + " free_hru = ? - used_hru, x25519_key = ?, country = ?, city = ?,"
                + " latitude_e6 = ?, longitude_e6 = ?, serial = ?, updated_block = ? WHERE id = ?",
            num(total, "cru"),
            num(total, "mru"),
            num(total, "sru"),
            num(total, "hru"),
            num(total, "cru"),
            num(total, "mru"),
            num(total, "sru"),
            num(total, "hru"),
            Hex.encode(e.bytesArg("x25519Key")),
            loc.get("country"),
            loc.get("city"),
            num(loc, "latitudeE6"),
            num(loc, "longitudeE6"),
            e.stringArg("serial"),
            block,
            e.longArg("nodeId"));
        RentPrice.refresh(c, "n.id = ?", e.longArg("nodeId"));
      }
      case "NodeRegistry.NodeCapacityUsed" -> {
        Map<String, Object> used = e.tupleArg("used");
        update(
            c,
            "UPDATE nodes SET used_cru = ?, used_mru = ?, used_sru = ?, used_hru = ?,"
                + " free_cru = total_cru - ?, free_mru = total_mru - ?, free_sru = total_sru - ?,"
                + " free_hru = total_hru - ?, active_contracts = ?, updated_block = ? WHERE id = ?",
            num(used, "cru"),
            num(used, "mru"),
            num(used, "sru"),
            num(used, "hru"),
            num(used, "cru"),
            num(used, "mru"),
            num(used, "sru"),
            num(used, "hru"),
            e.longArg("activeContracts"),
            block,
            e.longArg("nodeId"));
      }
      case "NodeRegistry.NodeRentChanged" -> {
        long rent = e.longArg("rentContractId");
        long renter =
            rent == 0 ? 0 : queryLong(c, "SELECT twin_id FROM contracts WHERE id = ?", 0, rent);
        update(
            c,
            "UPDATE nodes SET rent_contract_id = ?, rented_by_twin = ?, updated_block = ?"
                + " WHERE id = ?",
            rent,
            renter,
            block,
            e.longArg("nodeId"));
      }
      case "NodeRegistry.NodeStandingChanged" ->
          update(
              c,
              "UPDATE nodes SET approved = ?, banned = ?, updated_block = ? WHERE id = ?",
              e.boolArg("approved"),
              e.boolArg("banned"),
              block,
              e.longArg("nodeId"));
      case "NodeRegistry.PowerStateChanged" ->
          update(
              c,
              "UPDATE nodes SET power = ?, updated_block = ? WHERE id = ?",
              e.longArg("power"),
              block,
              e.longArg("nodeId"));
      case "NodeRegistry.UptimeReported" ->
          update(
              c,
              "UPDATE nodes SET last_uptime_report = ?, uptime = ?, cumulative_downtime = ?,"
                  + " updated_block = ? WHERE id = ?",
              e.longArg("timestamp"),
              e.longArg("uptime"),
              e.longArg("cumulativeDowntime"),
              block,
              e.longArg("nodeId"));
      case "Reservations.NodeContractCreated" -> {
        long node = e.longArg("nodeId");
        Map<String, Object> r = e.tupleArg("resources");
        insertContract(
            c,
            e,
            KIND_NODE,
            node,
            queryLong(c, "SELECT farm_id FROM nodes WHERE id = ?", 0, node),
            null,
            new long[] {num(r, "cru"), num(r, "mru"), num(r, "sru"), num(r, "hru")},
            Hex.encode(e.bytesArg("deploymentHash")),
            (int) e.longArg("publicIpCount"),
            false,
            0,
            timestamp);
      }
      case "Reservations.RentContractCreated" -> {
        long node = e.longArg("nodeId");
        // a rent contract reserves the node's whole capacity (Reservations.createRentContract)
        long[] total = new long[4];
        String[] columns = {"total_cru", "total_mru", "total_sru", "total_hru"};
        for (int i = 0; i < 4; i++) {
          total[i] = queryLong(c, "SELECT " + columns[i] + " FROM nodes WHERE id = ?", 0, node);
        }
        insertContract(
            c,
            e,
            KIND_RENT,
            node,
            queryLong(c, "SELECT farm_id FROM nodes WHERE id = ?", 0, node),
            null,
            total,
            Hex.encode(new byte[32]),
            0,
            true,
            timestamp,
            timestamp);
      }
      case "Reservations.NameContractCreated" ->
          insertContract(
              c,
              e,
              KIND_NAME,
              0,
              0,
              e.stringArg("name"),
              new long[4],
              // the contract keeps keccak256(name) in deploymentHash
              // (Reservations.createNameContract)
              Hex.encode(
                  org.gridledger.evm.types.Keccak.hash(
                      e.stringArg("name").getBytes(java.nio.charset.StandardCharsets.UTF_8))),
              0,
              true,
              timestamp,
              timestamp);
      case "Reservations.NodeContractUpdated" -> {
        Map<String, Object> r = e.tupleArg("resources");
        update(
            c,
            "UPDATE contracts SET cru = ?, mru = ?, sru = ?, hru = ?, deployment_hash = ?,"
                + " rate_per_hour = ?, updated_block = ? WHERE id = ?",
            num(r, "cru"),
            num(r, "mru"),
            num(r, "sru"),
            num(r, "hru"),
            Hex.encode(e.bytesArg("deploymentHash")),
            e.bigArg("ratePerHour").toString(),
            block,
            e.longArg("contractId"));
      }
      case "Reservations.ContractFulfilled" -> {
        if (e.boolArg("billingStarted")) {
          update(
              c,
              "UPDATE contracts SET billing = ?, failed = ?, last_settled_at = ?, updated_block = ?"
                  + " WHERE id = ?",
              true,
              false,
              timestamp,
              block,
              e.longArg("contractId"));
        } else {
          update(
              c,
              "UPDATE contracts SET failed = ?, updated_block = ? WHERE id = ?",
              false,
              block,
              e.longArg("contractId"));
        }
      }
      case "Reservations.ContractFailed" ->
          // Billing stops (Reservations.reportFailure); what was owed arrived in the
          // ContractSettled event before this one.
          update(
              c,
              "UPDATE contracts SET billing = ?, failed = ?, last_failed_at = ?, updated_block = ?"
                  + " WHERE id = ?",
              false,
              true,
              timestamp,
              block,
              e.longArg("contractId"));
      case "Reservations.ContractSettled" ->
          update(
              c,
              "UPDATE contracts SET escrow = ?, last_settled_at = ?, updated_block = ?"
                  + " WHERE id = ?",
              e.bigArg("escrowLeft").toString(),
              timestamp,
              block,
              e.longArg("contractId"));
      case "Reservations.ContractToppedUp" ->
          update(
              c,
              "UPDATE contracts SET escrow = ?, updated_block = ? WHERE id = ?",
              e.bigArg("escrow").toString(),
              block,
              e.longArg("contractId"));
      case "Reservations.GracePeriodStarted" ->
          update(
              c,
              "UPDATE contracts SET state = ?, escrow = ?, grace_started_at = ?, updated_block = ?"
                  + " WHERE id = ?",
              STATE_GRACE,
              e.bigArg("escrow").toString(),
              timestamp,
              block,
              e.longArg("contractId"));
      case "Reservations.GracePeriodEnded" ->
          update(
              c,
              // graceStartedAt keeps its value (Reservations.topUp); billing restarts now
              "UPDATE contracts SET state = ?, escrow = ?, last_settled_at = ?, updated_block = ?"
                  + " WHERE id = ?",
              STATE_CREATED,
              e.bigArg("escrow").toString(),
              timestamp,
              block,
              e.longArg("contractId"));
      case "Reservations.ContractDeleted" ->
          update(
              c,
              "UPDATE contracts SET state = ?, escrow = '0', delete_reason = ?, refund = ?,"
                  + " updated_block = ? WHERE id = ?",
              STATE_DELETED,
              e.longArg("reason"),
              e.bigArg("refund").toString(),
              block,
              e.longArg("contractId"));
      case "Staking.CandidateRegistered" ->
          update(
              c,
              "INSERT INTO candidates (id, operator, signer, commission_bps, jailed, listed,"
                  + " bonded_stake, registered_block) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              e.longArg("candidateId"),
              e.addressArg("operator").toHex(),
              e.addressArg("signer").toHex(),
              e.longArg("commissionBps"),
              false,
              true,
              // the self-stake arrives in the Delegated event that follows (Staking._bond)
              "0",
              block);
      case "Staking.Delegated" -> addStake(c, e.longArg("candidateId"), e.bigArg("amount"));
      case "Staking.Undelegated" ->
          addStake(c, e.longArg("candidateId"), e.bigArg("amount").negate());
      case "Staking.CandidateUnlisted" ->
          update(
              c, "UPDATE candidates SET listed = ? WHERE id = ?", false, e.longArg("candidateId"));
      case "Staking.Slashed" ->
          update(
              c, "UPDATE candidates SET jailed = ? WHERE id = ?", true, e.longArg("candidateId"));
      case "Staking.ValidatorSetElected" -> {
        List<?> ids = e.listArg("candidateIds");
        List<?> signers = e.listArg("signers");
        for (int i = 0; i < ids.size(); i++) {
          update(
              c,
              "INSERT INTO validator_sets (epoch, position, candidate_id, signer)"
                  + " VALUES (?, ?, ?, ?)",
              e.longArg("epoch"),
              i,
              ((BigInteger) ids.get(i)).longValueExact(),
              ((Address) signers.get(i)).toHex());
        }
      }
      default -> {
        // Kept in the events table only: deployments, results, consumption, withdrawals, fees,
        // pricing and initialisation events do not change a table the API serves.
      }
    }
  }

  private void insertContract(
      Connection c,
      DecodedEvent e,
      int kind,
      long nodeId,
      long farmId,
      String name,
      long[] resources,
      String deploymentHash,
      int publicIps,
      boolean billing,
      long lastSettledAt,
      long timestamp)
      throws SQLException {
    long twin = e.longArg("twinId");
    String owner = queryString(c, "SELECT account FROM twins WHERE id = ?", twin);
    update(
        c,
        "INSERT INTO contracts (id, kind, state, twin_id, owner, node_id, farm_id, name, cru, mru,"
            + " sru, hru, deployment_hash, public_ip_count, rate_per_hour, escrow, billing,"
            + " created_at, last_settled_at, grace_started_at, created_block, updated_block)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
        e.longArg("contractId"),
        kind,
        STATE_CREATED,
        twin,
        owner == null ? Address.ZERO.toHex() : owner,
        nodeId,
        farmId,
        name,
        resources[0],
        resources[1],
        resources[2],
        resources[3],
        deploymentHash,
        publicIps,
        e.bigArg("ratePerHour").toString(),
        e.bigArg("deposit").toString(),
        billing,
        timestamp,
        lastSettledAt,
        e.blockNumber(),
        e.blockNumber());
  }

  private void addStake(Connection c, long candidate, BigInteger delta) throws SQLException {
    String current = queryString(c, "SELECT bonded_stake FROM candidates WHERE id = ?", candidate);
    if (current != null) {
      update(
          c,
          "UPDATE candidates SET bonded_stake = ? WHERE id = ?",
          new BigInteger(current).add(delta).max(BigInteger.ZERO).toString(),
          candidate);
    }
  }

  private static long num(Map<String, Object> tuple, String field) {
    return ((BigInteger) tuple.get(field)).longValueExact();
  }

  private static String ipv4(byte[] four) {
    try {
      return InetAddress.getByAddress(four).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IPv4 address: " + Hex.encode(four), e);
    }
  }

  private String argsJson(DecodedEvent e) {
    try {
      return json.writeValueAsString(plain(e.args()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /** JSON-friendly values: integers as decimal strings, bytes and addresses as hex. */
  static Object plain(Object v) {
    return switch (v) {
      case BigInteger b -> b.toString();
      case Address a -> a.toHex();
      case byte[] b -> b.length > 256 ? "0x… (" + b.length + " bytes)" : Hex.encode(b);
      case Map<?, ?> m -> {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, x) -> out.put(String.valueOf(k), plain(x)));
        yield out;
      }
      case List<?> l -> {
        List<Object> out = new ArrayList<>();
        l.forEach(x -> out.add(plain(x)));
        yield out;
      }
      default -> v;
    };
  }
}
