package org.gridledger.evm.interpreter;

import java.math.BigInteger;
import java.util.List;
import org.gridledger.evm.env.BlockEnv;
import org.gridledger.evm.precompile.Precompiles;
import org.gridledger.evm.state.InMemoryState;
import org.gridledger.evm.state.JournaledState;
import org.gridledger.evm.tracing.OperationTracer;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.UInt256;

/** Runs bytecode as the code of a contract called by an externally owned account. */
final class Harness {
  static final Address ORIGIN = Address.fromHex("0x1000000000000000000000000000000000000001");
  static final Address CONTRACT = Address.fromHex("0x2000000000000000000000000000000000000002");
  static final Address COINBASE = Address.fromHex("0x3000000000000000000000000000000000000003");

  static final BlockEnv BLOCK =
      BlockEnv.cancun(
          COINBASE,
          1000,
          1_700_000_000L,
          30_000_000,
          UInt256.of(7),
          Hash.fromHex("0x" + "ab".repeat(32)),
          0,
          1);

  final InMemoryState pre = new InMemoryState();
  final JournaledState state;
  final CallExecutor executor = new CallExecutor();
  OperationTracer tracer;

  Harness() {
    pre.put(ORIGIN, 0, UInt256.of(BigInteger.TEN.pow(24)), new byte[0]);
    state = new JournaledState(pre);
  }

  /** A harness whose contract has {@code code} and no balance. */
  static Harness with(byte[] code) {
    Harness h = new Harness();
    h.pre.put(CONTRACT, 1, UInt256.ZERO, code);
    return h;
  }

  Host host() {
    return new Host(state, BLOCK, ORIGIN, UInt256.of(10), List.of(), Precompiles.cancun(), tracer);
  }

  CallExecutor.Result call(byte[] input, long gas) {
    state.warmAccount(ORIGIN);
    state.warmAccount(CONTRACT);
    return executor.execute(
        host(),
        new CallRequest.Call(
            Opcodes.CALL, ORIGIN, CONTRACT, CONTRACT, UInt256.ZERO, input, gas, false, 0, 0));
  }

  CallExecutor.Result call() {
    return call(new byte[0], 1_000_000);
  }

  /** Runs {@code code} with 1M gas and returns the result. */
  static CallExecutor.Result run(byte[] code) {
    return with(code).call();
  }

  static CallExecutor.Result run(Asm code) {
    return run(code.bytes());
  }

  /** The output as an unsigned integer. */
  static BigInteger word(CallExecutor.Result r) {
    return new BigInteger(1, r.output());
  }
}
