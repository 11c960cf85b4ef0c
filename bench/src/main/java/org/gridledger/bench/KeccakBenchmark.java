package org.gridledger.bench;

import java.util.concurrent.TimeUnit;
import org.gridledger.evm.types.Keccak;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Keccak-256 of a 32-byte word and of a 1 KiB buffer. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KeccakBenchmark {
  private final byte[] word = new byte[32];
  private final byte[] kib = new byte[1024];

  @Benchmark
  public byte[] keccak32() {
    return Keccak.hash(word);
  }

  @Benchmark
  public byte[] keccak1KiB() {
    return Keccak.hash(kib);
  }
}
