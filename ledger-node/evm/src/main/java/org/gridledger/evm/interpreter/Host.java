package org.gridledger.evm.interpreter;

import java.util.List;
import org.bouncycastle.crypto.digests.KeccakDigest;
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
  final KeccakDigest keccak = new KeccakDigest(256);

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

  /** Keccak-256 of {@code data[offset, offset+length)} with the host's reusable digest. */
  byte[] keccak(byte[] data, int offset, int length) {
    keccak.update(data, offset, length);
    byte[] out = new byte[32];
    keccak.doFinal(out, 0);
    return out;
  }
}
