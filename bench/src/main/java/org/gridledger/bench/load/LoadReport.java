package org.gridledger.bench.load;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The markdown report of {@link LoadBenchmark}: ours next to anvil with ratios, then every step.
 */
final class LoadReport {
  private LoadReport() {}

  /** The most transactions per second any step of the ramp got into blocks. */
  static double sustained(List<LoadRun.Step> steps) {
    return steps.stream()
        .mapToDouble(LoadRun.Step::includedPerSecond)
        .filter(d -> !Double.isNaN(d))
        .max()
        .orElse(Double.NaN);
  }

  /** CPU milliseconds of the node's processes per included transaction, over all steps. */
  static double cpuMillisPerTx(List<LoadRun.Step> steps) {
    double cpu = steps.stream().mapToDouble(LoadRun.Step::nodeCpuSeconds).sum();
    long included = steps.stream().mapToLong(LoadRun.Step::included).sum();
    return included == 0 ? Double.NaN : cpu * 1000 / included;
  }

  /** The step with the highest offered rate the node kept up with. */
  static Optional<LoadRun.Step> highestKeptUp(List<LoadRun.Step> steps) {
    return steps.stream()
        .filter(LoadRun.Step::keptUp)
        .max(Comparator.comparingInt(LoadRun.Step::offeredPerSecond));
  }

  static String markdown(
      List<LoadBenchmark.NodeResult> results,
      int[] rates,
      int stepSeconds,
      int senders,
      String nodeJvmArgs) {
    StringBuilder md = new StringBuilder();
    md.append("# JSON-RPC load: gridledger dev vs anvil\n\n");
    md.append(
        String.format(
            "Open-loop ramp: target rates %s tx/s, %d s each, stopping after the first rate a node"
                + " does not keep up with; %d senders per group; 1 s blocks, 30M gas limit. Node JVM"
                + " options: `%s`.%n%n",
            java.util.Arrays.toString(rates), stepSeconds, senders, nodeJvmArgs));
    LoadBenchmark.NodeResult ours = find(results, "gridledger");
    LoadBenchmark.NodeResult anvil = find(results, "anvil");
    md.append(
        "| workload / transport | gridledger tx/s | anvil tx/s | ratio | gridledger kept up to"
            + " | p50 / p99 ms there | anvil kept up to | p50 / p99 ms there | node CPU ms per tx"
            + " (gridledger / anvil) | mean gas per tx (sample) |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Workloads.Group g : Workloads.GROUPS) {
      double o = ours == null ? Double.NaN : sustained(ours.steps().getOrDefault(g, List.of()));
      double a = anvil == null ? Double.NaN : sustained(anvil.steps().getOrDefault(g, List.of()));
      md.append("| ")
          .append(g.label())
          .append(" | ")
          .append(fmt(o, "%.0f"))
          .append(" | ")
          .append(fmt(a, "%.0f"))
          .append(" | ")
          .append(fmt(o / a, "%.2f×"))
          .append(" | ")
          .append(keptUp(ours, g))
          .append(" | ")
          .append(keptUp(anvil, g))
          .append(" | ")
          .append(cpu(ours, g))
          .append(" / ")
          .append(cpu(anvil, g))
          .append(" | ")
          .append(gas(ours, anvil, g))
          .append(" |\n");
    }
    md.append(
        "\ntx/s: the most transactions per second included in blocks in any step (when the node"
            + " falls behind, that is its capacity with a backlog); ratio = gridledger / anvil"
            + " (above 1: we include more). Latency: from sending to the block holding the"
            + " transaction being seen by a 50 ms poller, at the highest rate the node kept up"
            + " with (≥ 90% of the rate included, all within 3 s of the last send). Node CPU:"
            + " user + system time of the node's processes during the steps, per included"
            + " transaction (admission, block building, RPC; the JIT warm-up of the JVM included)."
            + "\n\n");
    md.append("| memory | gridledger | anvil | ratio |\n|---|---:|---:|---:|\n");
    md.append(memRow("VmHWM (peak resident, summed over the process tree)", ours, anvil, true));
    md.append(memRow("peak VmRSS (sampled every 200 ms)", ours, anvil, false));
    md.append("\nanvil's figures include the npm launcher (node) that runs the anvil binary.\n");
    for (LoadBenchmark.NodeResult r : results) {
      md.append("\n## ").append(r.name()).append(" by step\n\n");
      md.append(String.format("Setup (funding, token): %.1f s.%n%n", r.setupSeconds()));
      md.append(
          "| group | offered tx/s | sent | rejected | included | included tx/s | p50 ms | p99 ms"
              + " | max base fee gwei | node CPU s | generator CPU s | kept up |\n");
      md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
      r.steps()
          .forEach(
              (g, steps) -> {
                for (LoadRun.Step s : steps) {
                  md.append(
                      String.format(
                          "| %s | %d | %d | %d | %d | %s | %s | %s | %.1f | %.1f | %.1f | %s |%n",
                          g.label(),
                          s.offeredPerSecond(),
                          s.sent(),
                          s.rejected(),
                          s.included(),
                          fmt(s.includedPerSecond(), "%.0f"),
                          fmt(s.p50Millis(), "%.0f"),
                          fmt(s.p99Millis(), "%.0f"),
                          s.maxBaseFeeGwei(),
                          s.nodeCpuSeconds(),
                          s.generatorCpuSeconds(),
                          s.keptUp() ? "yes" : "no"));
                }
              });
    }
    return md.toString();
  }

  private static LoadBenchmark.NodeResult find(List<LoadBenchmark.NodeResult> rs, String name) {
    return rs.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
  }

  private static String keptUp(LoadBenchmark.NodeResult r, Workloads.Group g) {
    if (r == null) {
      return "— | —";
    }
    return highestKeptUp(r.steps().getOrDefault(g, List.of()))
        .map(
            s ->
                s.offeredPerSecond()
                    + " | "
                    + fmt(s.p50Millis(), "%.0f")
                    + " / "
                    + fmt(s.p99Millis(), "%.0f"))
        .orElse("none | —");
  }

  private static String cpu(LoadBenchmark.NodeResult r, Workloads.Group g) {
    return r == null ? "—" : fmt(cpuMillisPerTx(r.steps().getOrDefault(g, List.of())), "%.2f");
  }

  private static String gas(
      LoadBenchmark.NodeResult ours, LoadBenchmark.NodeResult anvil, Workloads.Group g) {
    Long o = ours == null ? null : ours.gasPerTx().get(g);
    Long a = anvil == null ? null : anvil.gasPerTx().get(g);
    if (o != null && a != null && !o.equals(a)) {
      return o + " ≠ " + a;
    }
    return String.valueOf(o != null ? o : a);
  }

  private static String memRow(
      String label, LoadBenchmark.NodeResult ours, LoadBenchmark.NodeResult anvil, boolean hwm) {
    double o = ours == null ? Double.NaN : (hwm ? ours.hwmKiB() : ours.peakRssKiB()) / 1024.0;
    double a = anvil == null ? Double.NaN : (hwm ? anvil.hwmKiB() : anvil.peakRssKiB()) / 1024.0;
    return String.format(
        "| %s | %s MiB | %s MiB | %s |%n",
        label, fmt(o, "%.0f"), fmt(a, "%.0f"), fmt(o / a, "%.2f×"));
  }

  private static String fmt(double v, String format) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "—" : String.format(format, v);
  }
}
