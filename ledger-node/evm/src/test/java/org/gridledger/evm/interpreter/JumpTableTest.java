package org.gridledger.evm.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridledger.evm.interpreter.Opcodes.*;

import org.junit.jupiter.api.Test;

/** The Cancun instruction table: contents, constant gas, and the builder's invariants. */
class JumpTableTest {
  private final JumpTable cancun = JumpTable.cancun();

  @Test
  void cancunDefines149Opcodes() {
    int defined = 0;
    for (int op = 0; op < 256; op++) {
      if (cancun.isDefined(op)) {
        defined++;
      }
    }
    // 0x00-0b, 0x10-1d, 0x20, 0x30-3f, 0x40-4a, 0x50-5f, PUSH1-32, DUP, SWAP, LOG0-4,
    // 0xf0-f5, 0xfa, 0xfd-ff.
    assertThat(defined).isEqualTo(12 + 14 + 1 + 16 + 11 + 16 + 32 + 16 + 16 + 5 + 6 + 1 + 3);
    assertThat(cancun.isDefined(0x0c)).isFalse();
    assertThat(cancun.isDefined(0xef)).isFalse();
    assertThat(cancun.isDefined(0xf6)).isFalse();
  }

  @Test
  void constantGasMatchesTheCancunSchedule() {
    assertThat(cancun.info(SLOAD).staticGas()).isZero(); // EIP-2929: all dynamic
    assertThat(cancun.info(BALANCE).staticGas()).isEqualTo(100);
    assertThat(cancun.info(EXTCODECOPY).staticGas()).isEqualTo(100);
    assertThat(cancun.info(CALL).staticGas()).isEqualTo(100);
    assertThat(cancun.info(STATICCALL).staticGas()).isEqualTo(100);
    assertThat(cancun.info(SELFDESTRUCT).staticGas()).isEqualTo(5000);
    assertThat(cancun.info(SELFBALANCE).staticGas()).isEqualTo(5);
    assertThat(cancun.info(JUMPDEST).staticGas()).isEqualTo(1);
    assertThat(cancun.info(JUMPI).staticGas()).isEqualTo(10);
    assertThat(cancun.info(PUSH0).staticGas()).isEqualTo(2);
    assertThat(cancun.info(TLOAD).staticGas()).isEqualTo(100);
    assertThat(cancun.info(TSTORE).staticGas()).isEqualTo(100);
    assertThat(cancun.info(MCOPY).staticGas()).isEqualTo(3);
    assertThat(cancun.info(BLOBHASH).staticGas()).isEqualTo(3);
    assertThat(cancun.info(BLOBBASEFEE).staticGas()).isEqualTo(2);
    assertThat(cancun.info(LOG0 + 2).staticGas()).isEqualTo(375 * 3);
    assertThat(cancun.info(CREATE2).staticGas()).isEqualTo(32_000);
    assertThat(cancun.info(EXP).staticGas()).isEqualTo(10);
    assertThat(cancun.name(PREVRANDAO)).isEqualTo("PREVRANDAO");
    assertThat(cancun.name(0x0c)).isEqualTo("0x0c");
  }

  @Test
  void stackBoundsComeFromPopsAndPushes() {
    assertThat(cancun.info(DUP16).minStack()).isEqualTo(16);
    assertThat(cancun.info(DUP16).maxStack()).isEqualTo(1023);
    assertThat(cancun.info(SWAP16).minStack()).isEqualTo(17);
    assertThat(cancun.info(SWAP16).maxStack()).isEqualTo(1024);
    assertThat(cancun.info(CALL).minStack()).isEqualTo(7);
    assertThat(cancun.info(PUSH32).immediates()).isEqualTo(32);
  }

  @Test
  void everyDefinedOpcodeIsImplementedAndEveryOtherIsUndefined() {
    for (int op = 0; op < 256; op++) {
      Asm a = Asm.code();
      for (int i = 0; i < 17; i++) {
        a.op(PUSH0);
      }
      a.op(op);
      CallExecutor.Result r = Harness.run(a);
      if (cancun.isDefined(op)) {
        assertThat(r.status()).as(cancun.name(op)).isNotEqualTo(Status.UNDEFINED_INSTRUCTION);
      } else {
        assertThat(r.status()).as("0x%02x", op).isEqualTo(Status.UNDEFINED_INSTRUCTION);
      }
    }
  }

  @Test
  void builderRejectsBrokenTables() {
    assertThatThrownBy(() -> cancun.toBuilder().add(ADD, OpInfo.of("ADD2", 2, 1, 3)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already ADD");
    assertThatThrownBy(() -> cancun.toBuilder().add(0x0c, OpInfo.of("ADD", 2, 1, 3)).build())
        .hasMessageContaining("duplicate opcode name");
    assertThatThrownBy(() -> cancun.toBuilder().add(0x0c, new OpInfo("WIDE", 0, 1, 2, 3)).build())
        .hasMessageContaining("immediates");
    assertThatThrownBy(() -> JumpTable.Builder.empty().build()).hasMessageContaining("STOP");
    assertThatThrownBy(() -> cancun.toBuilder().update(0x0c, i -> i))
        .hasMessageContaining("undefined");
  }
}
