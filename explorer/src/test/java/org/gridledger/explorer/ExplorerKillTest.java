package org.gridledger.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
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
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gridledger.contracts.bindings.FarmRegistry;
import org.gridledger.contracts.bindings.NodeRegistry;
import org.gridledger.contracts.bindings.Reservations;
import org.gridledger.contracts.bindings.TwinRegistry;
import org.gridledger.core.devnet.DevnetGenesis;
import org.gridledger.evm.types.Hex;
import org.gridledger.explorer.abi.GridAbi;
import org.gridledger.explorer.rpc.JsonRpcClient;
import org.gridledger.explorer.store.Database;
import org.gridledger.explorer.store.Sql;
import org.gridledger.testsupport.DevNode;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;

/**
 * The explorer's fat jar as a real process against {@code gridledger dev}, killed with SIGKILL at
 * random moments while it catches up with a scripted history of a few thousand blocks, restarted on
 * the same database each time: after every kill the tables hold blocks 0..last with no gap and
 * every grid log up to there exactly once, and once caught up every API answer equals that of a
 * second explorer process that indexed the chain in one go. Runs after {@code package} (the jar),
 * on SQLite and on PostgreSQL ({@link TestDatabases}; the PostgreSQL password reaches the process
 * through {@code GRIDLEDGER_EXPLORER_DB_PASSWORD}).
 */
