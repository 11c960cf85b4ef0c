package org.gridledger.bench.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gridledger.bench.load.BlockWatcher;
import org.gridledger.bench.load.JsonRpc;
import org.gridledger.bench.load.NodeProcess;
import org.gridledger.bench.load.ProcessStats;
import org.gridledger.bench.load.SignedTx;

/**
 * {@code make bench-devnet}: the BFT devnet (4 validators + 1 full node, real processes) and, as
 * the peer, one {@code gridledger dev} node, each from a fresh data directory on the same bench
 * genesis ({@link BenchGenesis}) and fed the same pre-signed transactions ({@link
 * BenchTransactions}): native transfers, then node-contract creations, each an open-loop ramp
 * ({@link DevnetLoad}). Writes {@code target/bench-devnet/report.md}.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.gridledger.bench.devnet.DevnetBenchmark
 * [repo-root]}, with system properties {@code gridledger.devnet.transferRates} (default {@code
 * 250,500,1000,1500}), {@code gridledger.devnet.reservationRates} ({@code 100,250,500,750}), {@code
 * gridledger.devnet.stepSeconds} (10), {@code gridledger.devnet.senders} (512 per workload), {@code
 * gridledger.devnet.setups} ({@code devnet,dev}), {@code gridledger.devnet.gasLimit} (500000000),
 * {@code gridledger.devnet.roundTimeout} (the genesis's {@code bft.roundTimeout}; default
 * devnet-bft's), {@code gridledger.devnet.blockPeriod} (the genesis's {@code bft.blockPeriod}, e.g.
 * {@code 250ms}; default devnet-bft's 1 s), {@code gridledger.devnet.warmUpSeconds} (480: a warm-up
 * of about that many seconds per workload before its ramp, at {@link #WARM_UP_RATES}, not measured:
 * steady-state figures for JVMs whose JIT has compiled the hot code; on two cores shared by five
 * node JVMs, profiles put C2 at 30-44% of the nodes' CPU two minutes into the transfer workload,
 * and after 90 s warm-ups the devnet included 359-550 of 1,000 transfers/s, after 480 s 726-930,
 * docs/performance.md), {@code gridledger.devnet.nodeJvmArgs} (each node's JVM options, space
 * separated; default {@link #DEFAULT_NODE_JVM_ARGS}, the Makefile's {@code BFT_NODE_JAVA_OPTS}) and
 * {@code gridledger.devnet.nodeArgs} (extra {@code gridledger node} options, e.g. {@code
 * --log-level DEBUG}).
 */
public final class DevnetBenchmark {
  /**
   * A BFT node's JVM options without the Makefile: its heap, with a young generation that holds a
   * height's execution (decision 0025), and the serial collector.
   */
  static final String DEFAULT_NODE_JVM_ARGS =
      "-Xmx512m -Xmn320m --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC";

  /** Warm-up rates per workload (transactions per second), well below what any setup sustains. */
  static final Map<String, Integer> WARM_UP_RATES =
      Map.of("native transfer", 250, "node contract creation", 100);

  private DevnetBenchmark() {}

  /**
   * Warm-up transactions of a workload: whole rounds of the senders, so that every sender's later
   * transactions still go to the node it has always talked to ({@code index mod senders}).
   */
  static int warmUpCount(String workload, int warmUpSeconds, int senders) {
    int wanted = WARM_UP_RATES.get(workload) * warmUpSeconds;
    return (wanted + senders - 1) / senders * senders;
  }

  /** One setup's results: the steps per workload and each node's memory at the end. */
  record SetupResult(
      String setup,
      Map<String, List<DevnetLoad.Step>> steps,
      Map<String, Long> gasPerTx,
      Map<String, Long> hwmMiB) {}

