package org.gridledger.bench.load;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The open-loop ramp of one group on one node: for each target rate in turn, sends {@code rate ×
 * stepSeconds} transactions at that rate (paced in 10 ms ticks, whatever the node answers), waits
 * for them to be included, and stops after the first step the node did not keep up with.
 */
final class LoadRun {
  /** The node kept up if it included this share of the offered rate... */
  private static final double KEPT_UP_SHARE = 0.9;

  /** ...and every transaction within this time after the last was sent. */
  private static final long KEPT_UP_DRAIN_NANOS = TimeUnit.SECONDS.toNanos(3);

  private static final long TICK_MILLIS = 10;

  /**
   * What one step measured.
   *
   * @param includedPerSecond transactions in blocks per second while the load was on (see {@link
   *     #includedRate})
   * @param nodeCpuSeconds CPU time of the node's processes during the step
   * @param generatorCpuSeconds CPU time of this JVM (signing excluded: done before)
   */
  record Step(
      int offeredPerSecond,
      int sent,
      long rejected,
      int included,
      double includedPerSecond,
      double p50Millis,
      double p99Millis,
      double maxBaseFeeGwei,
      double seconds,
      double nodeCpuSeconds,
      double generatorCpuSeconds,
      boolean keptUp,
      String firstError) {}

  private LoadRun() {}

  static List<Step> ramp(
      NodeProcess node,
      BlockWatcher watcher,
      Transport transport,
      List<SignedTx> txs,
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
      Step s = step(node, watcher, transport, txs.subList(offset, offset + n), rate);
      offset += n;
      steps.add(s);
      System.out.printf(
          "  %5d tx/s offered: %5d sent, %4d rejected, %5d included, %7.1f tx/s included,"
              + " p50 %6.0f ms, p99 %6.0f ms, node CPU %.1f s, generator CPU %.1f s%s%n",
          s.offeredPerSecond(),
          s.sent(),
          s.rejected(),
          s.included(),
          s.includedPerSecond(),
          s.p50Millis(),
          s.p99Millis(),
          s.nodeCpuSeconds(),
          s.generatorCpuSeconds(),
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

  private static Step step(
      NodeProcess node, BlockWatcher watcher, Transport transport, List<SignedTx> txs, int rate)
      throws InterruptedException {
    long errorsBefore = transport.errors();
    double nodeCpu0 = ProcessStats.read(node.handle()).cpuSeconds();
    long genCpu0 = generatorCpuNanos();
    Map<String, Long> sentAt = new HashMap<>();
    int n = txs.size();
    int sent = 0;
    long t0 = System.nanoTime();
    while (sent < n) {
      long now = System.nanoTime();
      int due = (int) Math.min(n, 1 + (now - t0) * rate / 1_000_000_000L) - sent;
      if (due > 0) {
        List<SignedTx> chunk = txs.subList(sent, sent + due);
        for (SignedTx tx : chunk) {
          sentAt.put(tx.hash(), now);
        }
        transport.submit(chunk);
        sent += due;
      }
      Thread.sleep(TICK_MILLIS);
    }
    long tEnd = System.nanoTime();
    transport.awaitAnswers();
    long rejected = transport.errors() - errorsBefore;
    long expected = n - rejected;
    // Wait for inclusion: until all accepted ones are in, or nothing new for 10 s, or 60 s.
    long deadline = tEnd + TimeUnit.SECONDS.toNanos(60);
    int included = 0;
    long lastProgress = System.nanoTime();
    while (System.nanoTime() < deadline) {
      int count = 0;
      for (SignedTx tx : txs) {
        if (watcher.includedAt(tx.hash()) != null) {
          count++;
        }
      }
      if (count > included) {
        included = count;
        lastProgress = System.nanoTime();
      }
      if (included >= expected || System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(10)) {
        break;
      }
      Thread.sleep(100);
    }
    double genCpu = (generatorCpuNanos() - genCpu0) / 1e9;
    double nodeCpu = ProcessStats.read(node.handle()).cpuSeconds() - nodeCpu0;
    double[] latencies = new double[included];
    int k = 0;
    long lastIncluded = t0;
    for (SignedTx tx : txs) {
      Long at = watcher.includedAt(tx.hash());
      if (at != null && k < latencies.length) {
        latencies[k++] = (at - sentAt.get(tx.hash())) / 1e6;
        lastIncluded = Math.max(lastIncluded, at);
      }
    }
    Arrays.sort(latencies, 0, k);
    double rateIncluded = includedRate(watcher.blocks(), t0, tEnd);
    double maxBaseFee =
        watcher.blocks().stream()
                .filter(b -> b.seenNanos() >= t0)
                .mapToLong(BlockWatcher.SeenBlock::baseFee)
                .max()
                .orElse(0)
            / 1e9;
    boolean keptUp =
        included == n
            && lastIncluded - tEnd <= KEPT_UP_DRAIN_NANOS
            && rateIncluded >= KEPT_UP_SHARE * rate;
    return new Step(
        rate,
        n,
        rejected,
        included,
        rateIncluded,
        percentile(latencies, k, 0.50),
        percentile(latencies, k, 0.99),
        maxBaseFee,
        (tEnd - t0) / 1e9,
        nodeCpu,
        genCpu,
        keptUp,
        rejected > 0 ? transport.firstError() : null);
  }

  /**
   * Transactions per second in the blocks seen while the load was on: of the blocks first seen from
   * one second after sending started until sending ended, the transactions of all but the first
   * divided by the time between the first and the last. Each counted block was built during a whole
   * block interval under load, so the rate counts whole intervals. Only the step's transactions are
   * in those blocks: earlier steps were drained.
   */
  static double includedRate(List<BlockWatcher.SeenBlock> blocks, long t0, long tEnd) {
    long from = t0 + TimeUnit.SECONDS.toNanos(1);
    long to = tEnd;
    List<BlockWatcher.SeenBlock> window =
        blocks.stream().filter(b -> b.seenNanos() >= from && b.seenNanos() <= to).toList();
    if (window.size() < 2) {
      return Double.NaN;
    }
    long txs = 0;
    for (int i = 1; i < window.size(); i++) {
      txs += window.get(i).txCount();
    }
    double seconds = (window.getLast().seenNanos() - window.getFirst().seenNanos()) / 1e9;
    return txs / seconds;
  }

  private static double percentile(double[] sorted, int n, double q) {
    if (n == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(q * n) - 1;
    return sorted[Math.max(0, Math.min(n - 1, i))];
  }

  static long generatorCpuNanos() {
    return ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
        .getProcessCpuTime();
  }
}
