package org.gridledger.evm.interpreter;

import static org.gridledger.evm.interpreter.Opcodes.CALL;
import static org.gridledger.evm.interpreter.Opcodes.CALLCODE;
import static org.gridledger.evm.interpreter.Opcodes.CREATE2;
import static org.gridledger.evm.interpreter.Opcodes.DELEGATECALL;
import static org.gridledger.evm.interpreter.Opcodes.STATICCALL;

import org.gridledger.evm.gas.GasCosts;
import org.gridledger.evm.gas.IntrinsicGas;
import org.gridledger.evm.state.JournaledState;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.UInt256;

/**
 * CALL, CALLCODE, DELEGATECALL, STATICCALL, CREATE, CREATE2 and SELFDESTRUCT. Calls and creations
 * pay for themselves here, leave a {@link CallRequest} in the frame and return {@link
 * Status#SUSPEND}; the {@link CallExecutor} runs the child and pushes the result when it resumes
 * the frame.
 */
final class SystemOps {
  private SystemOps() {}

  /**
   * Implements the four call instructions. Gas (EIP-150, EIP-2929): the cold-access surcharge,
   * memory for the argument and return ranges, 9000 for a value transfer (CALL, CALLCODE) and 25000
   * more for CALL sending value to an empty account (EIP-161); then the child gets min(requested,
   * all but one 64th of what is left), plus a 2300 stipend if value moves.
   */
  static int call(Frame f, int kind) {
    long[] s = f.stack;
    int sp = f.sp;
    boolean hasValue = kind == CALL || kind == CALLCODE;
    int next = hasValue ? sp - 16 : sp - 12;
    UInt256 value;
    if (hasValue) {
      value = f.toUInt256(sp - 12);
    } else {
      value = kind == DELEGATECALL ? f.value : UInt256.ZERO;
    }
    boolean transfers = hasValue && !value.isZero();
    if (kind == CALL && transfers && f.isStatic) {
      return Status.STATIC_STATE_CHANGE;
    }
    Address target = f.toAddress(sp - 8);
    if (!EnvironmentOps.accessAccount(f, target)) {
      return Status.OUT_OF_GAS;
    }
    long inOffset = U256.toLongSaturated(s, next);
    long inSize = U256.toLongSaturated(s, next - 4);
    long outOffset = U256.toLongSaturated(s, next - 8);
    long outSize = U256.toLongSaturated(s, next - 12);
    if (!f.chargeMemory(inOffset, inSize) || !f.chargeMemory(outOffset, outSize)) {
      return Status.OUT_OF_GAS;
    }
    long extra = 0;
    if (transfers) {
      extra += GasCosts.CALL_VALUE;
      if (kind == CALL && f.host.state.isEmpty(target)) {
        extra += GasCosts.NEW_ACCOUNT;
      }
    }
    if (f.gas < extra) {
      return Status.OUT_OF_GAS;
    }
    long available = f.gas - extra;
    long cap = available - available / 64;
    long callGas = Math.min(U256.toLongSaturated(s, sp - 4), cap);
    f.gas -= extra + callGas;
    if (transfers) {
      callGas += GasCosts.CALL_STIPEND;
    }
    byte[] input = inSize == 0 ? Frame.EMPTY : f.memory.slice((int) inOffset, (int) inSize);
    Address caller = kind == DELEGATECALL ? f.caller : f.address;
    Address recipient = kind == CALL || kind == STATICCALL ? target : f.address;
    f.pendingCall =
        new CallRequest.Call(
            kind,
            caller,
            recipient,
            target,
            value,
            input,
            callGas,
            f.isStatic || kind == STATICCALL,
            outSize == 0 ? 0 : outOffset,
            outSize);
    f.sp = next - 12;
    return Status.SUSPEND;
  }

  /**
   * Implements CREATE and CREATE2. Gas beyond the constant 32000: memory, 2 per init-code word
   * (EIP-3860) and for CREATE2 6 per word to hash it; init code over 49152 bytes is an exceptional
   * halt (EIP-3860). The child gets all but one 64th of the remaining gas (EIP-150).
   */
  static int create(Frame f, int kind) {
    if (f.isStatic) {
      return Status.STATIC_STATE_CHANGE;
    }
    long[] s = f.stack;
    int sp = f.sp;
    UInt256 value = f.toUInt256(sp - 4);
    long offset = U256.toLongSaturated(s, sp - 8);
    long size = U256.toLongSaturated(s, sp - 12);
    if (size > IntrinsicGas.MAX_INIT_CODE_SIZE) {
      return Status.INIT_CODE_SIZE_LIMIT;
    }
    if (!f.chargeMemory(offset, size)) {
      return Status.OUT_OF_GAS;
    }
    long words = GasCosts.words(size);
    long perWord = IntrinsicGas.INIT_CODE_WORD + (kind == CREATE2 ? GasCosts.KECCAK256_WORD : 0);
    if (!f.charge(perWord * words)) {
      return Status.OUT_OF_GAS;
    }
    UInt256 salt = kind == CREATE2 ? f.toUInt256(sp - 16) : null;
    byte[] initCode = size == 0 ? Frame.EMPTY : f.memory.slice((int) offset, (int) size);
    long gas = f.gas - f.gas / 64;
    f.gas -= gas;
    f.pendingCall = new CallRequest.Create(kind, f.address, value, initCode, gas, salt, null);
    f.sp = kind == CREATE2 ? sp - 16 : sp - 12;
    return Status.SUSPEND;
  }

  /**
   * Implements SELFDESTRUCT under EIP-6780: 5000 plus 2600 if the beneficiary is cold (EIP-2929)
   * plus 25000 if value goes to an empty account; moves the balance; deletes the account only if it
   * was created in this transaction.
   */
  static int selfdestruct(Frame f) {
    int o = f.sp - 4;
    Address beneficiary = f.toAddress(o);
    JournaledState state = f.host.state;
    long cost = state.warmAccount(beneficiary) ? GasCosts.COLD_ACCOUNT_ACCESS : 0;
    if (state.isEmpty(beneficiary) && !state.balance(f.address).isZero()) {
      cost += GasCosts.NEW_ACCOUNT;
    }
    if (!f.charge(cost)) {
      return Status.OUT_OF_GAS;
    }
    if (f.isStatic) {
      return Status.STATIC_STATE_CHANGE;
    }
    state.selfDestruct(f.address, beneficiary);
    f.sp = o;
    return Status.SELFDESTRUCT;
  }
}
