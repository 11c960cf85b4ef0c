package org.gridledger.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a JMH JSON result file and prints each of our benchmarks next to the peer benchmark doing
 * the same work in the same run, with the ratio (peer time / our time: above 1 means we are
 * faster).
 */
public final class PeerRatios {
  /** Our benchmark → the peer's benchmark on the same input. */
  private static final Map<String, String> PAIRS =
      Map.of(
          "KeccakBenchmark.keccak32", "Web3jPeerBenchmark.keccak32",
          "KeccakBenchmark.keccak1KiB", "Web3jPeerBenchmark.keccak1KiB",
          "RlpBenchmark.decodeTransaction", "Web3jPeerBenchmark.decodeTransaction",
          "Secp256k1Benchmark.recoverAddress", "Web3jPeerBenchmark.recoverPublicKey");

  private PeerRatios() {}

  /** A score in nanoseconds per operation with its error. */
  record Score(double nanos, double errorNanos) {}

  public static void main(String[] args) throws IOException {
    Map<String, Score> scores = read(Path.of(args[0]));
    System.out.println();
    System.out.println("Gridledger vs Web3j (same JVM, same inputs; ratio = Web3j time / ours)");
    System.out.printf("%-36s %14s %14s %7s%n", "benchmark", "ours", "web3j", "ratio");
    PAIRS.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              Score ours = scores.get(e.getKey());
              Score peer = scores.get(e.getValue());
              if (ours == null || peer == null) {
                return;
              }
              System.out.printf(
                  "%-36s %14s %14s %6.2fx%n",
                  e.getKey(), format(ours), format(peer), peer.nanos() / ours.nanos());
            });
  }

  static Map<String, Score> read(Path file) throws IOException {
    Map<String, Score> out = new HashMap<>();
    for (JsonNode run : new ObjectMapper().readTree(file.toFile())) {
      String name = run.get("benchmark").asText();
      String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      JsonNode metric = run.get("primaryMetric");
      double factor = toNanos(metric.get("scoreUnit").asText());
      double error = metric.get("scoreError").asDouble();
      out.put(
          shortName,
          new Score(
              metric.get("score").asDouble() * factor, Double.isNaN(error) ? 0 : error * factor));
    }
    return out;
  }

  private static double toNanos(String unit) {
    return switch (unit) {
      case "ns/op" -> 1;
      case "us/op" -> 1e3;
      case "ms/op" -> 1e6;
      case "s/op" -> 1e9;
      default -> throw new IllegalArgumentException("unsupported JMH unit " + unit);
    };
  }

  private static String format(Score s) {
    double n = s.nanos();
    if (n >= 1e6) {
      return String.format("%.2f ms", n / 1e6);
    }
    if (n >= 1e3) {
      return String.format("%.1f us", n / 1e3);
    }
    return String.format("%.0f ns", n);
  }
}
