package org.gridledger.explorer.indexer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hex;
import org.gridledger.explorer.abi.GridAbi;
import org.gridledger.explorer.rpc.JsonRpcClient;
import org.gridledger.explorer.rpc.RpcException;
import org.gridledger.explorer.store.Sql;
import org.gridledger.genesis.abi.ContractAbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the tables of a new database from the contracts' state at one block, read through their
 * paginated views with {@code eth_call} at that block ({@code getTwins}, {@code getFarms}, {@code
 * getPublicIps}, {@code getNodes}, {@code getContracts}, {@code nameOf}, {@code getCandidate},
 * {@code validatorSetOf}), several pages per JSON-RPC batch. A genesis can hold a whole grid
 * without a single event (a synthetic grid, docs/genesis.md), and an explorer that starts at a
 * later block has not seen the events before it; either way the tables then start equal to the
 * views, and events carry them on.
 *
 * <p>What no view keeps is left at its neutral value: a node's last reported uptime ({@code uptime}
 * 0), a deleted contract's deletion reason and refund (null), validator sets of epochs before the
 * current one, and the event history. Runs inside the caller's transaction.
 */
final class StateSeeder {
  private static final Logger LOG = LoggerFactory.getLogger(StateSeeder.class);

  /** Entries per view page: the contracts' {@code Pages.MAX_PAGE}. */
  static final int PAGE = 500;

  /** Pages (or single calls) per JSON-RPC batch; a page of 500 nodes answers about 1.5 MB. */
  static final int BATCH = 8;

  private final JsonRpcClient rpc;
  private final Map<String, ContractAbi> abis = new HashMap<>();
  private final Map<String, String> addresses = new HashMap<>();
  private final ObjectMapper json = new ObjectMapper();
  private String blockTag;

  /** What a seed wrote, for the log and the benchmark. */
  record Counts(
      long twins, long farms, long publicIps, long nodes, long contracts, long candidates) {
    long total() {
      return twins + farms + publicIps + nodes + contracts + candidates;
    }
  }

