package org.gridledger.bench.evm;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Each {@link EvmPrograms} program as one whole transaction on our EVM, in ms/op; {@code make
 * bench} converts to Mgas/s with the gas each program uses (printed by {@link EvmPeerComparison}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class InterpreterBenchmark {
  @Param({
    "arith-loop",
    "memory-loop",
    "keccak-loop",
    "storage-loop",
    "call-loop",
    "token-transfer-loop",
    "modexp-loop",
    "pairing-loop"
  })
  public String program;

  private GridledgerEvm evm;

  @Setup(Level.Trial)
  public void setUp() {
    evm =
        new GridledgerEvm(
            EvmPrograms.all().stream()
                .filter(p -> p.name().equals(program))
                .findFirst()
                .orElseThrow());
  }

  @Benchmark
  public long run() {
    return evm.run();
  }
}
