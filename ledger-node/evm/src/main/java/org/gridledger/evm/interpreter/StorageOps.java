package org.gridledger.evm.interpreter;

import org.gridledger.evm.gas.GasCosts;
import org.gridledger.evm.state.JournaledState;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.UInt256;

/** SLOAD, SSTORE and the transient TLOAD/TSTORE (EIP-1153). */
final class StorageOps {
  private StorageOps() {}

  /** Implements SLOAD: 100 gas warm, 2100 cold (EIP-2929). */
  static int sload(Frame f) {
    int o = f.sp - 4;
    UInt256 key = f.toUInt256(o);
    JournaledState state = f.host.state;
    boolean cold = state.warmSlot(f.address, key);
    if (!f.charge(cold ? GasCosts.COLD_SLOAD : GasCosts.WARM_ACCESS)) {
      return Status.OUT_OF_GAS;
    }
    UInt256 value = state.sload(f.address, key);
    f.sp = o;
    f.pushUInt256(value);
    return Status.CONTINUE;
  }

  /**
   * Implements SSTORE with net gas metering (EIP-2200), access costs (EIP-2929) and the reduced
   * refunds of EIP-3529. With {@code original} the slot's value at the start of the transaction,
   * {@code current} its value now and {@code value} the new one:
   *
   * <ol>
   *   <li>fail if no more than 2300 gas is left (the EIP-2200 sentry);
   *   <li>add 2100 if the slot is cold;
   *   <li>if {@code current == value}: 100;
   *   <li>else if {@code original == current} (clean): 20000 if original is zero, else 2900, and
   *       refund 4800 if {@code value} is zero;
   *   <li>else (dirty): 100; if original is non-zero, take back the 4800 refund if current is zero,
   *       or refund 4800 if {@code value} is zero; if {@code value == original}, refund 19900 (zero
   *       original) or 2800.
   * </ol>
   */
  static int sstore(Frame f) {
    if (f.isStatic) {
      return Status.STATIC_STATE_CHANGE;
    }
    if (f.gas <= GasCosts.SSTORE_SENTRY) {
      return Status.OUT_OF_GAS;
    }
    int sp = f.sp;
    UInt256 key = f.toUInt256(sp - 4);
    UInt256 value = f.toUInt256(sp - 8);
    JournaledState state = f.host.state;
    Address self = f.address;
    long cost = state.warmSlot(self, key) ? GasCosts.COLD_SLOAD : 0;
    UInt256 current = state.sload(self, key);
    UInt256 original = state.originalStorage(self, key);
    long refund = 0;
    if (current.equals(value)) {
      cost += GasCosts.WARM_ACCESS;
    } else if (original.equals(current)) {
      if (original.isZero()) {
        cost += GasCosts.SSTORE_SET;
      } else {
        cost += GasCosts.SSTORE_RESET;
        if (value.isZero()) {
          refund += GasCosts.SSTORE_CLEARS_REFUND;
        }
      }
    } else {
      cost += GasCosts.WARM_ACCESS;
      if (!original.isZero()) {
        if (current.isZero()) {
          refund -= GasCosts.SSTORE_CLEARS_REFUND;
        } else if (value.isZero()) {
          refund += GasCosts.SSTORE_CLEARS_REFUND;
        }
      }
      if (original.equals(value)) {
        refund +=
            original.isZero()
                ? GasCosts.SSTORE_SET - GasCosts.WARM_ACCESS
                : GasCosts.SSTORE_RESET - GasCosts.WARM_ACCESS;
      }
    }
    if (!f.charge(cost)) {
      return Status.OUT_OF_GAS;
    }
    f.refund += refund;
    if (!current.equals(value)) {
      state.sstore(self, key, value);
    }
    f.sp = sp - 8;
    return Status.CONTINUE;
  }

  /** Implements TLOAD (EIP-1153). */
  static int tload(Frame f) {
    int o = f.sp - 4;
    UInt256 key = f.toUInt256(o);
    UInt256 value = f.host.state.tload(f.address, key);
    f.sp = o;
    f.pushUInt256(value);
    return Status.CONTINUE;
  }

  /** Implements TSTORE (EIP-1153); forbidden in a static call. */
  static int tstore(Frame f) {
    if (f.isStatic) {
      return Status.STATIC_STATE_CHANGE;
    }
    int sp = f.sp;
    f.host.state.tstore(f.address, f.toUInt256(sp - 4), f.toUInt256(sp - 8));
    f.sp = sp - 8;
    return Status.CONTINUE;
  }
}
