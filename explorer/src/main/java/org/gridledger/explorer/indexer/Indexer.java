package org.gridledger.explorer.indexer;

import static org.gridledger.explorer.store.Sql.update;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.gridledger.explorer.abi.DecodedEvent;
import org.gridledger.explorer.abi.GridAbi;
import org.gridledger.explorer.rpc.JsonRpcClient;
import org.gridledger.explorer.rpc.RpcException;
import org.gridledger.explorer.store.Database;
import org.gridledger.explorer.store.Sql;
import org.gridledger.genesis.abi.AbiDecoder;
import org.gridledger.genesis.abi.AbiEncoder;
import org.gridledger.genesis.abi.AbiType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes finalized blocks into the database. Each block (its summary, its transactions, its grid
 * events applied to the tables, a statistics row when the grid changed) is committed in one
 * transaction together with {@code indexer_state.last_block}, so a restart, even after a crash,
 * resumes at the next block with no gap and no duplicate. Only blocks at or below the node's {@code
 * finalized} block are read (the devnet finalizes instantly: finalized is its head), so there is no
 * reorganisation to undo; a parent hash that does not match the stored last block stops the indexer
 * with an error instead.
 */
public final class Indexer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Indexer.class);

  /** Blocks per {@link #indexAvailable} call while catching up. */
  public static final int DEFAULT_RANGE = 500;

  /** Blocks per {@code eth_getBlockByNumber} batch. */
  static final int BLOCK_BATCH = 16;

  /**
   * Blocks per database transaction while catching up, and per read of the pipeline: most blocks of
   * a chain are empty, and a commit per block cost more than the block itself; but a group is also
   * what the writer waits for, and on the benchmark's chain 64 blocks held all 40,000 events (a 35
   * MB {@code eth_getLogs} answer), so that nothing overlapped: groups of 16 let the writer start
   * on the first while the next ones are read (docs/performance.md).
   */
  static final int COMMIT_BLOCKS = BLOCK_BATCH;

  /** Grid events applied between two runs of {@code ANALYZE}. */
  static final long ANALYZE_EVERY_EVENTS = 50_000;

  private final JsonRpcClient rpc;
  private final Database db;
  private final GridAbi abi;
  private final long fromBlock;
  private final int range;
  private final long pollMillis;
  private final EventApplier applier = new EventApplier();
  private final CachedStatements statements = new CachedStatements();
  private final Stats stats = new Stats(statements);
  private final ObjectMapper json = new ObjectMapper();
  private final Semaphore wake = new Semaphore(0);
  private final List<LongConsumer> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean stopped;
  private boolean policiesSeeded;
  private long eventsSinceAnalyze;
  // written by the reader thread (logs, blocks) and the indexer thread (database, wait)
  private volatile long logNanos;
  private volatile long blockNanos;
  private volatile long databaseNanos;
  private volatile long waitNanos;
  private volatile StateSeeder.Counts seeded;
  private Thread thread;
  private Connection connection;

  /** Reads the next group of blocks while the indexer thread writes the current one. */
  private final ExecutorService prefetcher =
      Executors.newSingleThreadExecutor(
          r -> Thread.ofPlatform().name("explorer-block-reader").daemon(true).unstarted(r));

  /**
   * Reads a group's logs while the block reader reads its blocks: two requests in flight, so the
   * node serves them on two threads and the explorer decodes logs while blocks arrive (the reader
   * was the indexer's critical path: docs/performance.md).
   */
  private final ExecutorService logReader =
      Executors.newSingleThreadExecutor(
          r -> Thread.ofPlatform().name("explorer-log-reader").daemon(true).unstarted(r));

  public Indexer(
      JsonRpcClient rpc, Database db, GridAbi abi, long fromBlock, int range, long pollMillis) {
    if (range < 1 || fromBlock < 0) {
      throw new IllegalArgumentException("range must be >= 1 and fromBlock >= 0");
    }
    this.rpc = rpc;
    this.db = db;
    this.abi = abi;
    this.fromBlock = fromBlock;
    this.range = range;
    this.pollMillis = pollMillis;
  }

  /**
   * Rows written from the contracts' views when this indexer started a new database: twins, farms,
   * public IPs, nodes, contracts, candidates; all zero if it resumed one.
   */
  public long[] seededRows() {
    StateSeeder.Counts c = seeded;
    return c == null
        ? new long[6]
        : new long[] {
          c.twins(), c.farms(), c.publicIps(), c.nodes(), c.contracts(), c.candidates()
        };
  }

  /**
   * Time spent so far while catching up, in ms: reading and decoding logs ({@code eth_getLogs}, on
   * the log reader thread) and reading blocks ({@code eth_getBlockByNumber} batches, on the block
   * reader thread at the same time); writing to the database (commits and {@code ANALYZE} included)
   * and waiting for the reader, on the indexer thread. Reads overlap writes, so the parts add up to
   * more than the time taken: where indexing time goes (the benchmark reports it).
   */
  public long[] timingsMillis() {
    return new long[] {
      logNanos / 1_000_000, blockNanos / 1_000_000, databaseNanos / 1_000_000, waitNanos / 1_000_000
    };
  }

  /** Called with the block number after each committed block (on the indexer thread). */
  public void onIndexed(LongConsumer listener) {
    listeners.add(listener);
  }

  /** Makes the indexer look for new blocks now (e.g. on a newHeads notification). */
  public void wake() {
    wake.release();
  }

  /** Starts the indexer thread. */
  public synchronized void start() throws SQLException {
    connection = db.connect();
    readChainParams();
    analyze();
    thread = Thread.ofPlatform().name("explorer-indexer").daemon(true).start(this::loop);
  }

  private void loop() {
    while (!stopped) {
      try {
        if (!indexAvailable(Long.MAX_VALUE)) {
          wake.tryAcquire(pollMillis, TimeUnit.MILLISECONDS);
          wake.drainPermits();
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException | SQLException e) {
        if (stopped) {
          return;
        }
        LOG.warn("indexing failed, retrying: {}", e.toString());
        try {
          Thread.sleep(Math.max(pollMillis, 500));
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  /**
   * Indexes at most one range of finalized blocks, stopping after block {@code limit}.
   *
   * @return whether any block was indexed
   */
  public boolean indexAvailable(long limit) throws SQLException {
    if (connection == null) {
      connection = db.connect();
    }
    if (!policiesSeeded) {
      seedPricingPolicies();
      fillPriceKeys();
      policiesSeeded = true;
    }
    long last = lastIndexed(connection);
    long finalized = finalizedBlock();
    long from = last + 1;
    long to = Math.min(Math.min(finalized, from + range - 1), limit);
    if (from > to) {
      return false;
    }
    if (Sql.queryLong(connection, "SELECT COUNT(*) FROM indexer_state", 0) == 0) {
      // A new database: its first block is read from the contracts' views, not from events.
      indexBlocks(from, List.of(block(from)), null, Map.of(), true);
      return true;
    }
    String expectedParent = Sql.queryString(connection, "SELECT last_hash FROM indexer_state");
    // Pipelined: each commit group's logs and blocks are read from the node on the reader thread
    // while the indexer thread writes the group before it, so the node's work and the database's
    // overlap (the wait counts only what the writer waited for).
    final long rangeEnd = to;
    Future<Group> next = prefetcher.submit(() -> readGroup(from, rangeEnd));
    try {
      for (long first = from; first <= to && !stopped; first += COMMIT_BLOCKS) {
        long t = System.nanoTime();
        Group group = await(next);
        long read = System.nanoTime();
        waitNanos += read - t;
        long following = first + COMMIT_BLOCKS;
        next =
            following <= to && !stopped
                ? prefetcher.submit(() -> readGroup(following, rangeEnd))
                : null;
        expectedParent = indexBlocks(first, group.blocks(), expectedParent, group.events(), false);
        databaseNanos += System.nanoTime() - read;
      }
    } finally {
      if (next != null) {
        next.cancel(true);
      }
    }
    return true;
  }

  /** One commit group as read from the node: its grid events by block and its blocks. */
  private record Group(Map<Long, List<DecodedEvent>> events, List<JsonNode> blocks) {}

  /**
   * The logs and blocks of the commit group that starts at {@code first} (at most to {@code last});
   * on the reader thread.
   */
  private Group readGroup(long first, long last) {
    long end = Math.min(last, first + COMMIT_BLOCKS - 1);
    Future<Map<Long, List<DecodedEvent>>> events =
        logReader.submit(
            () -> {
              long t = System.nanoTime();
              try {
                return logsFitting(first, end);
              } finally {
                logNanos += System.nanoTime() - t;
              }
            });
    try {
      long t = System.nanoTime();
      List<JsonNode> blocks = new ArrayList<>();
      for (long b = first; b <= end; b += BLOCK_BATCH) {
        blocks.addAll(blocks(b, Math.min(end, b + BLOCK_BATCH - 1)));
      }
      blockNanos += System.nanoTime() - t;
      return new Group(await(events), blocks);
    } finally {
      events.cancel(true); // a no-op once read; stops a read whose group failed
    }
  }

  /**
   * The grid events of blocks {@code first..last}. A node caps the logs of one {@code eth_getLogs}
   * (ours and geth's: 10,000 by default): a range over the cap is read in halves, down to single
   * blocks.
   */
  private Map<Long, List<DecodedEvent>> logsFitting(long first, long last) {
    try {
      return logs(first, last);
    } catch (RpcException e) {
      if (first == last || !String.valueOf(e.getMessage()).contains("more than")) {
        throw e;
      }
      long middle = first + (last - first) / 2;
      Map<Long, List<DecodedEvent>> events = logsFitting(first, middle);
      events.putAll(logsFitting(middle + 1, last));
      return events;
    }
  }

  /** A prefetched read, with a failure of the reading thread rethrown as it was. */
  private static <T> T await(Future<T> read) {
    try {
      return read.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RpcException("interrupted while reading blocks", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** The last indexed block, or {@code fromBlock - 1} before the first. */
  public long lastIndexed(Connection c) throws SQLException {
    return Sql.queryLong(c, "SELECT last_block FROM indexer_state WHERE id = 1", fromBlock - 1);
  }

  private long finalizedBlock() {
    JsonNode block = rpc.call("eth_getBlockByNumber", "finalized", false);
    if (block.isNull() || block.isMissingNode()) {
      return -1;
    }
    return JsonRpcClient.quantity(block.get("number"));
  }

  private Map<Long, List<DecodedEvent>> logs(long from, long to) {
    ObjectNode filter = json.createObjectNode();
    filter.put("fromBlock", JsonRpcClient.quantity(from));
    filter.put("toBlock", JsonRpcClient.quantity(to));
    filter.set("address", json.valueToTree(abi.addresses()));
    Map<Long, List<DecodedEvent>> byBlock = new TreeMap<>();
    // streamed: a group's logs are megabytes of JSON, and a tree of them cost more than decoding
    rpc.callStreaming(
        "eth_getLogs",
        p -> {
          if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new RpcException("eth_getLogs: the result is not an array");
          }
          while (p.nextToken() == JsonToken.START_OBJECT) {
            DecodedEvent e = log(p);
            if (e != null) {
              byBlock.computeIfAbsent(e.blockNumber(), k -> new ArrayList<>()).add(e);
            }
          }
          return null;
        },
        filter);
    byBlock
        .values()
        .forEach(l -> l.sort(java.util.Comparator.comparingInt(DecodedEvent::logIndex)));
    return byBlock;
  }

  /**
   * One log object of {@code eth_getLogs} (the parser on its start), decoded; null for a removed
   * log or one that is not a grid event.
   */
  private DecodedEvent log(JsonParser p) throws IOException {
    String address = null;
    List<String> topics = new ArrayList<>(4);
    String data = null;
    String block = null;
    String logIndex = null;
    String txHash = null;
    boolean removed = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "address" -> address = p.getValueAsString();
        case "data" -> data = p.getValueAsString();
        case "blockNumber" -> block = p.getValueAsString();
        case "logIndex" -> logIndex = p.getValueAsString();
        case "transactionHash" -> txHash = p.getValueAsString();
        case "removed" -> removed = value == JsonToken.VALUE_TRUE;
        case "topics" -> {
          if (value == JsonToken.START_ARRAY) {
            while (p.nextToken() != JsonToken.END_ARRAY) {
              topics.add(p.getValueAsString());
            }
          }
        }
        default -> p.skipChildren();
      }
    }
    if (removed) {
      return null;
    }
    if (address == null || block == null || logIndex == null) {
      throw new RpcException("eth_getLogs: a log without address, blockNumber or logIndex");
    }
    return abi.decode(
        address,
        topics,
        data == null ? "0x" : data,
        JsonRpcClient.quantity(block),
        (int) JsonRpcClient.quantity(logIndex),
        txHash == null ? "" : txHash);
  }

  /**
   * Indexes blocks {@code first, first + 1, ...} ({@code blocks}, read with their transactions) in
   * one database transaction that also moves {@code indexer_state} to the last of them, so a crash
   * keeps all of them or none. With {@code seed}, the only block is the first of a new database,
   * whose tables are filled from the contracts' state after it ({@link StateSeeder}) instead of
   * from its events.
   *
   * @return the hash of the last block
   */
  private String indexBlocks(
      long first,
      List<JsonNode> blocks,
      String expectedParent,
      Map<Long, List<DecodedEvent>> events,
      boolean seed)
      throws SQLException {
    long last = first + blocks.size() - 1;
    String hash = expectedParent;
    long applied = 0;
    connection.setAutoCommit(false);
    try {
      for (int i = 0; i < blocks.size(); i++) {
        long n = first + i;
        JsonNode block = blocks.get(i);
        String parent = block.path("parentHash").asText();
        if (hash != null && !hash.equalsIgnoreCase(parent)) {
          stopped = true;
          throw new IllegalStateException(
              "block "
                  + n
                  + " has parent "
                  + parent
                  + " but block "
                  + (n - 1)
                  + " was indexed as "
                  + hash
                  + ": a finalized block changed; re-index into a new database");
        }
        hash = block.path("hash").asText();
        List<DecodedEvent> blockEvents = events.getOrDefault(n, List.of());
        long timestamp = JsonRpcClient.quantity(block.get("timestamp"));
        JsonNode txs = block.path("transactions");
        // nothing reads blocks or transactions while indexing: one batch per commit
        statements.batch(
            connection,
            "INSERT INTO blocks (number, hash, parent_hash, timestamp, tx_count, gas_used,"
                + " event_count) VALUES (?, ?, ?, ?, ?, ?, ?)",
            n,
            hash,
            parent,
            timestamp,
            txs.size(),
            JsonRpcClient.quantity(block.get("gasUsed")),
            blockEvents.size());
        for (JsonNode tx : txs) {
          statements.batch(
              connection,
              "INSERT INTO transactions (hash, block_number, tx_index, from_address, to_address,"
                  + " value_wei) VALUES (?, ?, ?, ?, ?, ?)",
              tx.path("hash").asText(),
              n,
              JsonRpcClient.quantity(tx.get("transactionIndex")),
              tx.path("from").asText(),
              tx.hasNonNull("to") ? tx.get("to").asText() : null,
              new BigInteger(tx.path("value").asText().substring(2), 16).toString());
        }
        if (seed) {
          seeded = new StateSeeder(rpc).seed(connection, n);
          // Seeded nodes are priced from the policies read at start-up (no event will do it).
          RentPrice.refresh(connection, "1 = 1");
        }
        Stats.Before before = stats.before(connection, blockEvents);
        for (DecodedEvent e : blockEvents) {
          applier.apply(connection, e, timestamp);
        }
        applied += blockEvents.size();
        // A block without grid events, or with only events that change no statistic (uptime
        // reports, settlements, ...), gets no row.
        if (seed || n == fromBlock) {
          stats.forget(); // an aggregate over the seeded or first tables
          stats.snapshot(connection, n, timestamp, null);
        } else if (Stats.changedBy(blockEvents)) {
          stats.snapshot(connection, n, timestamp, before);
        }
      }
      statements.executeBatches();
      applier.flush();
      if (update(
              connection,
              "UPDATE indexer_state SET last_block = ?, last_hash = ? WHERE id = 1",
              last,
              hash)
          == 0) {
        update(
            connection,
            "INSERT INTO indexer_state (id, last_block, last_hash) VALUES (1, ?, ?)",
            last,
            hash);
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      statements.discardBatches();
      applier.discard();
      stats.forget();
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
    eventsSinceAnalyze += applied;
    if (seed || eventsSinceAnalyze >= ANALYZE_EVERY_EVENTS) {
      analyze();
    }
    for (long n = first; n <= last; n++) {
      for (LongConsumer l : listeners) {
        l.accept(n);
      }
    }
    return hash;
  }

  /**
   * Gives the query planner statistics of the tables ({@code ANALYZE} on both databases): without
   * them SQLite picks an index for a filter that matches every row (docs/performance.md). Run after
   * seeding, at start and after every {@link #ANALYZE_EVERY_EVENTS} events.
   */
  private void analyze() throws SQLException {
    long t = System.nanoTime();
    try (java.sql.Statement s = connection.createStatement()) {
      s.execute("ANALYZE");
    }
    eventsSinceAnalyze = 0;
    LOG.debug("ANALYZE took {} ms", (System.nanoTime() - t) / 1_000_000);
  }

  /** Block {@code n} with its transactions. */
  private JsonNode block(long n) {
    JsonNode block = rpc.call("eth_getBlockByNumber", JsonRpcClient.quantity(n), true);
    if (block.isNull() || block.isMissingNode()) {
      throw new IllegalStateException("the node has no block " + n);
    }
    return block;
  }

  /**
   * Blocks {@code first..last} with their transactions in one JSON-RPC batch (one round trip
   * instead of one per block); a block the batch did not answer (e.g. over the node's batch
   * response size) is read on its own.
   */
  private List<JsonNode> blocks(long first, long last) {
    List<JsonRpcClient.Call> calls = new ArrayList<>();
    for (long n = first; n <= last; n++) {
      calls.add(JsonRpcClient.Call.of("eth_getBlockByNumber", JsonRpcClient.quantity(n), true));
    }
    List<JsonNode> answers = rpc.callBatch(calls);
    List<JsonNode> out = new ArrayList<>();
    for (int i = 0; i < answers.size(); i++) {
      JsonNode result = answers.get(i).path("result");
      out.add(
          answers.get(i).hasNonNull("error") || result.isNull() || result.isMissingNode()
              ? block(first + i)
              : result);
    }
    return out;
  }

  /** Reads parameters the genesis set without events (docs/genesis.md) with eth_call. */
  private void readChainParams() throws SQLException {
    // NodeRegistry.uptimeInterval() at 0x…1003: a node is online while its last report is younger.
    String selector =
        "0x" + org.gridledger.evm.types.Hex.encodeNoPrefix(selector("uptimeInterval()"));
    ObjectNode call = json.createObjectNode();
    call.put("to", GridAbi.address(2));
    call.put("data", selector);
    String result = rpc.call("eth_call", call, "latest").asText();
    long interval = new BigInteger(result.substring(2), 16).longValueExact();
    if (update(
            connection,
            "UPDATE chain_params SET val = ? WHERE name = 'uptime_interval'",
            "" + interval)
        == 0) {
      update(
          connection,
          "INSERT INTO chain_params (name, val) VALUES ('uptime_interval', ?)",
          "" + interval);
    }
  }

  /**
   * On a database without pricing policies (a new one, or one indexed before prices were), reads
   * every policy with {@code PricingPolicy.policyCount()} and {@code getPolicy(id)} at the block
   * whose state the tables hold (the last indexed block, or the one before the first to index: the
   * genesis initialised the policies without events), then prices all nodes. From there on, {@code
   * PolicySet} events keep the table current.
   */
  private void seedPricingPolicies() throws SQLException {
    if (Sql.queryLong(connection, "SELECT COUNT(*) FROM pricing_policies", 0) > 0) {
      return;
    }
    String at = JsonRpcClient.quantity(Math.max(lastIndexed(connection), 0));
    BigInteger count =
        (BigInteger)
            ethCall(
                    at,
                    AbiEncoder.call("policyCount()", List.of(), List.of()),
                    List.of(new AbiType.UInt(32)))
                .getFirst();
    AbiType.Tuple policy =
        new AbiType.Tuple(
            List.of(
                new AbiType.Str(),
                new AbiType.UInt(128),
                new AbiType.UInt(128),
                new AbiType.UInt(128),
                new AbiType.UInt(128),
                new AbiType.UInt(128),
                new AbiType.UInt(16)));
    connection.setAutoCommit(false);
    try {
      for (long id = 1; id <= count.longValueExact(); id++) {
        List<?> p =
            (List<?>)
                ethCall(
                        at,
                        AbiEncoder.call(
                            "getPolicy(uint32)",
                            List.of(new AbiType.UInt(32)),
                            List.of(BigInteger.valueOf(id))),
                        List.of(policy))
                    .getFirst();
        RentPrice.setPolicy(
            connection,
            id,
            (String) p.get(0),
            (BigInteger) p.get(1),
            (BigInteger) p.get(2),
            (BigInteger) p.get(3),
            (BigInteger) p.get(4),
            (BigInteger) p.get(5),
            ((BigInteger) p.get(6)).longValueExact());
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
    LOG.info("read {} pricing policies at block {}", count, at);
  }

  /**
   * Gives the nodes of a database indexed before {@code rent_price_key} existed (migration V6)
   * their sort key, from the prices the tables already hold; a no-op on every later start.
   */
  private void fillPriceKeys() throws SQLException {
    if (Sql.queryLong(connection, "SELECT COUNT(*) FROM nodes WHERE rent_price_key IS NULL", 0)
        == 0) {
      return;
    }
    connection.setAutoCommit(false);
    try {
      RentPrice.refresh(connection, "n.rent_price_key IS NULL");
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /** {@code eth_call} to PricingPolicy (0x…1004) at {@code block}, its output decoded. */
  private List<Object> ethCall(String block, byte[] data, List<AbiType> outputs) {
    ObjectNode call = json.createObjectNode();
    call.put("to", GridAbi.address(3));
    call.put("data", org.gridledger.evm.types.Hex.encode(data));
    String result = rpc.call("eth_call", call, block).asText();
    return AbiDecoder.decode(outputs, org.gridledger.evm.types.Hex.decode(result));
  }

  private static byte[] selector(String signature) {
    byte[] h =
        org.gridledger.evm.types.Keccak.hash(
            signature.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return java.util.Arrays.copyOf(h, 4);
  }

  @Override
  public synchronized void close() {
    stopped = true;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    prefetcher.shutdownNow();
    logReader.shutdownNow();
    applier.close();
    statements.close();
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.warn("closing the indexer connection: {}", e.toString());
      }
    }
  }
}
