package org.gridledger.evm.interpreter;

import java.util.List;
import org.gridledger.evm.env.BlockEnv;
import org.gridledger.evm.precompile.Precompiles;
import org.gridledger.evm.state.JournaledState;
import org.gridledger.evm.tracing.OperationTracer;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.UInt256;

/**
 * Everything an instruction may ask about beyond its own frame: the journaled state, the block, the
 * transaction's origin, gas price and blob hashes, the precompiles, and the tracer. One per
 * transaction; used by one thread.
 */
public final class Host {
  final JournaledState state;
  final BlockEnv block;
  final Address origin;
  final UInt256 gasPrice;
  final List<Hash> blobHashes;
  final Precompiles precompiles;
  final JumpTable table;
  final OperationTracer tracer;

  /**
   * @param gasPrice the effective gas price (GASPRICE)
   * @param tracer {@code null} when tracing is off
   */
  public Host(
      JournaledState state,
      BlockEnv block,
      Address origin,
      UInt256 gasPrice,
      List<Hash> blobHashes,
      Precompiles precompiles,
      OperationTracer tracer) {
    this.state = state;
    this.block = block;
    this.origin = origin;
    this.gasPrice = gasPrice;
    this.blobHashes = List.copyOf(blobHashes);
    this.precompiles = precompiles;
    this.table = JumpTable.cancun();
    this.tracer = tracer;
  }

  public JournaledState state() {
    return state;
  }

  public BlockEnv block() {
    return block;
  }

  public Precompiles precompiles() {
    return precompiles;
  }

  public OperationTracer tracer() {
    return tracer;
  }
}
