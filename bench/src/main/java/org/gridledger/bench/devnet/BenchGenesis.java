package org.gridledger.bench.devnet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark's genesis: {@code genesis/devnet-bft.yaml} (its validators, staking, BFT timing,
 * prices) with three fields changed, then {@code gridledger genesis build} with a synthetic grid of
 * one farm, {@code N} nodes and {@code 2S} users (each with a twin and one node contract).
 *
 * <ul>
 *   <li>{@code chain.timestamp}: now, because synthetic nodes report uptime at the genesis time and
 *       must count as online while reservations are made;
 *   <li>{@code nodeRegistry.uptimeInterval}: 24 h, so they stay online for the whole run;
 *   <li>{@code chain.gasLimit}: raised (default 500M) so that the block gas limit, not the nodes,
 *       is never what caps reservations (about 300k gas each: 30M holds about 100 per block);
 *   <li>{@code bft.roundTimeout} and {@code bft.blockPeriod}, only if asked to ({@code
 *       gridledger.devnet.roundTimeout}, {@code gridledger.devnet.blockPeriod}).
 * </ul>
 */
record BenchGenesis(Path file, int gridNodes, int users) {

  /** How many node contracts of 1 core the benchmark puts on a 64-core node at most. */
  private static final int CONTRACTS_PER_NODE = 60;

  static BenchGenesis build(
      Path repo,
      Path jar,
      Path work,
      int senders,
      int reservations,
      long gasLimit,
      String roundTimeout,
      String blockPeriod)
      throws IOException, InterruptedException {
    int users = 2 * senders;
    int nodes = (users + reservations + CONTRACTS_PER_NODE - 1) / CONTRACTS_PER_NODE + 1;
    String yaml = Files.readString(repo.resolve("genesis/devnet-bft.yaml"));
    yaml = replaceLine(yaml, "  timestamp: 0", "  timestamp: " + System.currentTimeMillis() / 1000);
    yaml = replaceLine(yaml, "  gasLimit: 30000000", "  gasLimit: " + gasLimit);
    yaml = replaceLine(yaml, "  uptimeInterval: 5m", "  uptimeInterval: 24h");
    if (!roundTimeout.isEmpty()) {
      yaml = replaceLine(yaml, "  roundTimeout", "  roundTimeout: " + roundTimeout);
    }
    if (!blockPeriod.isEmpty()) {
      yaml = replaceLine(yaml, "  blockPeriod", "  blockPeriod: " + blockPeriod);
    }
    Files.createDirectories(work);
    Path config = work.resolve("bench-genesis.yaml");
    Path out = work.resolve("bench-genesis.json");
    Files.writeString(config, yaml);
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx512m",
                "--enable-native-access=ALL-UNNAMED",
                "-jar",
                jar.toString(),
                "genesis",
                "build",
                "--config",
                config.toString(),
                "--out",
                out.toString(),
                "--synthetic-farms",
                "1",
                "--synthetic-nodes",
                Integer.toString(nodes),
                "--synthetic-contracts",
                Integer.toString(users)));
    Path log = work.resolve("genesis-build.log");
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
            .start();
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("genesis build failed (log: " + log + "): " + Files.readString(log));
    }
    return new BenchGenesis(out, nodes, users);
  }

  /** Replaces the YAML line starting with {@code prefix} (its trailing comment too). */
  private static String replaceLine(String yaml, String prefix, String line) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(prefix) + "\\b.*$").matcher(yaml);
    if (!m.find()) {
      throw new IllegalStateException("genesis/devnet-bft.yaml has no line '" + prefix + "'");
    }
    return m.replaceFirst(Matcher.quoteReplacement(line));
  }
}
