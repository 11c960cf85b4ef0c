package org.gridledger.bench.evm;

import org.gridledger.evm.env.BlockEnv;
import org.gridledger.evm.env.TxEnv;
import org.gridledger.evm.state.InMemoryState;
import org.gridledger.evm.state.JournaledState;
import org.gridledger.evm.tx.TransactionExecutor;
import org.gridledger.evm.tx.TransactionResult;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.UInt256;

/**
 * Runs a benchmark program as a whole transaction on our EVM: the program is the code of {@link
 * #TARGET}, the sender is funded, and each run starts from the same state.
 */
public final class GridledgerEvm {
  public static final Address TARGET =
      Address.fromHex("0x00000000000000000000000000000000000b0b00");
  public static final Address SENDER =
      Address.fromHex("0x00000000000000000000000000000000000a11ce");
  public static final long GAS_LIMIT = 80_000_000;

  private final TransactionExecutor executor = TransactionExecutor.cancun();
  private final InMemoryState state = new InMemoryState();
  private final BlockEnv block =
      BlockEnv.cancun(
          Address.ofLow(0xc0ffee), 1, 1_700_000_000, 100_000_000, UInt256.ZERO, Hash.ZERO, 0, 1);
  private final TxEnv tx;

  public GridledgerEvm(EvmPrograms.Program program) {
    state.put(SENDER, 0, UInt256.of(1_000_000_000_000_000_000L), new byte[0]);
    state.put(TARGET, 1, UInt256.ZERO, program.code());
    tx = TxEnv.legacy(SENDER, TARGET, 0, UInt256.ZERO, program.calldata(), GAS_LIMIT, UInt256.ZERO);
  }

  /** Executes the program once from the initial state; returns the execution gas (no intrinsic). */
  public long run() {
    TransactionResult r = executor.execute(new JournaledState(state), block, tx);
    if (!(r instanceof TransactionResult.Executed e) || !e.isSuccess()) {
      throw new IllegalStateException("benchmark program failed: " + r);
    }
    return e.gasUsed() - 21_000;
  }
}
