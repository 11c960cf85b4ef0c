package org.gridledger.bench.peer;

import java.nio.file.Path;
import org.gridledger.bench.evm.EvmPrograms;

/** Measures anvil alone on the EVM programs; used to check the harness. */
public final class AnvilProbe {
  private AnvilProbe() {}

  public static void main(String[] args) throws Exception {
    try (AnvilPeer anvil = AnvilPeer.start(Path.of(args.length > 0 ? args[0] : "."), 100_000_000)) {
      for (EvmPrograms.Program p : EvmPrograms.all()) {
        PeerMeasurement m = PeerMeasurement.measure(anvil, p, 7);
        System.out.printf(
            "%-14s gas=%,d median=%.2f ms  %.0f Mgas/s%n",
            p.name(), m.gas(), m.medianMillis(), m.mgasPerSecond());
      }
    }
  }
}
