package org.gridledger.bench;

import java.math.BigInteger;
import java.util.concurrent.TimeUnit;
import org.gridledger.bench.evm.EvmPrograms;
import org.gridledger.evm.env.BlockEnv;
import org.gridledger.evm.env.TxEnv;
import org.gridledger.evm.state.InMemoryState;
import org.gridledger.evm.state.JournaledState;
import org.gridledger.evm.tx.TransactionExecutor;
import org.gridledger.evm.tx.TransactionResult;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.UInt256;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Whole transactions running the {@link EvmPrograms} loops through the EVM's public API ({@link
 * TransactionExecutor} over a fresh {@link JournaledState} each time). Divide the gas per run,
 * printed at setup, by the time per operation for Mgas/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class InterpreterBenchmark {
  private static final Address SENDER =
      Address.fromHex("0x1000000000000000000000000000000000000001");
  private static final Address CONTRACT =
      Address.fromHex("0x2000000000000000000000000000000000000002");
  private static final long GAS = 100_000_000;

  @Param({"arith-loop", "memory-loop", "keccak-loop", "storage-loop", "call-loop"})
  public String program;

  private final TransactionExecutor executor = TransactionExecutor.cancun();
  private InMemoryState pre;
  private BlockEnv block;
  private TxEnv tx;

  @Setup
  public void setUp() {
    EvmPrograms.Program p =
        EvmPrograms.all().stream().filter(x -> x.name().equals(program)).findFirst().orElseThrow();
    pre = new InMemoryState();
    pre.put(SENDER, 0, UInt256.of(BigInteger.TEN.pow(30)), new byte[0]);
    pre.put(CONTRACT, 1, UInt256.ZERO, p.code());
    block = BlockEnv.cancun(Address.ZERO, 1, 1, GAS, UInt256.ONE, Hash.ZERO, 0, 1);
    tx = TxEnv.legacy(SENDER, CONTRACT, 0, UInt256.ZERO, p.calldata(), GAS, UInt256.ONE);
    TransactionResult.Executed r = (TransactionResult.Executed) run();
    if (!r.isSuccess()) {
      throw new IllegalStateException(program + " did not succeed: " + r.result());
    }
    System.out.printf("%n%s: %d gas per run%n", program, r.gasUsed());
  }

  @Benchmark
  public TransactionResult run() {
    return executor.execute(new JournaledState(pre), block, tx);
  }
}