class ExplorerKillTest {
  private static final Path WORK = Path.of("target", "explorer-kill");
  private static final Path JAR = Path.of("target", "explorer.jar");
  private static final Pattern LISTENING = Pattern.compile("Explorer on http://[^:]+:(\\d+)/");
  private static final BigInteger GIB = BigInteger.valueOf(1L << 30);
  private static final int KILLS = 4;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void killedDuringCatchUpResumesWithoutGapsOrDuplicatesAndEqualsAFreshIndex() throws Exception {
    assertThat(JAR)
        .as("the fat jar (built by `package`; this test runs in the integration-test phase)")
        .isRegularFile();
    Files.createDirectories(WORK);
    try (DevNode dev =
        DevNode.start(WORK.resolve("dev-" + System.nanoTime() + ".log"), "--block-time", "0")) {
      Web3j web3j = Web3j.build(new HttpService(dev.rpcUrl()));
      long head;
      try {
        head = scriptedHistory(web3j, new JsonRpcClient(URI.create(dev.rpcUrl())));
      } finally {
        web3j.shutdown();
      }
      JsonRpcClient rpc = new JsonRpcClient(URI.create(dev.rpcUrl()));

      Database db = TestDatabases.fresh(WORK);
      long seed = System.nanoTime();
      Random random = new Random(seed);
      List<Long> killedAt = new ArrayList<>();
      for (int kill = 0; kill < KILLS; kill++) {
        long before = Math.max(lastIndexed(db), 0);
        // The kill comes at a random moment, and no later than the commit that passes a random
        // block in the first half of what is left: with several blocks per transaction the whole
        // catch-up takes about a second, which a random delay alone would often miss.
        long target = before + 1 + random.nextInt((int) Math.max(1, (head - before) / 2));
        ExplorerProcess p = ExplorerProcess.start(dev.rpcUrl(), db, WORK, "kill-" + kill);
        long delayMillis;
        if (kill == 0) {
          // a random moment of the start-up: JVM, migration, first blocks
          delayMillis = 500 + random.nextInt(3000);
        } else {
          // a random moment of the catch-up: once it serves, and a few blocks further
          p.awaitPort();
          delayMillis = random.nextInt(1500);
        }
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis);
        while (System.nanoTime() < until && lastIndexed(db) < target) {
          Thread.sleep(5);
        }
        p.kill();
        long last = lastIndexed(db);
        killedAt.add(last);
        if (last >= 0) { // else killed before the first block (maybe before the migration)
          assertConsistent(db, rpc, last);
        }
        if (last >= head) {
          break;
        }
      }
      System.out.printf(
          "ExplorerKillTest (%s): killed at blocks %s of %d, seed %d%n",
          TestDatabases.kind(), killedAt, head, seed);
      assertThat(killedAt)
          .as(
              "kills (seed %d) at blocks %s of %d: some must fall inside the catch-up",
              seed, killedAt, head)
          .anyMatch(b -> b > 0 && b < head);

      ExplorerProcess resumed = ExplorerProcess.start(dev.rpcUrl(), db, WORK, "resumed");
      Database freshDb = TestDatabases.fresh(WORK);
      ExplorerProcess fresh = ExplorerProcess.start(dev.rpcUrl(), freshDb, WORK, "fresh");
      try {
        resumed.awaitPort();
        fresh.awaitPort();
        awaitIndexed(resumed, head);
        awaitIndexed(fresh, head);
        assertConsistent(db, rpc, head);
        for (String path : comparedPaths(fresh)) {
          assertThat(get(resumed, path)).as(path).isEqualTo(get(fresh, path));
        }
      } finally {
        resumed.kill();
        fresh.kill();
      }
    }
  }

  /** The API paths compared: every list page and every entity the fresh index knows. */
  private List<String> comparedPaths(ExplorerProcess p) throws Exception {
    List<String> paths = new ArrayList<>();
    paths.addAll(
        List.of(
            "/api/nodes?limit=500",
            "/api/nodes?sort=free_cru&order=desc&limit=500",
            "/api/nodes?status=up&limit=500",
            "/api/nodes?max_price=100000000000000000&limit=500",
            "/api/nodes?sort=price&limit=500",
            "/api/nodes?sort=price&order=desc&limit=500",
            "/api/farms?limit=500",
            "/api/contracts?limit=500",
            "/api/contracts?state=deleted&limit=500",
            "/api/stats",
            "/api/validators",
            "/api/blocks?limit=500"));
    for (JsonNode n : get(p, "/api/nodes?limit=500").get("items")) {
      paths.add("/api/nodes/" + n.get("id").asLong());
    }
    for (JsonNode f : get(p, "/api/farms?limit=500").get("items")) {
      paths.add("/api/farms/" + f.get("id").asLong());
      paths.add("/api/twins/" + f.get("twinId").asLong());
    }
    for (JsonNode c : get(p, "/api/contracts?limit=500").get("items")) {
      paths.add("/api/contracts/" + c.get("id").asLong());
      paths.add("/api/twins/" + c.get("twinId").asLong());
    }
    // 10 lists, 6 nodes, the farm and its twin, 4 contracts and their twins
    assertThat(paths.size()).isGreaterThanOrEqualTo(26);
    return paths;
  }

  /** Blocks 0..last stored once each, every grid log up to last stored once, nothing beyond. */
  private static void assertConsistent(Database db, JsonRpcClient rpc, long last) throws Exception {
    try (Connection c = db.connect()) {
      assertThat(Sql.queryLong(c, "SELECT COUNT(*) FROM blocks", -1)).isEqualTo(last + 1);
      assertThat(Sql.queryLong(c, "SELECT COUNT(DISTINCT number) FROM blocks", -1))
          .isEqualTo(last + 1);
      assertThat(Sql.queryLong(c, "SELECT COALESCE(MAX(number), -1) FROM blocks", -2))
          .isEqualTo(last);
      long logs =
          last < 0
              ? 0
              : rpc.call(
                      "eth_getLogs",
                      Map.of(
                          "fromBlock", "0x0",
                          "toBlock", JsonRpcClient.quantity(last),
                          "address", GridAbi.load().addresses()))
                  .size();
      assertThat(Sql.queryLong(c, "SELECT COUNT(*) FROM events", -1)).isEqualTo(logs);
      assertThat(Sql.queryLong(c, "SELECT COUNT(*) FROM stats WHERE block_number > ?", -1, last))
          .isZero();
    }
  }

  private static long lastIndexed(Database db) throws Exception {
    try (Connection c = db.connect()) {
      return Sql.queryLong(c, "SELECT last_block FROM indexer_state WHERE id = 1", -1);
    } catch (java.sql.SQLException e) {
      // killed before the first migration created the table
      if (e.getMessage() != null
          && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("indexer_state")) {
        return -1;
      }
      throw e;
    }
  }

  private void awaitIndexed(ExplorerProcess p, long block) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      if (get(p, "/api/stats").path("lastBlock").asLong(-1) >= block) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        p.name + " did not index block " + block + " in 180 s:\n" + Files.readString(p.log));
  }

  private JsonNode get(ExplorerProcess p, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  // --- the scripted history: grid events spread over a few thousand blocks

  private static long scriptedHistory(Web3j web3j, JsonRpcClient rpc) throws Exception {
    Credentials[] who = new Credentials[8];
    for (int i = 0; i < who.length; i++) {
      who[i] = Credentials.create(Hex.encode(DevnetGenesis.accountKeys().get(i).toBytes()));
    }
    var gas =
        new StaticGasProvider(BigInteger.valueOf(2_000_000_000L), BigInteger.valueOf(3_000_000));
    List<TwinRegistry> twins = new ArrayList<>();
    List<NodeRegistry> nodes = new ArrayList<>();
    List<Reservations> reservations = new ArrayList<>();
    FarmRegistry farms = null;
    for (Credentials c : who) {
      var tm = new RawTransactionManager(web3j, c, DevnetGenesis.CHAIN_ID);
      twins.add(TwinRegistry.load(GridAbi.address(0), web3j, tm, gas));
      nodes.add(NodeRegistry.load(GridAbi.address(2), web3j, tm, gas));
      reservations.add(Reservations.load(GridAbi.address(4), web3j, tm, gas));
      if (farms == null) {
        farms = FarmRegistry.load(GridAbi.address(1), web3j, tm, gas);
      }
    }
    for (int i = 0; i < who.length; i++) {
      send(twins.get(i).createTwin(Hash.sha3(new byte[] {(byte) i}), "relay-" + i));
      mine(rpc, 150);
    }
    send(farms.createFarm("kill-farm", BigInteger.ONE));
    send(
        farms.addPublicIp(
            BigInteger.ONE,
            new byte[] {10, 0, 0, 1},
            BigInteger.valueOf(24),
            new byte[] {10, 0, 0, (byte) 254}));
    String[] countries = {"BE", "EG", "DE", "be", "Ägypten", "BR"};
    for (int i = 1; i <= 6; i++) {
      send(
          nodes
              .get(i)
              .registerNode(
                  BigInteger.ONE,
                  new NodeRegistry.Resources(
                      BigInteger.valueOf(2L * i),
                      GIB.multiply(BigInteger.valueOf(4L * i)),
                      GIB.multiply(BigInteger.valueOf(100L * i)),
                      GIB.multiply(BigInteger.valueOf(500L * (i % 3)))),
                  Hash.sha3(new byte[] {(byte) (40 + i)}),
                  new NodeRegistry.Location(
                      countries[i - 1], "city-" + i, BigInteger.ZERO, BigInteger.ZERO),
                  "serial-" + i));
      send(farms.approveNode(BigInteger.valueOf(i)));
    }
    // contracts while the nodes' registration still counts as a recent uptime report (online)
    BigInteger deposit = new BigInteger("1000000000000000000");
    byte[] spec = "spec".getBytes(StandardCharsets.UTF_8);
    send(
        reservations
            .get(7)
            .createNodeContract(
                BigInteger.ONE,
                new Reservations.Resources(BigInteger.ONE, GIB, GIB, BigInteger.ZERO),
                Hash.sha3(spec),
                BigInteger.ONE,
                spec,
                deposit));
    send(
        reservations
            .get(7)
            .createNodeContract(
                BigInteger.TWO,
                new Reservations.Resources(BigInteger.ONE, GIB, GIB, BigInteger.ZERO),
                Hash.sha3(spec),
                BigInteger.ZERO,
                spec,
                deposit));
    send(reservations.get(7).cancel(BigInteger.TWO));
    send(reservations.get(7).createRentContract(BigInteger.valueOf(3), deposit));
    mine(rpc, 600);
    send(reservations.get(7).createNameContract("kill-name", deposit));
    send(reservations.get(0).settle(BigInteger.ONE));
    mine(rpc, 600);
    send(
        farms.addPublicIp(
            BigInteger.ONE,
            new byte[] {10, 0, 0, 2},
            BigInteger.valueOf(24),
            new byte[] {10, 0, 0, (byte) 254}));
    send(reservations.get(0).settle(BigInteger.valueOf(4)));
    mine(rpc, 300);
    return JsonRpcClient.quantity(rpc.call("eth_blockNumber"));
  }

  private static void mine(JsonRpcClient rpc, int blocks) {
    rpc.call("evm_mine", Map.of("blocks", JsonRpcClient.quantity(blocks)));
  }

  private static void send(
      org.web3j.protocol.core.RemoteFunctionCall<
              org.web3j.protocol.core.methods.response.TransactionReceipt>
          call)
      throws Exception {
    var receipt = call.send();
    assertThat(receipt.isStatusOK()).as("receipt %s", receipt).isTrue();
  }

  /** {@code java -jar target/explorer.jar} on {@code db}, its output in a log file. */
  private static final class ExplorerProcess {
    final String name;
    final Process process;
    final Path log;
    int port;

    private ExplorerProcess(String name, Process process, Path log) {
      this.name = name;
      this.process = process;
      this.log = log;
    }

    static ExplorerProcess start(String rpcUrl, Database db, Path dir, String name)
        throws IOException {
      Path log = dir.resolve(name + "-" + System.nanoTime() + ".log");
      String dbArg =
          db.jdbcUrl().startsWith("jdbc:sqlite:")
              ? db.jdbcUrl().substring("jdbc:sqlite:".length())
              : db.jdbcUrl();
      List<String> command =
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-Xmx256m",
              "-XX:TieredStopAtLevel=1",
              "-jar",
              JAR.toString(),
              "--rpc",
              rpcUrl,
              "--db",
              dbArg,
              "--port",
              "0",
              "--poll-ms",
              "200");
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.redirectOutput(log.toFile());
      pb.environment().remove(Database.PASSWORD_ENV);
      if (TestDatabases.kind().equals("postgresql")) {
        pb.environment().put(Database.PASSWORD_ENV, PostgresServer.shared().password());
      }
      return new ExplorerProcess(name, pb.start(), log);
    }

    void awaitPort() throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        Matcher m = LISTENING.matcher(Files.readString(log));
        if (m.find()) {
          port = Integer.parseInt(m.group(1));
          return;
        }
        if (!process.isAlive()) {
          throw new AssertionError(name + " exited:\n" + Files.readString(log));
        }
        Thread.sleep(50);
      }
      throw new AssertionError(name + " printed no address in 60 s:\n" + Files.readString(log));
    }

    /** SIGKILL ({@link Process#destroyForcibly()} on Linux) and wait for the exit. */
    void kill() throws Exception {
      process.destroyForcibly();
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).as(name + " exits").isTrue();
      if (process.exitValue() != DevNode.SIGKILL_EXIT && process.exitValue() != 0) {
        // it died of something else before the kill: show why
        throw new AssertionError(
            name + " exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
    }
  }
}
