package org.gridledger.bench.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.gridledger.bench.load.BlockWatcher;
import org.gridledger.bench.load.JsonRpc;
import org.gridledger.bench.load.NodeProcess;
import org.gridledger.bench.load.ProcessStats;
import org.gridledger.bench.load.SignedTx;

/**
 * The open-loop ramp of one workload on one setup: for each target rate, sends {@code rate ×
 * stepSeconds} pre-signed transactions paced in 10 ms ticks, whatever the nodes answer, as one
 * JSON-RPC batch of {@code eth_sendRawTransaction} per node and tick; a sender always talks to the
 * same node ({@code sender mod nodes}), as a wallet does. It then waits until the step's
 * transactions are in finalized blocks and stops after the first step the setup did not keep up
 * with (less than 90% of the rate included, or a transaction left more than {@link
 * #KEPT_UP_DRAIN_SECONDS} after the last was sent).
 */
final class DevnetLoad {
  private static final long TICK_MILLIS = 10;
  private static final double KEPT_UP_SHARE = 0.9;
  static final long KEPT_UP_DRAIN_SECONDS = 5;

  /**
   * How long to keep waiting for a step's transactions while no new one arrives: longer than the
   * first three round timeouts of devnet-bft together (3 + 4 + 8 + 16 s), so that a height decided
   * after round changes still counts toward the step's latency.
   */
  static final long NO_PROGRESS_SECONDS = 40;

  /** The first seconds of a step are left out of the rate: the pipeline is filling. */
  static final long WARM_UP_SECONDS = 2;

  /**
   * CPU and memory of one node process during a step.
   *
   * @param cpuPercent the process's CPU time over the step's wall time, in % of one core
   * @param jitPercent the share of that CPU time spent by the JVM's JIT compiler threads, in %: a
   *     node still compiling its hot code is not yet running at its steady-state speed
   */
  record NodeUsage(String node, double cpuPercent, double jitPercent, long rssMiB) {}

  /**
   * What one step measured.
   *
   * @param includedPerSecond transactions in finalized blocks per second over the steady window
   *     ({@link #includedRate})
   * @param drainedPerSecond the step's included transactions over the time from its first send to
   *     the last one seen in a finalized block (what a setup that falls behind still finalizes)
   * @param p50Millis finality latency: from sending to the finalized block holding it being seen
   * @param loadAverage the machine's 1-minute load average at the end of the step
   */
  record Step(
      String workload,
      int offeredPerSecond,
      int sent,
      long rejected,
      int included,
      double includedPerSecond,
      double drainedPerSecond,
      double p50Millis,
      double p99Millis,
      double seconds,
      boolean keptUp,
      String firstError,
      List<NodeUsage> usage,
      double loadAverage) {}

  private DevnetLoad() {}

  static List<Step> ramp(
      String workload,
      Cluster cluster,
      BlockWatcher watcher,
      List<SignedTx> txs,
      int senders,
      int[] rates,
      int stepSeconds)
      throws InterruptedException {
    List<Step> steps = new ArrayList<>();
    int offset = 0;
    for (int rate : rates) {
      int n = rate * stepSeconds;
      if (offset + n > txs.size()) {
        break;
      }
      Step s = step(workload, cluster, watcher, txs, offset, n, senders, rate);
      offset += n;
      steps.add(s);
      System.out.printf(
          "  %5d tx/s offered: %6d sent, %5d rejected, %6d included, %7s tx/s included"
              + " (%.1f with the drain), finality p50 %5.0f ms p99 %5.0f ms, CPU %s, load %.1f%s%n",
          s.offeredPerSecond(),
          s.sent(),
          s.rejected(),
          s.included(),
          // NaN: fewer than two blocks were finalized in the step's window
          Double.isNaN(s.includedPerSecond())
              ? "—"
              : String.format(java.util.Locale.ROOT, "%.1f", s.includedPerSecond()),
          s.drainedPerSecond(),
          s.p50Millis(),
          s.p99Millis(),
          s.usage().stream()
              .map(
                  u ->
                      String.format(
                          "%s %.0f%% (JIT %.0f%%)", u.node(), u.cpuPercent(), u.jitPercent()))
              .toList(),
          s.loadAverage(),
          s.keptUp() ? "" : "  (did not keep up)");
      if (s.firstError() != null) {
        System.out.println("    first error: " + s.firstError());
      }
      if (!s.keptUp()) {
        break;
      }
    }
    return steps;
  }

