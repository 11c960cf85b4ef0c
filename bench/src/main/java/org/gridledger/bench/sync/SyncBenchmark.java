package org.gridledger.bench.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.gridledger.core.devnet.HdKeys;
import org.gridledger.evm.types.Hex;

/**
 * The sync benchmark: {@code gridledger dev-chain} writes N final blocks (default 10,000; every 4th
 * with 10 transfers) of the fast test chain (ledger-node/app/src/test/resources/genesis/
 * late-join.yaml, 100 ms block period) into one validator's data directory, copied to three more;
 * the four validators run as processes and keep finalizing; then a fresh full node given the first
 * validator as bootnode catches up, timed from its start until its head reaches N: once with
 * discovery (it syncs from all four), once with {@code --no-discovery} (from the bootnode alone).
 * Last, {@code gridledger import} of the same blocks as an RLP file (execution without seal checks
 * and without network). For each: seconds, blocks/s, tx/s, the process's peak RSS (VmHWM) and CPU
 * seconds (from /proc). Report: target/bench-sync/report.md.
 *
 * <p>Arguments: the repository root. Properties: {@code gridledger.sync.blocks}, {@code
 * gridledger.sync.txEvery}, {@code gridledger.sync.txPerBlock}, {@code gridledger.sync.jvmArgs},
 * {@code gridledger.sync.rounds} (default 2: multi-peer and single-peer catch-ups alternate, each
 * kind once first).
 */
