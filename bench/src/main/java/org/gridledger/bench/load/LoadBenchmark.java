package org.gridledger.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.UInt256;

/**
 * The JSON-RPC load benchmark: {@code gridledger dev --block-time 1} and then anvil ({@code
 * --block-time 1 --hardfork cancun}, same chain id and accounts), each a real process on this
 * machine, fed the same pre-signed transactions. Writes {@code bench/target/load-report.md}.
 *
 * <p>Per node: fund 4 × S senders and deploy the token (setup, not measured); then four groups —
 * native transfers over HTTP, over WebSocket, ERC-20 transfers over HTTP, over WebSocket — each an
 * open-loop ramp ({@link LoadRun}) with its own senders. Resident memory of the node's processes is
 * sampled every 200 ms ({@code VmRSS}) and its {@code VmHWM} read at the end.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.gridledger.bench.load.LoadBenchmark [repo-root]},
 * with system properties {@code gridledger.load.rates} (default {@code 300,500,900,1200,1500}),
 * {@code gridledger.load.stepSeconds} (6), {@code gridledger.load.senders} (256 per group), {@code
 * gridledger.load.nodes} ({@code gridledger,anvil}) and {@code gridledger.load.nodeJvmArgs} (the
 * node's JVM options, space separated; default the Makefile's {@code NODE_JAVA_OPTS}).
 */
public final class LoadBenchmark {
  public static final String DEFAULT_NODE_JVM_ARGS =
      "-Xmx192m --enable-native-access=ALL-UNNAMED"
          + " --sun-misc-unsafe-memory-access=allow -Xss8m";

  private LoadBenchmark() {}

  /** Everything measured on one node. */
  record NodeResult(
      String name,
      Map<Workloads.Group, List<LoadRun.Step>> steps,
      Map<Workloads.Group, Long> gasPerTx,
      double setupSeconds,
      long peakRssKiB,
      long hwmKiB) {}

  public static void main(String[] args) throws Exception {
    Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    int[] rates =
        Arrays.stream(
                System.getProperty("gridledger.load.rates", "300,500,900,1200,1500").split(","))
            .mapToInt(s -> Integer.parseInt(s.trim()))
            .toArray();
    int stepSeconds = Integer.getInteger("gridledger.load.stepSeconds", 6);
    int senders = Integer.getInteger("gridledger.load.senders", 256);
    List<String> nodes =
        List.of(System.getProperty("gridledger.load.nodes", "gridledger,anvil").split(","));
    List<String> nodeJvmArgs =
        List.of(
            System.getProperty("gridledger.load.nodeJvmArgs", DEFAULT_NODE_JVM_ARGS)
                .trim()
                .split("\\s+"));
    Path work = repo.resolve("bench/target/load");

    long t0 = System.nanoTime();
    long cpu0 = LoadRun.generatorCpuNanos();
    Workloads workloads = new Workloads(senders);
    List<SignedTx> setup = workloads.setup();
    int perGroup = Arrays.stream(rates).sum() * stepSeconds;
    Map<Workloads.Group, List<SignedTx>> txs = new LinkedHashMap<>();
    for (Workloads.Group g : Workloads.GROUPS) {
      txs.put(g, workloads.group(g, perGroup));
    }
    System.out.printf(
        "signed %,d setup and %,d load transactions in %.1f s (%.1f CPU s)%n",
        setup.size(),
        perGroup * Workloads.GROUPS.size(),
        (System.nanoTime() - t0) / 1e9,
        (LoadRun.generatorCpuNanos() - cpu0) / 1e9);

    List<NodeResult> results = new ArrayList<>();
    List<NodeProcess> running = new java.util.concurrent.CopyOnWriteArrayList<>();
    // Stop a node still running if this JVM is stopped (Ctrl-C) in the middle of a run.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> running.forEach(NodeProcess::close)));
    for (String name : nodes) {
      System.out.println();
      System.out.println("== " + name);
      try (NodeProcess node =
          switch (name.trim()) {
            case "gridledger" ->
                NodeProcess.gridledger(
                    repo.resolve("ledger-node/app/target/gridledger.jar"), nodeJvmArgs, work);
            case "anvil" -> NodeProcess.anvil(repo, work);
            default -> throw new IllegalArgumentException("unknown node " + name);
          }) {
        running.add(node);
        results.add(run(node, workloads, setup, txs, rates, stepSeconds));
        running.remove(node);
      }
    }
    String report =
        LoadReport.markdown(results, rates, stepSeconds, senders, String.join(" ", nodeJvmArgs));
    Path out = repo.resolve("bench/target/load-report.md");
    java.nio.file.Files.createDirectories(out.getParent());
    java.nio.file.Files.writeString(out, report);
    System.out.println();
    System.out.println(report);
    System.out.println("written to " + out);
  }