  static Step step(
      String workload,
      Cluster cluster,
      BlockWatcher watcher,
      List<SignedTx> all,
      int offset,
      int n,
      int senders,
      int rate)
      throws InterruptedException {
    List<NodeProcess> nodes = cluster.nodes();
    // HTTP/1.1: over h2c a node slow to answer makes the client fail batches with "too many
    // concurrent streams" instead of waiting for a connection.
    List<JsonRpc> rpcs =
        nodes.stream().map(p -> new JsonRpc(p.http(), HttpClient.Version.HTTP_1_1)).toList();
    List<ProcessStats.Reading> before =
        nodes.stream().map(p -> ProcessStats.read(p.handle())).toList();
    AtomicLong answered = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    List<CompletableFuture<?>> inFlight = new ArrayList<>();
    long[] sentAt = new long[n];
    int sent = 0;
    long t0 = System.nanoTime();
    while (sent < n) {
      long now = System.nanoTime();
      int due = (int) Math.min(n, 1 + (now - t0) * rate / 1_000_000_000L) - sent;
      if (due > 0) {
        List<List<String>> perNode = new ArrayList<>();
        for (int k = 0; k < nodes.size(); k++) {
          perNode.add(new ArrayList<>());
        }
        for (int j = sent; j < sent + due; j++) {
          int i = offset + j;
          sentAt[j] = now;
          perNode.get((i % senders) % nodes.size()).add(all.get(i).raw());
        }
        for (int k = 0; k < nodes.size(); k++) {
          List<String> raws = perNode.get(k);
          if (raws.isEmpty()) {
            continue;
          }
          inFlight.add(
              rpcs.get(k)
                  .batchAsync("eth_sendRawTransaction", raws)
                  .whenComplete(
                      (body, t) -> {
                        if (t != null || !body.isArray()) {
                          answered.addAndGet(raws.size());
                          errors.addAndGet(raws.size());
                          firstError.compareAndSet(
                              null, t != null ? t.toString() : body.toString());
                          return;
                        }
                        for (JsonNode a : body) {
                          answered.incrementAndGet();
                          if (a.has("error")) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, a.get("error").toString());
                          }
                        }
                      }));
        }
        inFlight.removeIf(CompletableFuture::isDone);
        sent += due;
      }
      Thread.sleep(TICK_MILLIS);
    }
    long tEnd = System.nanoTime();
    long answerDeadline = tEnd + TimeUnit.SECONDS.toNanos(60);
    while (answered.get() < n && System.nanoTime() < answerDeadline) {
      Thread.sleep(5);
    }
    long expected = n - errors.get();
    List<SignedTx> stepTxs = all.subList(offset, offset + n);
    long deadline = tEnd + TimeUnit.SECONDS.toNanos(90);
    int included = 0;
    long lastProgress = System.nanoTime();
    while (System.nanoTime() < deadline) {
      int count = 0;
      for (SignedTx tx : stepTxs) {
        if (watcher.includedAt(tx.hash()) != null) {
          count++;
        }
      }
      if (count > included) {
        included = count;
        lastProgress = System.nanoTime();
      }
      if (included >= expected
          || System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(NO_PROGRESS_SECONDS)) {
        break;
      }
      Thread.sleep(100);
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    List<NodeUsage> usage = new ArrayList<>();
    for (int k = 0; k < nodes.size(); k++) {
      ProcessStats.Reading r = ProcessStats.read(nodes.get(k).handle());
      double cpu = r.cpuSeconds() - before.get(k).cpuSeconds();
      double jit = r.jitCpuSeconds() - before.get(k).jitCpuSeconds();
      usage.add(
          new NodeUsage(
              nodes.get(k).name(),
              100 * cpu / wall,
              cpu > 0 ? 100 * jit / cpu : 0,
              r.rssKiB() / 1024));
    }
    double[] latencies = new double[included];
    int k = 0;
    long lastIncluded = t0;
    for (int j = 0; j < n; j++) {
      Long at = watcher.includedAt(stepTxs.get(j).hash());
      if (at != null && k < latencies.length) {
        latencies[k++] = (at - sentAt[j]) / 1e6;
        lastIncluded = Math.max(lastIncluded, at);
      }
    }
    Arrays.sort(latencies, 0, k);
    double rateIncluded = includedRate(watcher.blocks(), t0, tEnd);
    boolean keptUp =
        included == n
            && lastIncluded - tEnd <= TimeUnit.SECONDS.toNanos(KEPT_UP_DRAIN_SECONDS)
            && rateIncluded >= KEPT_UP_SHARE * rate;
    return new Step(
        workload,
        rate,
        n,
        errors.get(),
        included,
        rateIncluded,
        k == 0 ? Double.NaN : k / ((lastIncluded - t0) / 1e9),
        percentile(latencies, k, 0.50),
        percentile(latencies, k, 0.99),
        (tEnd - t0) / 1e9,
        keptUp,
        errors.get() > 0 ? firstError.get() : null,
        usage,
        loadAverage());
  }

  /**
   * Transactions per second in the finalized blocks first seen from {@link #WARM_UP_SECONDS} after
   * sending started until sending ended: the transactions of all but the first of those blocks
   * divided by the time between the first and the last (whole block intervals under load; earlier
   * steps were drained, so only this step's transactions are in them).
   */
  static double includedRate(List<BlockWatcher.SeenBlock> blocks, long t0, long tEnd) {
    long from = t0 + TimeUnit.SECONDS.toNanos(WARM_UP_SECONDS);
    List<BlockWatcher.SeenBlock> window =
        blocks.stream().filter(b -> b.seenNanos() >= from && b.seenNanos() <= tEnd).toList();
    if (window.size() < 2) {
      return Double.NaN;
    }
    long txs = 0;
    for (int i = 1; i < window.size(); i++) {
      txs += window.get(i).txCount();
    }
    return txs / ((window.getLast().seenNanos() - window.getFirst().seenNanos()) / 1e9);
  }

  private static double percentile(double[] sorted, int n, double q) {
    if (n == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(q * n) - 1;
    return sorted[Math.max(0, Math.min(n - 1, i))];
  }

  /** The first field of {@code /proc/loadavg}; NaN where there is none. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