  StateSeeder(JsonRpcClient rpc) {
    this.rpc = rpc;
    for (int i = 0; i < GridAbi.CONTRACTS.size(); i++) {
      String name = GridAbi.CONTRACTS.get(i);
      addresses.put(name, GridAbi.address(i));
      String resource = "/org/gridledger/contracts/artifacts/" + name + ".json";
      try (InputStream in = StateSeeder.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("missing class path resource " + resource);
        }
        abis.put(name, ContractAbi.fromJson(name, json.readTree(in).get("abi")));
      } catch (IOException e) {
        throw new UncheckedIOException(resource, e);
      }
    }
  }

  /** Writes the grid's state at {@code block} into the (empty) tables through {@code c}. */
  Counts seed(Connection c, long block) throws SQLException {
    blockTag = JsonRpcClient.quantity(block);
    long started = System.nanoTime();
    long twinCount = count("TwinRegistry", "twinCount");
    long farmCount = count("FarmRegistry", "farmCount");
    long nodeCount = count("NodeRegistry", "nodeCount");
    long contractCount = count("Reservations", "contractCount");
    LOG.info(
        "seeding from the contracts' views at block {}: {} twins, {} farms, {} nodes, {}"
            + " contracts",
        block,
        twinCount,
        farmCount,
        nodeCount,
        contractCount);
    long twins = seedTwins(c, block, twinCount);
    long[] farms = seedFarms(c, block, farmCount);
    long nodes = seedNodes(c, block, nodeCount);
    long contracts = seedContracts(c, block, contractCount);
    // a rented node shows its renter: the rent contract's twin
    Sql.update(
        c,
        "UPDATE nodes SET rented_by_twin = (SELECT twin_id FROM contracts"
            + " WHERE contracts.id = nodes.rent_contract_id) WHERE rent_contract_id <> 0");
    long candidates = seedStaking(c, block);
    Counts counts = new Counts(twins, farms[0], farms[1], nodes, contracts, candidates);
    LOG.info(
        "seeded {} rows from block {} in {} ms",
        counts.total(),
        block,
        (System.nanoTime() - started) / 1_000_000);
    return counts;
  }

  // ---- the tables ----

  private long seedTwins(Connection c, long block, long count) throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO twins (id, account, x25519_key, relay, created_at, created_block)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      long id = 0;
      for (List<Object> twin : pages("TwinRegistry", "getTwins", count, "twins")) {
        id++;
        insert.setLong(1, id);
        insert.setString(2, ((Address) twin.get(0)).toHex());
        insert.setString(3, Hex.encode((byte[]) twin.get(2)));
        insert.setString(4, Sql.text((String) twin.get(3)));
        insert.setLong(5, num(twin.get(1)));
        insert.setLong(6, block);
        insert.addBatch();
        flushEvery(insert, id);
      }
      insert.executeBatch();
      return id;
    }
  }

  /** Farms and their public IPs: {farms, IPs}. */
  private long[] seedFarms(Connection c, long block, long count) throws SQLException {
    long ips = 0;
    try (PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO farms (id, twin_id, name, pricing_policy_id, payout, certified,"
                    + " created_block) VALUES (?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement insertIp =
            c.prepareStatement(
                "INSERT INTO public_ips (farm_id, ip_id, ip, prefix_length, gateway, contract_id,"
                    + " removed) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      long id = 0;
      for (List<Object> farm : pages("FarmRegistry", "getFarms", count, "farms")) {
        id++;
        insert.setLong(1, id);
        insert.setLong(2, num(farm.get(0)));
        insert.setString(3, Sql.text((String) farm.get(4)));
        insert.setLong(4, num(farm.get(1)));
        insert.setString(5, ((Address) farm.get(3)).toHex());
        insert.setBoolean(6, (Boolean) farm.get(2));
        insert.setLong(7, block);
        insert.addBatch();
      }
      insert.executeBatch();
      // IP lists are per farm and usually short: one call per farm and page.
      for (long farm = 1; farm <= count; farm++) {
        long offset = 0;
        while (true) {
          List<Object> page =
              pageOf(
                  callOne(
                      "FarmRegistry",
                      "getPublicIps",
                      BigInteger.valueOf(farm),
                      BigInteger.valueOf(offset),
                      BigInteger.valueOf(PAGE)));
          for (int i = 0; i < page.size(); i++) {
            List<?> ip = (List<?>) page.get(i);
            insertIp.setLong(1, farm);
            insertIp.setLong(2, offset + i + 1);
            insertIp.setString(3, ipv4((byte[]) ip.get(0)));
            insertIp.setLong(4, num(ip.get(1)));
            insertIp.setString(5, ipv4((byte[]) ip.get(2)));
            insertIp.setLong(6, num(ip.get(4)));
            insertIp.setBoolean(7, !(Boolean) ip.get(3));
            insertIp.addBatch();
            ips++;
          }
          if (page.size() < PAGE) {
            break;
          }
          offset += PAGE;
        }
      }
      insertIp.executeBatch();
      return new long[] {id, ips};
    }
  }

  private long seedNodes(Connection c, long block, long count) throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO nodes (id, farm_id, twin_id, account, approved, banned, power,"
                + " total_cru, total_mru, total_sru, total_hru, used_cru, used_mru, used_sru,"
                + " used_hru, free_cru, free_mru, free_sru, free_hru, x25519_key, country, city,"
                + " latitude_e6, longitude_e6, serial, registered_at, last_uptime_report, uptime,"
                + " cumulative_downtime, rent_contract_id, rented_by_twin, active_contracts,"
                + " created_block, updated_block) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 0, ?, ?, ?)")) {
      long id = 0;
      for (List<Object> node : pages("NodeRegistry", "getNodes", count, "nodes")) {
        id++;
        List<?> total = (List<?>) node.get(6);
        List<?> used = (List<?>) node.get(7);
        List<?> location = (List<?>) node.get(14);
        int p = 1;
        insert.setLong(p++, id);
        insert.setLong(p++, num(node.get(0)));
        insert.setLong(p++, num(node.get(1)));
        insert.setString(p++, ((Address) node.get(2)).toHex());
        insert.setBoolean(p++, (Boolean) node.get(3));
        insert.setBoolean(p++, (Boolean) node.get(4));
        insert.setLong(p++, num(node.get(5)));
        for (int i = 0; i < 4; i++) {
          insert.setLong(p++, num(total.get(i)));
        }
        for (int i = 0; i < 4; i++) {
          insert.setLong(p++, num(used.get(i)));
        }
        for (int i = 0; i < 4; i++) {
          insert.setLong(p++, num(total.get(i)) - num(used.get(i)));
        }
        insert.setString(p++, Hex.encode((byte[]) node.get(8)));
        insert.setString(p++, Sql.text((String) location.get(0)));
        insert.setString(p++, Sql.text((String) location.get(1)));
        insert.setLong(p++, ((BigInteger) location.get(2)).longValueExact());
        insert.setLong(p++, ((BigInteger) location.get(3)).longValueExact());
        insert.setString(p++, Sql.text((String) node.get(15)));
        insert.setLong(p++, num(node.get(9)));
        insert.setLong(p++, num(node.get(10)));
        insert.setLong(p++, num(node.get(11)));
        insert.setLong(p++, num(node.get(12)));
        insert.setLong(p++, num(node.get(13)));
        insert.setLong(p++, block);
        insert.setLong(p, block);
        insert.addBatch();
        flushEvery(insert, id);
      }
      insert.executeBatch();
      return id;
    }
  }

  private long seedContracts(Connection c, long block, long count) throws SQLException {
    List<Long> nameContracts = new ArrayList<>();
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO contracts (id, kind, state, twin_id, owner, node_id, farm_id, name, cru,"
                + " mru, sru, hru, deployment_hash, public_ip_count, rate_per_hour, escrow,"
                + " billing, created_at, last_settled_at, grace_started_at, created_block,"
                + " updated_block) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?)")) {
      long id = 0;
      for (List<Object> k : pages("Reservations", "getContracts", count, "contracts")) {
        id++;
        List<?> resources = (List<?>) k.get(19);
        int kind = (int) num(k.get(0));
        if (kind == EventApplier.KIND_NAME) {
          nameContracts.add(id);
        }
        int p = 1;
        insert.setLong(p++, id);
        insert.setInt(p++, kind);
        insert.setInt(p++, (int) num(k.get(1)));
        insert.setLong(p++, num(k.get(4)));
        insert.setString(p++, ((Address) k.get(9)).toHex());
        insert.setLong(p++, num(k.get(5)));
        insert.setLong(p++, num(k.get(6)));
        for (int i = 0; i < 4; i++) {
          insert.setLong(p++, num(resources.get(i)));
        }
        insert.setString(p++, Hex.encode((byte[]) k.get(18)));
        insert.setInt(p++, (int) num(k.get(3)));
        insert.setString(p++, k.get(16).toString());
        insert.setString(p++, k.get(15).toString());
        insert.setBoolean(p++, (Boolean) k.get(2));
        insert.setLong(p++, num(k.get(8)));
        insert.setLong(p++, num(k.get(10)));
        insert.setLong(p++, num(k.get(11)));
        insert.setLong(p++, block);
        insert.setLong(p, block);
        insert.addBatch();
        flushEvery(insert, id);
      }
      insert.executeBatch();
      // names are kept apart from the struct (Reservations.nameOf)
      try (PreparedStatement name =
          c.prepareStatement("UPDATE contracts SET name = ? WHERE id = ?")) {
        List<JsonRpcClient.Call> calls = new ArrayList<>();
        for (long contract : nameContracts) {
          calls.add(ethCall("Reservations", "nameOf", BigInteger.valueOf(contract)));
        }
        List<List<Object>> names = batched("Reservations", "nameOf", calls);
        for (int i = 0; i < names.size(); i++) {
          name.setString(1, Sql.text((String) names.get(i).get(0)));
          name.setLong(2, nameContracts.get(i));
          name.addBatch();
        }
        name.executeBatch();
      }
      return id;
    }
  }

  /** Candidates 1, 2, ... until the first that does not exist, and the current validator set. */
  private long seedStaking(Connection c, long block) throws SQLException {
    long written = 0;
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO candidates (id, operator, signer, commission_bps, jailed, listed,"
                + " bonded_stake, registered_block) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      boolean more = true;
      for (long first = 1; more; first += BATCH) {
        List<JsonRpcClient.Call> calls = new ArrayList<>();
        for (long id = first; id < first + BATCH; id++) {
          calls.add(ethCall("Staking", "getCandidate", BigInteger.valueOf(id)));
        }
        List<JsonNode> answers = rpc.callBatch(calls);
        for (int i = 0; i < answers.size() && more; i++) {
          JsonNode answer = answers.get(i);
          if (answer.hasNonNull("error")) {
            more = false; // CandidateNotFound: ids are dense from 1
            break;
          }
          List<?> k = (List<?>) decode("Staking", "getCandidate", answer).get(0);
          insert.setLong(1, first + i);
          insert.setString(2, ((Address) k.get(0)).toHex());
          insert.setString(3, ((Address) k.get(1)).toHex());
          insert.setLong(4, num(k.get(2)));
          insert.setBoolean(5, (Boolean) k.get(3));
          insert.setBoolean(6, (Boolean) k.get(4));
          insert.setString(7, k.get(6).toString());
          insert.setLong(8, block);
          insert.addBatch();
          written++;
        }
      }
      insert.executeBatch();
    }
    long epoch = num(callOne("Staking", "currentEpoch").get(0));
    List<Object> set = callOne("Staking", "validatorSetOf", BigInteger.valueOf(epoch));
    List<?> ids = (List<?>) set.get(0);
    List<?> signers = (List<?>) set.get(1);
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO validator_sets (epoch, position, candidate_id, signer)"
                + " VALUES (?, ?, ?, ?)")) {
      for (int i = 0; i < ids.size(); i++) {
        insert.setLong(1, epoch);
        insert.setInt(2, i);
        insert.setLong(3, num(ids.get(i)));
        insert.setString(4, ((Address) signers.get(i)).toHex());
        insert.addBatch();
      }
      insert.executeBatch();
    }
    return written;
  }

  // ---- calls ----

  private long count(String contract, String function) {
    return num(callOne(contract, function).get(0));
  }

  private List<Object> callOne(String contract, String function, Object... args) {
    List<JsonNode> answers = rpc.callBatch(List.of(ethCall(contract, function, args)));
    return decode(contract, function, answers.get(0));
  }

  private JsonRpcClient.Call ethCall(String contract, String function, Object... args) {
    ObjectNode call = json.createObjectNode();
    call.put("to", addresses.get(contract));
    call.put("data", Hex.encode(abis.get(contract).function(function).encodeCall(args)));
    return JsonRpcClient.Call.of("eth_call", call, blockTag);
  }

  private List<Object> decode(String contract, String function, JsonNode answer) {
    if (answer.hasNonNull("error")) {
      throw new RpcException(
          contract + "." + function + " at " + blockTag + ": " + answer.get("error"));
    }
    byte[] data = Hex.decode(answer.path("result").asText());
    return abis.get(contract).function(function).decodeOutput(data);
  }

  /** Sends {@code calls} in batches of {@link #BATCH} and decodes every answer. */
  private List<List<Object>> batched(
      String contract, String function, List<JsonRpcClient.Call> calls) {
    List<List<Object>> out = new ArrayList<>();
    for (int from = 0; from < calls.size(); from += BATCH) {
      List<JsonRpcClient.Call> part = calls.subList(from, Math.min(calls.size(), from + BATCH));
      for (JsonNode answer : rpc.callBatch(part)) {
        out.add(decode(contract, function, answer));
      }
    }
    return out;
  }

  /**
   * All entries of a paginated view {@code function(offset, limit)} with {@code count} entries,
   * read page by page in batches; logs progress for long reads.
   */
  private Iterable<List<Object>> pages(String contract, String function, long count, String what) {
    return () ->
        new java.util.Iterator<>() {
          private long nextOffset;
          private final java.util.ArrayDeque<List<Object>> buffered = new java.util.ArrayDeque<>();
          private long read;
          private long lastLog = System.nanoTime();

          @Override
          public boolean hasNext() {
            if (buffered.isEmpty() && nextOffset < count) {
              fill();
            }
            return !buffered.isEmpty();
          }

          @Override
          public List<Object> next() {
            if (!hasNext()) {
              throw new java.util.NoSuchElementException();
            }
            return buffered.poll();
          }

          @SuppressWarnings("unchecked")
          private void fill() {
            List<JsonRpcClient.Call> calls = new ArrayList<>();
            for (int i = 0; i < BATCH && nextOffset < count; i++) {
              calls.add(
                  ethCall(
                      contract,
                      function,
                      BigInteger.valueOf(nextOffset),
                      BigInteger.valueOf(PAGE)));
              nextOffset += PAGE;
            }
            for (JsonNode answer : rpc.callBatch(calls)) {
              for (Object entry : pageOf(decode(contract, function, answer))) {
                buffered.add((List<Object>) entry);
                read++;
              }
            }
            if (System.nanoTime() - lastLog > 5_000_000_000L) {
              lastLog = System.nanoTime();
              LOG.info("seeding: {} of {} {} read", read, count, what);
            }
          }
        };
  }

  private static List<Object> pageOf(List<Object> decoded) {
    @SuppressWarnings("unchecked")
    List<Object> page = (List<Object>) decoded.get(0);
    return page;
  }

  private static void flushEvery(PreparedStatement insert, long n) throws SQLException {
    if (n % 5_000 == 0) {
      insert.executeBatch();
    }
  }

  private static long num(Object v) {
    return ((BigInteger) v).longValueExact();
  }

  private static String ipv4(byte[] four) {
    try {
      return InetAddress.getByAddress(four).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IPv4 address: " + Hex.encode(four), e);
    }
  }
}