  private static NodeResult run(
      NodeProcess node,
      Workloads workloads,
      List<SignedTx> setup,
      Map<Workloads.Group, List<SignedTx>> txs,
      int[] rates,
      int stepSeconds)
      throws IOException, InterruptedException {
    JsonRpc rpc = new JsonRpc(node.http());
    AtomicLong peakRss = new AtomicLong();
    Thread sampler =
        Thread.ofPlatform()
            .daemon()
            .name("rss-sampler")
            .start(
                () -> {
                  while (!Thread.currentThread().isInterrupted()) {
                    long rss = ProcessStats.read(node.handle()).rssKiB();
                    peakRss.accumulateAndGet(rss, Math::max);
                    try {
                      Thread.sleep(200);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
    Map<Workloads.Group, List<LoadRun.Step>> steps = new LinkedHashMap<>();
    Map<Workloads.Group, Long> gas = new LinkedHashMap<>();
    double setupSeconds;
    try (BlockWatcher watcher = new BlockWatcher(rpc)) {
      long s0 = System.nanoTime();
      runSetup(rpc, watcher, workloads, setup);
      setupSeconds = (System.nanoTime() - s0) / 1e9;
      System.out.printf("setup (%d transactions) included in %.1f s%n", setup.size(), setupSeconds);
      for (Workloads.Group g : Workloads.GROUPS) {
        System.out.println(g.label());
        try (Transport transport = Transport.open(g.transport(), node)) {
          steps.put(g, LoadRun.ramp(node, watcher, transport, txs.get(g), rates, stepSeconds));
        }
        gas.put(g, checkReceipts(rpc, txs.get(g).subList(0, rates[0] * stepSeconds)));
        waitForEmptyPool(rpc);
      }
      if (watcher.failure() != null) {
        System.out.println("block watcher error (retried): " + watcher.failure());
      }
    } finally {
      sampler.interrupt();
    }
    ProcessStats.Reading end = ProcessStats.read(node.handle());
    peakRss.accumulateAndGet(end.rssKiB(), Math::max);
    System.out.printf(
        "%s memory: VmHWM %d MiB, peak VmRSS %d MiB, now %d MiB%n",
        node.name(), end.hwmKiB() / 1024, peakRss.get() / 1024, end.rssKiB() / 1024);
    return new NodeResult(node.name(), steps, gas, setupSeconds, peakRss.get(), end.hwmKiB());
  }

  /** Sends the setup in batches of 256 and waits for all of it; checks the token is in place. */
  private static void runSetup(
      JsonRpc rpc, BlockWatcher watcher, Workloads workloads, List<SignedTx> setup)
      throws IOException, InterruptedException {
    for (int i = 0; i < setup.size(); i += 256) {
      List<String> raws =
          setup.subList(i, Math.min(setup.size(), i + 256)).stream().map(SignedTx::raw).toList();
      JsonNode answers = rpc.batchAsync("eth_sendRawTransaction", raws).join();
      for (JsonNode a : answers) {
        if (a.has("error")) {
          throw new IOException("setup transaction refused: " + a.get("error"));
        }
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    for (SignedTx tx : setup) {
      while (watcher.includedAt(tx.hash()) == null) {
        if (System.nanoTime() > deadline) {
          throw new IOException("setup transaction " + tx.hash() + " not included in 180 s");
        }
        Thread.sleep(100);
      }
    }
    String sample = Workloads.senders(Workloads.GROUPS.get(2), 1).get(0).address().toHex();
    byte[] call = new byte[36];
    System.arraycopy(Hex.decode("0x70a08231"), 0, call, 0, 4); // balanceOf(address)
    System.arraycopy(Hex.decode(sample), 0, call, 16, 20);
    String balance =
        rpc.call(
                "eth_call",
                Map.of("to", workloads.token().toHex(), "data", Hex.encode(call)),
                "latest")
            .asText();
    if (!UInt256.fromHex(balance).equals(Workloads.SENDER_TOKENS)) {
      throw new IOException("token hand-out failed: balance " + balance);
    }
  }

  /**
   * Fetches the receipts of 16 transactions spread over the group's first step (which every node
   * includes whole, so both nodes are asked for the same ones): each must have succeeded. Returns
   * their mean gas used, compared between the nodes in the report.
   */
  private static long checkReceipts(JsonRpc rpc, List<SignedTx> firstStep)
      throws IOException, InterruptedException {
    long gas = 0;
    int count = 0;
    for (int i = 0; i < firstStep.size(); i += Math.max(1, firstStep.size() / 16)) {
      JsonNode r = rpc.call("eth_getTransactionReceipt", firstStep.get(i).hash());
      if (r == null || r.isNull() || !"0x1".equals(r.get("status").asText())) {
        throw new IOException("transaction " + firstStep.get(i).hash() + " failed: " + r);
      }
      gas += Long.decode(r.get("gasUsed").asText());
      count++;
    }
    return count == 0 ? -1 : gas / count;
  }

  /**
   * Waits (up to 60 s) until the pool has no pending transaction, so the next group starts on a
   * quiet node. Queued ones may stay: a transaction the node refused leaves a nonce gap behind it.
   */
  private static void waitForEmptyPool(JsonRpc rpc) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    JsonNode status = rpc.call("txpool_status");
    while (Long.decode(status.get("pending").asText()) > 0) {
      if (System.nanoTime() > deadline) {
        System.out.println(
            "  transactions still pending after 60 s: the next group starts with a backlog");
        return;
      }
      Thread.sleep(250);
      status = rpc.call("txpool_status");
    }
    long queued = Long.decode(status.get("queued").asText());
    if (queued > 0) {
      System.out.println("  " + queued + " transactions stay queued behind refused ones");
    }
  }
}
