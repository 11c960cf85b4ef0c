package org.gridledger.evm.interpreter;

import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.UInt256;

/**
 * What a suspended frame asks the executor to run: a message call or a contract creation. The frame
 * has already paid for it, including the {@code gas} handed to the child.
 */
public sealed interface CallRequest permits CallRequest.Call, CallRequest.Create {
  /** Gas given to the child frame (including any stipend). */
  long gas();

  /**
   * CALL, CALLCODE, DELEGATECALL or STATICCALL (or a transaction's top-level call, as CALL).
   *
   * @param kind the opcode ({@link Opcodes#CALL}, ...)
   * @param caller CALLER in the child
   * @param recipient the account whose storage and balance the child uses (ADDRESS)
   * @param codeAddress the account whose code runs
   * @param value CALLVALUE in the child; moved from caller to recipient only for CALL
   * @param isStatic whether the child may not change state (EIP-214)
   * @param returnOffset where the parent wants the output in its memory
   * @param returnSize how many bytes of the output the parent wants
   */
  record Call(
      int kind,
      Address caller,
      Address recipient,
      Address codeAddress,
      UInt256 value,
      byte[] input,
      long gas,
      boolean isStatic,
      long returnOffset,
      long returnSize)
      implements CallRequest {

    /** Whether the call moves {@code value} (CALL and CALLCODE do; the others only report it). */
    public boolean transfersValue() {
      return (kind == Opcodes.CALL || kind == Opcodes.CALLCODE) && !value.isZero();
    }
  }

  /**
   * CREATE or CREATE2 (or a creation transaction, as CREATE).
   *
   * @param kind {@link Opcodes#CREATE} or {@link Opcodes#CREATE2}
   * @param salt the CREATE2 salt; {@code null} for CREATE
   * @param address the new contract's address when already known (a creation transaction, or
   *     CREATE2), else {@code null} (the executor derives it from the caller's nonce)
   */
  record Create(
      int kind,
      Address caller,
      UInt256 value,
      byte[] initCode,
      long gas,
      UInt256 salt,
      Address address)
      implements CallRequest {}
}
