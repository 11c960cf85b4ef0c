package org.gridledger.evm.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridledger.evm.interpreter.Opcodes.*;

import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SSTORE gas and refunds, SLOAD access costs, and transient storage. */
class StorageOpsTest {

  /**
   * The test cases of EIP-3529 (SSTORE under EIP-2200 with EIP-2929 costs and reduced refunds),
   * with the slot already warm as the EIP assumes: code, gas used, refund, original value.
   */
  @ParameterizedTest
  @CsvSource({
    "60006000556000600055, 212, 0, 0",
    "60006000556001600055, 20112, 0, 0",
    "60016000556000600055, 20112, 19900, 0",
    "60016000556002600055, 20112, 0, 0",
    "60016000556001600055, 20112, 0, 0",
    "60006000556000600055, 3012, 4800, 1",
    "60006000556001600055, 3012, 2800, 1",
    "60006000556002600055, 3012, 0, 1",
    "60026000556000600055, 3012, 4800, 1",
    "60026000556003600055, 3012, 0, 1",
    "60026000556001600055, 3012, 2800, 1",
    "60026000556002600055, 3012, 0, 1",
    "60016000556000600055, 3012, 4800, 1",
    "60016000556002600055, 3012, 0, 1",
    "60016000556001600055, 212, 0, 1",
    "600160005560006000556001600055, 40118, 19900, 0",
    "600060005560016000556000600055, 5918, 7600, 1",
  })
  void eip3529TestCases(String code, long gasUsed, long refund, long original) {
    Harness h = Harness.with(Hex.decode(code));
    h.pre.putStorage(Harness.CONTRACT, UInt256.ZERO, UInt256.of(original));
    h.state.warmSlot(Harness.CONTRACT, UInt256.ZERO);
    CallExecutor.Result r = h.call();
    assertThat(r.isSuccess()).isTrue();
    assertThat(1_000_000 - r.gasLeft()).isEqualTo(gasUsed);
    assertThat(r.refund()).isEqualTo(refund);
  }

  @Test
  void coldSlotAddsTwentyOneHundred() {
    // PUSH1 1, PUSH1 0, SSTORE on a cold zero slot: 3 + 3 + 2100 + 20000.
    CallExecutor.Result r = Harness.run(Hex.decode("6001600055"));
    assertThat(1_000_000 - r.gasLeft()).isEqualTo(6 + 2100 + 20000);
  }

  @Test
  void sloadCostsColdThenWarm() {
    // PUSH0 SLOAD twice: 2 + 2100 (cold) + 2 + 100 (warm), then STOP.
    CallExecutor.Result r = Harness.run(Asm.code().push(0).op(SLOAD).push(0).op(SLOAD, STOP));
    assertThat(1_000_000 - r.gasLeft()).isEqualTo(2 + 2100 + 2 + 100);
  }

  @Test
  void sstoreFailsAtOrBelowTheStipendSentry() {
    Harness h = Harness.with(Hex.decode("6001600055"));
    // 6 gas for the pushes leaves exactly 2300: the sentry fails the SSTORE (EIP-2200).
    CallExecutor.Result r = h.call(new byte[0], 2306);
    assertThat(r.status()).isEqualTo(Status.OUT_OF_GAS);
    assertThat(r.gasLeft()).isZero();
  }

  @Test
  void transientStorageIsPerAddressAndCostsAHundred() {
    // TSTORE(1, 42); TLOAD(1) → returned; 3+3+100 + 3+100 + return.
    Asm a = Asm.code().push(42).push(1).op(TSTORE).push(1).op(TLOAD).returnTop();
    CallExecutor.Result r = Harness.run(a);
    assertThat(Harness.word(r)).isEqualTo(42);
  }

  @Test
  void tstoreIsForbiddenInStaticContext() {
    Harness h = Harness.with(Asm.code().push(1).push(1).op(TSTORE, STOP).bytes());
    CallExecutor.Result r =
        h.executor.execute(
            h.host(),
            new CallRequest.Call(
                STATICCALL,
                Harness.ORIGIN,
                Harness.CONTRACT,
                Harness.CONTRACT,
                UInt256.ZERO,
                new byte[0],
                100_000,
                true,
                0,
                0));
    assertThat(r.status()).isEqualTo(Status.STATIC_STATE_CHANGE);
    assertThat(r.gasLeft()).isZero();
  }

  @Test
  void storedValueIsVisibleAndInTheStateChanges() {
    Harness h =
        Harness.with(
            Asm.code().push(0xbeef).push(7).op(SSTORE).push(7).op(SLOAD).returnTop().bytes());
    CallExecutor.Result r = h.call();
    assertThat(Harness.word(r)).isEqualTo(0xbeef);
    assertThat(h.state.sload(Harness.CONTRACT, UInt256.of(7))).isEqualTo(UInt256.of(0xbeef));
  }
}