  public static void main(String[] args) throws Exception {
    Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    int[] transferRates = rates("gridledger.devnet.transferRates", "250,500,1000,1500");
    int[] reservationRates = rates("gridledger.devnet.reservationRates", "100,250,500,750");
    int stepSeconds = Integer.getInteger("gridledger.devnet.stepSeconds", 10);
    int senders = Integer.getInteger("gridledger.devnet.senders", 512);
    long gasLimit = Long.getLong("gridledger.devnet.gasLimit", 500_000_000L);
    List<String> setups =
        Arrays.stream(System.getProperty("gridledger.devnet.setups", "devnet,dev").split(","))
            .map(String::trim)
            .toList();
    List<String> jvmArgs =
        List.of(
            System.getProperty("gridledger.devnet.nodeJvmArgs", DEFAULT_NODE_JVM_ARGS)
                .trim()
                .split("\\s+"));
    Path work = repo.resolve("target/bench-devnet");
    deleteTree(work);
    Files.createDirectories(work);
    Path jar = repo.resolve("ledger-node/app/target/gridledger.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IOException("no " + jar + ": build it first (make bench-devnet does)");
    }

    int warmUpSeconds = Integer.getInteger("gridledger.devnet.warmUpSeconds", 480);
    int transferCount =
        Arrays.stream(transferRates).sum() * stepSeconds
            + warmUpCount("native transfer", warmUpSeconds, senders);
    int reservationCount =
        Arrays.stream(reservationRates).sum() * stepSeconds
            + warmUpCount("node contract creation", warmUpSeconds, senders);
    long t0 = System.nanoTime();
    String roundTimeout = System.getProperty("gridledger.devnet.roundTimeout", "");
    String blockPeriod = System.getProperty("gridledger.devnet.blockPeriod", "");
    BenchGenesis genesis =
        BenchGenesis.build(
            repo, jar, work, senders, reservationCount, gasLimit, roundTimeout, blockPeriod);
    System.out.printf(
        "genesis: %d synthetic nodes, %d users, gas limit %,d (%.1f s)%n",
        genesis.gridNodes(), genesis.users(), gasLimit, (System.nanoTime() - t0) / 1e9);
    t0 = System.nanoTime();
    BenchTransactions plan = new BenchTransactions(senders, genesis.gridNodes());
    Map<String, List<SignedTx>> txs = new LinkedHashMap<>();
    Map<String, int[]> rateSteps = new LinkedHashMap<>();
    txs.put("native transfer", plan.transfers(transferCount));
    rateSteps.put("native transfer", transferRates);
    txs.put("node contract creation", plan.reservations(reservationCount));
    rateSteps.put("node contract creation", reservationRates);
    System.out.printf(
        "signed %,d transfers and %,d reservations in %.1f s%n",
        transferCount, reservationCount, (System.nanoTime() - t0) / 1e9);

    List<Cluster> running = new CopyOnWriteArrayList<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> running.forEach(Cluster::close)));
    List<SetupResult> results = new ArrayList<>();
    for (String setup : setups) {
      System.out.println();
      System.out.println("== " + setup + " (load average " + DevnetLoad.loadAverage() + ")");
      Path dir = work.resolve(setup);
      try (Cluster cluster =
          switch (setup) {
            case "devnet" -> Cluster.devnet(jar, jvmArgs, genesis.file(), dir);
            case "dev" -> Cluster.dev(jar, jvmArgs, genesis.file(), dir);
            default -> throw new IllegalArgumentException("unknown setup " + setup);
          }) {
        running.add(cluster);
        results.add(run(cluster, txs, rateSteps, senders, stepSeconds, warmUpSeconds));
        running.remove(cluster);
      }
    }
    String report =
        DevnetReport.markdown(
            results,
            rateSteps,
            stepSeconds,
            senders,
            gasLimit,
            genesis,
            String.join(" ", jvmArgs),
            warmUpSeconds);
    Path out = work.resolve("report.md");
    Files.writeString(out, report);
    System.out.println();
    System.out.println(report);
    System.out.println("written to " + out);
  }

  private static SetupResult run(
      Cluster cluster,
      Map<String, List<SignedTx>> txs,
      Map<String, int[]> rateSteps,
      int senders,
      int stepSeconds,
      int warmUpSeconds)
      throws IOException, InterruptedException {
    JsonRpc rpc = new JsonRpc(cluster.watched().http());
    Map<String, List<DevnetLoad.Step>> steps = new LinkedHashMap<>();
    Map<String, Long> gas = new LinkedHashMap<>();
    try (BlockWatcher watcher = new BlockWatcher(rpc)) {
      for (Map.Entry<String, List<SignedTx>> e : txs.entrySet()) {
        String workload = e.getKey();
        System.out.println(workload);
        int[] rates = rateSteps.get(workload);
        List<SignedTx> all = e.getValue();
        int warm = warmUpCount(workload, warmUpSeconds, senders);
        if (warm > 0) {
          int rate = WARM_UP_RATES.get(workload);
          DevnetLoad.Step w =
              DevnetLoad.step(workload, cluster, watcher, all, 0, warm, senders, rate);
          System.out.printf(
              "  warm-up (not measured): %d tx at %d tx/s, %d included, p50 %.0f ms%n",
              warm, rate, w.included(), w.p50Millis());
          waitForEmptyPools(cluster);
        }
        // every sender's nonces continue where its warm-up transactions stopped
        List<SignedTx> measured = all.subList(warm, all.size());
        steps.put(
            workload,
            DevnetLoad.ramp(workload, cluster, watcher, measured, senders, rates, stepSeconds));
        gas.put(workload, checkReceipts(rpc, measured.subList(0, rates[0] * stepSeconds)));
        waitForEmptyPools(cluster);
      }
      if (watcher.failure() != null) {
        System.out.println("block watcher error (retried): " + watcher.failure());
      }
    }
    Map<String, Long> hwm = new LinkedHashMap<>();
    for (NodeProcess n : cluster.nodes()) {
      hwm.put(n.name(), ProcessStats.read(n.handle()).hwmKiB() / 1024);
    }
    System.out.println("VmHWM MiB: " + hwm);
    return new SetupResult(cluster.name(), steps, gas, hwm);
  }

  /**
   * Fetches the receipts of 16 transactions spread over the workload's first step (which every
   * setup includes whole): each must have succeeded. Returns their mean gas used.
   */
  private static long checkReceipts(JsonRpc rpc, List<SignedTx> firstStep)
      throws IOException, InterruptedException {
    long gas = 0;
    int count = 0;
    for (int i = 0; i < firstStep.size(); i += Math.max(1, firstStep.size() / 16)) {
      JsonNode r = rpc.call("eth_getTransactionReceipt", firstStep.get(i).hash());
      if (r == null || r.isNull()) {
        System.out.println("  no receipt for " + firstStep.get(i).hash());
        continue;
      }
      if (!"0x1".equals(r.get("status").asText())) {
        throw new IOException("transaction " + firstStep.get(i).hash() + " failed: " + r);
      }
      gas += Long.decode(r.get("gasUsed").asText());
      count++;
    }
    return count == 0 ? -1 : gas / count;
  }

  /** Waits (up to 60 s) until no node's pool has a pending transaction. */
  private static void waitForEmptyPools(Cluster cluster) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (NodeProcess n : cluster.nodes()) {
      JsonRpc rpc = new JsonRpc(n.http());
      while (Long.decode(rpc.call("txpool_status").get("pending").asText()) > 0) {
        if (System.nanoTime() > deadline) {
          System.out.println("  " + n.name() + ": transactions still pending after 60 s");
          describeStuck(cluster, rpc);
          return;
        }
        Thread.sleep(250);
      }
    }
  }

  /**
   * Prints up to three of the transactions a node still holds as pending, each with every node's
   * view: the sender's nonce at its head and whether its pool holds the transaction (to tell a
   * transaction no other pool has from one every proposer leaves out).
   */
  private static void describeStuck(Cluster cluster, JsonRpc stuckAt)
      throws IOException, InterruptedException {
    JsonNode pending = stuckAt.call("txpool_content").get("pending");
    int shown = 0;
    for (var senders = pending.properties().iterator(); senders.hasNext() && shown < 3; ) {
      var sender = senders.next();
      for (var txs = sender.getValue().properties().iterator();
          txs.hasNext() && shown < 3;
          shown++) {
        JsonNode tx = txs.next().getValue();
        String hash = tx.get("hash").asText();
        StringBuilder views = new StringBuilder();
        for (NodeProcess other : cluster.nodes()) {
          JsonRpc r = new JsonRpc(other.http());
          JsonNode known = r.call("eth_getTransactionByHash", hash);
          String where =
              known == null || known.isNull()
                  ? "unknown"
                  : known.get("blockNumber").isNull() ? "in pool" : "included";
          views.append(
              String.format(
                  " %s: nonce %d, %s;",
                  other.name(),
                  Long.decode(
                      r.call("eth_getTransactionCount", sender.getKey(), "latest").asText()),
                  where));
        }
        System.out.printf(
            "    stuck %s from %s nonce %d:%s%n",
            hash, sender.getKey(), Long.decode(tx.get("nonce").asText()), views);
      }
    }
  }

  private static int[] rates(String property, String defaults) {
    return Arrays.stream(System.getProperty(property, defaults).split(","))
        .mapToInt(s -> Integer.parseInt(s.trim()))
        .toArray();
  }

  static String now() {
    return Instant.now().toString().substring(0, 16).replace('T', ' ') + " UTC";
  }

  static String fmt(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.0f", v);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
