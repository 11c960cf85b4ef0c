package org.gridledger.bench.evm;

import java.nio.file.Path;
import java.util.Arrays;
import org.gridledger.bench.peer.AnvilPeer;
import org.gridledger.bench.peer.PeerMeasurement;

/**
 * Runs every {@link EvmPrograms} program on our EVM and on anvil (revm) in the same run and prints
 * gas, Mgas/s and the ratio. Gas must agree between the two: a difference is printed as an error.
 *
 * <p>Anvil is timed through {@code eth_call} over HTTP (what a user of anvil gets); ours is timed
 * in-process, since our node's {@code eth_call} does not exist yet. For these 15–25 ms programs the
 * HTTP round trip is well under 1% of anvil's time.
 */
public final class EvmPeerComparison {
  private EvmPeerComparison() {}

  public static void main(String[] args) throws Exception {
    Path repo = Path.of(args.length > 0 ? args[0] : ".");
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 9;
    System.out.println();
    System.out.println(
        "EVM programs: Gridledger (in-process) vs anvil 1.7.1 (eth_call), median of " + runs);
    System.out.printf(
        "%-20s %12s %10s %10s %10s %10s %7s%n",
        "program", "gas", "ours ms", "ours Mgas/s", "anvil ms", "anvil Mgas/s", "ratio");
    try (AnvilPeer anvil = AnvilPeer.start(repo, 100_000_000)) {
      for (EvmPrograms.Program p : EvmPrograms.all()) {
        GridledgerEvm evm = new GridledgerEvm(p);
        long gas = evm.run();
        for (int i = 0; i < 20; i++) {
          evm.run(); // JIT warm-up
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
          long t0 = System.nanoTime();
          evm.run();
          ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        double ours = ms[runs / 2];
        PeerMeasurement peer = PeerMeasurement.measure(anvil, p, runs);
        String gasCell = gas == peer.gas() ? String.format("%,d", gas) : gas + "≠" + peer.gas();
        System.out.printf(
            "%-20s %12s %10.2f %10.0f %10.2f %10.0f %6.2fx%n",
            p.name(),
            gasCell,
            ours,
            gas / (ours * 1000),
            peer.medianMillis(),
            peer.mgasPerSecond(),
            peer.medianMillis() / ours);
      }
    }
    System.out.println("ratio = anvil time / our time (above 1: we are faster)");
  }
}
