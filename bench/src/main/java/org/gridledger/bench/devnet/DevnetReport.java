package org.gridledger.bench.devnet;

import static org.gridledger.bench.devnet.DevnetBenchmark.fmt;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The markdown report of {@link DevnetBenchmark}. */
final class DevnetReport {
  /** The goals of issue 9 ("Speed") on the 2-core project machine. */
  private static final Map<String, Double> GOAL_PER_SECOND =
      Map.of("native transfer", 1000.0, "node contract creation", 500.0);

  private static final double GOAL_P50_MILLIS = 1000;

  private DevnetReport() {}

  static String markdown(
      List<DevnetBenchmark.SetupResult> results,
      Map<String, int[]> rateSteps,
      int stepSeconds,
      int senders,
      long gasLimit,
      BenchGenesis genesis,
      String jvmArgs,
      int warmUpSeconds) {
    StringBuilder md = new StringBuilder();
    md.append("# make bench-devnet\n\n");
    md.append("Run ended ")
        .append(DevnetBenchmark.now())
        .append(", on ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores shared with the load generator (and whatever else ran: see the load")
        .append(" average per step). Node JVM options: `")
        .append(jvmArgs)
        .append("`. Genesis: genesis/devnet-bft.yaml with gas limit ")
        .append(String.format("%,d", gasLimit))
        .append(", a synthetic grid of ")
        .append(genesis.gridNodes())
        .append(" nodes and ")
        .append(genesis.users())
        .append(" users; ")
        .append(senders)
        .append(" senders per workload; steps of ")
        .append(stepSeconds)
        .append(" s")
        .append(
            warmUpSeconds > 0
                ? "; before each workload's ramp a warm-up of about "
                    + warmUpSeconds
                    + " s at "
                    + DevnetBenchmark.WARM_UP_RATES
                    + " tx/s, not measured"
                : "; no warm-up (cold JVMs)")
        .append(".\n\n");

    md.append(
        "| workload | setup | sustained tx/s | at offered | finality p50 / p99 ms | highest"
            + " included tx/s | mean gas | goal |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---|\n");
    for (String workload : rateSteps.keySet()) {
      for (DevnetBenchmark.SetupResult r : results) {
        List<DevnetLoad.Step> steps = r.steps().getOrDefault(workload, List.of());
        Optional<DevnetLoad.Step> best = sustained(steps);
        double max =
            steps.stream()
                .mapToDouble(DevnetLoad.Step::includedPerSecond)
                .filter(d -> !Double.isNaN(d))
                .max()
                .orElse(Double.NaN);
        String goal = "";
        if (r.setup().equals("devnet")) {
          double rateGoal = GOAL_PER_SECOND.get(workload);
          boolean rateMet = best.isPresent() && best.get().includedPerSecond() >= rateGoal;
          boolean p50Met = best.isPresent() && best.get().p50Millis() <= GOAL_P50_MILLIS;
          goal =
              String.format(
                  "≥ %.0f/s: %s; p50 ≤ 1 s: %s",
                  rateGoal, rateMet ? "met" : "not met", p50Met ? "met" : "not met");
        }
        md.append("| ")
            .append(workload)
            .append(" | ")
            .append(r.setup())
            .append(" | ")
            .append(best.map(s -> fmt(s.includedPerSecond())).orElse("—"))
            .append(" | ")
            .append(best.map(s -> Integer.toString(s.offeredPerSecond())).orElse("—"))
            .append(" | ")
            .append(best.map(s -> fmt(s.p50Millis()) + " / " + fmt(s.p99Millis())).orElse("—"))
            .append(" | ")
            .append(fmt(max))
            .append(" | ")
            .append(r.gasPerTx().getOrDefault(workload, -1L))
            .append(" | ")
            .append(goal)
            .append(" |\n");
      }
    }
    md.append(
        "\nSustained: the included rate of the highest step the setup kept up with (≥ 90% of the"
            + " offered rate in finalized blocks over the step's steady window, every transaction"
            + " in within "
            + DevnetLoad.KEPT_UP_DRAIN_SECONDS
            + " s of the last send). Finality: from sending to the finalized block holding the"
            + " transaction being seen by a 50 ms poller of the full node (devnet) or the node"
            + " (dev).\n");

    if (results.size() > 1) {
      md.append("\n| workload | devnet / dev (sustained tx/s) | devnet / dev (p50) |\n");
      md.append("|---|---:|---:|\n");
      DevnetBenchmark.SetupResult a = results.get(0);
      DevnetBenchmark.SetupResult b = results.get(1);
      for (String workload : rateSteps.keySet()) {
        Optional<DevnetLoad.Step> sa = sustained(a.steps().getOrDefault(workload, List.of()));
        Optional<DevnetLoad.Step> sb = sustained(b.steps().getOrDefault(workload, List.of()));
        String rate = "—";
        String p50 = "—";
        if (sa.isPresent() && sb.isPresent()) {
          rate =
              String.format("%.2f×", sa.get().includedPerSecond() / sb.get().includedPerSecond());
          p50 = String.format("%.2f×", sa.get().p50Millis() / sb.get().p50Millis());
        }
        md.append("| ").append(workload).append(" | ").append(rate).append(" | ");
        md.append(p50).append(" |\n");
      }
      md.append("\n(ratios: ")
          .append(a.setup())
          .append(" over ")
          .append(b.setup())
          .append(", each at its own sustained step)\n");
    }

    for (DevnetBenchmark.SetupResult r : results) {
      md.append("\n## ").append(r.setup()).append(": every step\n\n");
      md.append(
          "| workload | offered tx/s | sent | rejected | included | included tx/s | with the"
              + " drain tx/s | p50 / p99 ms | CPU % of a core per node (JIT compiler threads' share of it, %) | RSS MiB per node | load avg |\n");
      md.append("|---|---:|---:|---:|---:|---:|---:|---:|---|---|---:|\n");
      for (Map.Entry<String, List<DevnetLoad.Step>> e : r.steps().entrySet()) {
        for (DevnetLoad.Step s : e.getValue()) {
          md.append("| ")
              .append(e.getKey())
              .append(" | ")
              .append(s.offeredPerSecond())
              .append(s.keptUp() ? "" : " (not kept up)")
              .append(" | ")
              .append(s.sent())
              .append(" | ")
              .append(s.rejected())
              .append(" | ")
              .append(s.included())
              .append(" | ")
              .append(fmt(s.includedPerSecond()))
              .append(" | ")
              .append(fmt(s.drainedPerSecond()))
              .append(" | ")
              .append(fmt(s.p50Millis()))
              .append(" / ")
              .append(fmt(s.p99Millis()))
              .append(" | ")
              .append(
                  s.usage().stream()
                      .map(
                          u ->
                              u.node()
                                  + " "
                                  + fmt(u.cpuPercent())
                                  + " (JIT "
                                  + fmt(u.jitPercent())
                                  + ")")
                      .collect(Collectors.joining(", ")))
              .append(" | ")
              .append(
                  s.usage().stream()
                      .map(u -> u.node() + " " + u.rssMiB())
                      .collect(Collectors.joining(", ")))
              .append(" | ")
              .append(String.format("%.1f", s.loadAverage()))
              .append(" |\n");
          if (s.firstError() != null) {
            md.append("| | first error: `")
                .append(s.firstError().replace('|', '/'))
                .append("` | | | | | | | | | |\n");
          }
        }
      }
      md.append("\nVmHWM (peak resident) per node, MiB: ").append(r.hwmMiB()).append("\n");
    }
    return md.toString();
  }

  /** The highest step kept up with. */
  static Optional<DevnetLoad.Step> sustained(List<DevnetLoad.Step> steps) {
    return steps.stream().filter(DevnetLoad.Step::keptUp).reduce((x, y) -> y);
  }
}