public final class SyncBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("Listening on (http://\\S+)");
  private static final Pattern ENODE = Pattern.compile("Enode +(enode://\\S+)");
  private static final Pattern BUILT =
      Pattern.compile("built (\\d+) blocks with (\\d+) transactions");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final Path repo;
  private final Path jar;
  private final Path work;
  private final List<String> jvmArgs;
  private final List<Process> started = new ArrayList<>();

  /** One measured catch-up. */
  record Run(String name, double seconds, long blocks, long txs, long hwmKiB, double cpuSeconds) {
    double blocksPerSecond() {
      return blocks / seconds;
    }

    double txPerSecond() {
      return txs / seconds;
    }
  }

  private SyncBenchmark(Path repo) throws IOException {
    this.repo = repo;
    this.jar = repo.resolve("ledger-node/app/target/gridledger.jar");
    this.work =
        repo.resolve("target/bench-sync").resolve(Long.toString(System.currentTimeMillis()));
    this.jvmArgs =
        List.of(System.getProperty("gridledger.sync.jvmArgs", "-Xmx512m").trim().split("\\s+"));
    Files.createDirectories(work);
  }

  public static void main(String[] args) throws Exception {
    Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    int blocks = Integer.getInteger("gridledger.sync.blocks", 10_000);
    int txEvery = Integer.getInteger("gridledger.sync.txEvery", 4);
    int txPerBlock = Integer.getInteger("gridledger.sync.txPerBlock", 10);
    SyncBenchmark b = new SyncBenchmark(repo);
    try {
      b.run(blocks, txEvery, txPerBlock, Integer.getInteger("gridledger.sync.rounds", 2));
    } finally {
      b.stopAll();
    }
  }

  private void run(int blocks, int txEvery, int txPerBlock, int rounds) throws Exception {
    Path genesis = work.resolve("genesis.json");
    exec(
        "genesis",
        List.of(
            "genesis",
            "build",
            "--config",
            repo.resolve("ledger-node/app/src/test/resources/genesis/late-join.yaml").toString(),
            "--out",
            genesis.toString()));
    Path v0 = work.resolve("validator0");
    Path rlp = work.resolve("chain.rlp");
    long t0 = System.nanoTime();
    String out =
        exec(
            "dev-chain",
            List.of(
                "dev-chain",
                "--genesis",
                genesis.toString(),
                "--data-dir",
                v0.toString(),
                "--blocks",
                Integer.toString(blocks),
                "--tx-every",
                Integer.toString(txEvery),
                "--tx-per-block",
                Integer.toString(txPerBlock),
                "--export",
                rlp.toString()));
    double buildSeconds = (System.nanoTime() - t0) / 1e9;
    Matcher built = BUILT.matcher(out);
    if (!built.find()) {
      throw new IllegalStateException("dev-chain printed no summary: " + out);
    }
    long txs = Long.parseLong(built.group(2));
    System.out.printf("built %d blocks with %d transfers in %.1f s%n", blocks, txs, buildSeconds);
    for (int i = 1; i < 4; i++) {
      copy(v0, work.resolve("validator" + i));
    }

    List<String> enodes = new ArrayList<>();
    String firstRpc = null;
    for (int i = 0; i < 4; i++) {
      Path dir = work.resolve("validator" + i);
      Path key = dir.resolve("validator.key");
      Files.writeString(key, VALIDATOR_KEYS.get(i) + "\n");
      List<String> extra = new ArrayList<>(List.of("--validator-key-file", key.toString()));
      if (!enodes.isEmpty()) {
        extra.addAll(List.of("--bootnodes", String.join(",", enodes)));
      }
      Node n = startNode("validator" + i, genesis, dir, extra);
      enodes.add(n.enode());
      if (firstRpc == null) {
        firstRpc = n.rpc();
      }
    }
    String rpc0 = firstRpc;
    awaitHead(rpc0, blocks + 2, Duration.ofMinutes(2), null);
    System.out.println("validators finalizing on top of block " + blocks);

    // Alternating, so that neither kind always runs first (on a shared machine the load drifts).
    List<Run> runs = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      boolean multiFirst = round % 2 == 0;
      for (int k = 0; k < 2; k++) {
        if ((k == 0) == multiFirst) {
          runs.add(
              catchUp(
                  "full node, multi-peer (discovery)",
                  genesis,
                  blocks,
                  txs,
                  List.of("--bootnodes", enodes.getFirst())));
        } else {
          runs.add(
              catchUp(
                  "full node, single peer (--no-discovery)",
                  genesis,
                  blocks,
                  txs,
                  List.of("--bootnodes", enodes.getFirst(), "--no-discovery")));
        }
      }
    }
    runs.add(importRun(genesis, rlp, blocks, txs));

    String report = report(blocks, txs, buildSeconds, runs);
    System.out.println(report);
    Files.writeString(repo.resolve("target/bench-sync/report.md"), report);
  }

  /** Public test-mnemonic keys m/44'/60'/0'/0/10..13: the fast chain's genesis validators. */
  private static final List<String> VALIDATOR_KEYS =
      HdKeys.ethereumKeys(HdKeys.TEST_MNEMONIC, 14).subList(10, 14).stream()
          .map(k -> Hex.encode(k.toBytes()))
          .toList();

  record Node(Process process, String rpc, String enode) {}

  private Node startNode(String name, Path genesis, Path dataDir, List<String> extra)
      throws IOException, InterruptedException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "node",
                "--genesis",
                genesis.toString(),
                "--data-dir",
                dataDir.toString(),
                "--rpc-port",
                "0",
                "--p2p-port",
                "0"));
    args.addAll(extra);
    Path log = work.resolve(name + ".log");
    Process p = start(args, log);
    String rpc = awaitLine(log, LISTENING, p);
    String enode = awaitLine(log, ENODE, p);
    return new Node(p, rpc, enode);
  }

  private Run catchUp(String name, Path genesis, long blocks, long txs, List<String> extra)
      throws Exception {
    Path dir = work.resolve("full-" + started.size());
    long t0 = System.nanoTime();
    Node n = startNode("full-" + started.size(), genesis, dir, extra);
    double[] cpu = {0};
    long[] hwm = {0};
    awaitHead(
        n.rpc(),
        blocks,
        Duration.ofMinutes(30),
        () -> {
          long[] s = proc(n.process().pid());
          hwm[0] = Math.max(hwm[0], s[0]);
          cpu[0] = s[1] / 100.0;
        });
    double seconds = (System.nanoTime() - t0) / 1e9;
    long peers = Long.decode(call(n.rpc(), "net_peerCount").asText());
    n.process().destroy();
    n.process().waitFor(20, TimeUnit.SECONDS);
    Run r =
        new Run(name + ", " + peers + " peers at the end", seconds, blocks, txs, hwm[0], cpu[0]);
    System.out.printf(
        Locale.ROOT,
        "%s: %.1f s, %.0f blocks/s, %.0f tx/s%n",
        r.name(),
        seconds,
        r.blocksPerSecond(),
        r.txPerSecond());
    return r;
  }

  private Run importRun(Path genesis, Path rlp, long blocks, long txs) throws Exception {
    Path log = work.resolve("import.log");
    long t0 = System.nanoTime();
    Process p =
        start(
            List.of(
                "import",
                "--genesis",
                genesis.toString(),
                "--data-dir",
                work.resolve("import").toString(),
                rlp.toString()),
            log);
    long hwm = 0;
    double cpu = 0;
    while (!p.waitFor(200, TimeUnit.MILLISECONDS)) {
      long[] s = proc(p.pid());
      hwm = Math.max(hwm, s[0]);
      cpu = s[1] / 100.0;
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (p.exitValue() != 0) {
      throw new IllegalStateException("import failed: " + Files.readString(log));
    }
    return new Run("gridledger import (RLP file, no network)", seconds, blocks, txs, hwm, cpu);
  }

  private static String report(long blocks, long txs, double buildSeconds, List<Run> runs) {
    StringBuilder md = new StringBuilder();
    md.append("# Sync benchmark\n\n")
        .append(
            String.format(
                Locale.ROOT,
                "%d blocks, %d transfers (built by `gridledger dev-chain` in %.1f s); times from"
                    + " process start (JVM start included) to head %d.%n%n",
                blocks,
                txs,
                buildSeconds,
                blocks))
        .append("| run | seconds | blocks/s | tx/s | peak RSS (VmHWM) MiB | CPU s |\n")
        .append("|---|---:|---:|---:|---:|---:|\n");
    for (Run r : runs) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f | %.0f | %.0f | %d | %.1f |%n",
              r.name(),
              r.seconds(),
              r.blocksPerSecond(),
              r.txPerSecond(),
              r.hwmKiB() / 1024,
              r.cpuSeconds()));
    }
    md.append(
        String.format(
            Locale.ROOT,
            "%nMachine: %d cores (shared).%n",
            Runtime.getRuntime().availableProcessors()));
    return md.toString();
  }

  // ---------------------------------------------------------------- processes

  private Process start(List<String> args, Path log) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-jar", jar.toString()));
    cmd.addAll(args);
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
            .start();
    started.add(p);
    return p;
  }

  private String exec(String name, List<String> args) throws IOException, InterruptedException {
    Path log = work.resolve(name + ".log");
    Process p = start(args, log);
    if (!p.waitFor(60, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException(name + " failed: " + Files.readString(log));
    }
    return Files.readString(log);
  }

  private void stopAll() throws InterruptedException {
    for (Process p : started) {
      p.destroyForcibly();
    }
    for (Process p : started) {
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static String awaitLine(Path log, Pattern pattern, Process p)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log)) {
        Matcher m = pattern.matcher(Files.readString(log));
        if (m.find()) {
          return m.group(1);
        }
      }
      if (!p.isAlive()) {
        throw new IllegalStateException("process exited: " + Files.readString(log));
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("no " + pattern + " in " + log);
  }

  private static void awaitHead(String rpc, long height, Duration limit, Runnable sample)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (Long.decode(call(rpc, "eth_blockNumber").asText()) < height) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("head " + height + " not reached at " + rpc);
      }
      if (sample != null) {
        sample.run();
      }
      Thread.sleep(200);
    }
    if (sample != null) {
      sample.run();
    }
  }

  private static JsonNode call(String url, String method) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\""
                            + method
                            + "\",\"params\":[]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body()).get("result");
  }

  /** {VmHWM KiB, utime + stime ticks} of a process (Linux /proc); zeros once it is gone. */
  private static long[] proc(long pid) {
    try {
      long hwm = 0;
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          hwm = Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // Fields 14 and 15 of proc(5) (utime, stime), counted from after the command name.
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return new long[] {hwm, ticks};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.getFileName().toString().equals("LOCK")) {
          Files.copy(p, target);
        }
      }
    }
  }
}
