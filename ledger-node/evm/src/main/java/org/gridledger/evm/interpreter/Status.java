package org.gridledger.evm.interpreter;

/**
 * How an operation or a frame ended, as an {@code int} so the hot loop never throws. Codes are
 * grouped in ranges (as revm's {@code InstructionResult} is) so the category is one comparison:
 *
 * <ul>
 *   <li>{@link #CONTINUE} (0): the loop goes on;
 *   <li>success, 0x01–0x0f: the frame ends and its changes stay;
 *   <li>{@link #REVERT} (0x10): changes are undone, remaining gas is returned;
 *   <li>exceptional halts, 0x20–0x3f: changes are undone and all gas given to the frame is spent;
 *   <li>{@link #SUSPEND} (0x40): a CALL or CREATE waits for its child frame ({@link
 *       Frame#pendingCall()});
 *   <li>not started, 0x41–0x4f: a call or creation was refused before it began (depth, balance,
 *       nonce); the caller keeps the gas.
 * </ul>
 */
public final class Status {
  private Status() {}

  public static final int CONTINUE = 0x00;

  public static final int STOP = 0x01;
  public static final int RETURN = 0x02;
  public static final int SELFDESTRUCT = 0x03;

  public static final int REVERT = 0x10;

  public static final int OUT_OF_GAS = 0x20;
  public static final int STACK_UNDERFLOW = 0x21;
  public static final int STACK_OVERFLOW = 0x22;
  public static final int UNDEFINED_INSTRUCTION = 0x23;

  /** The designated INVALID instruction 0xFE. */
  public static final int INVALID_INSTRUCTION = 0x24;

  public static final int INVALID_JUMP = 0x25;

  /** A state change attempted inside a STATICCALL (EIP-214). */
  public static final int STATIC_STATE_CHANGE = 0x26;

  /** RETURNDATACOPY beyond the return data buffer (EIP-211). */
  public static final int RETURN_DATA_OUT_OF_BOUNDS = 0x27;

  /** CREATE/CREATE2 onto an address with code, nonce or storage (EIP-684, EIP-7610). */
  public static final int CREATE_COLLISION = 0x28;

  /** Deployed code longer than 24 576 bytes (EIP-170). */
  public static final int CODE_SIZE_LIMIT = 0x29;

  /** Deployed code starting with 0xEF (EIP-3541). */
  public static final int INVALID_CODE_PREFIX = 0x2a;

  /** Not enough gas left to pay for the deployed code. */
  public static final int CODE_STORE_OUT_OF_GAS = 0x2b;

  /** A precompile rejected its input or ran out of gas. */
  public static final int PRECOMPILE_FAILURE = 0x2c;

  /** Init code larger than 49 152 bytes (EIP-3860). */
  public static final int INIT_CODE_SIZE_LIMIT = 0x2d;

  public static final int SUSPEND = 0x40;

  /*
   * A call or creation that never started (0x41–0x4f): the caller keeps the gas it offered and
   * sees a failure, but nothing is consumed or undone.
   */

  /** The child would exceed the call depth limit of 1024. */
  public static final int DEPTH_LIMIT = 0x41;

  /** The caller cannot afford the value it sends. */
  public static final int INSUFFICIENT_BALANCE = 0x42;

  /** The creator's nonce is at its maximum (EIP-2681). */
  public static final int NONCE_OVERFLOW = 0x43;

  public static boolean isSuccess(int status) {
    return status >= STOP && status < REVERT;
  }

  public static boolean isRevert(int status) {
    return status == REVERT;
  }

  /** An exceptional halt: all gas of the frame is consumed. */
  public static boolean isError(int status) {
    return status >= OUT_OF_GAS && status < SUSPEND;
  }

  /** A stable name for traces and results, e.g. {@code OutOfGas}. */
  public static String name(int status) {
    return switch (status) {
      case CONTINUE -> "Continue";
      case STOP -> "Stop";
      case RETURN -> "Return";
      case SELFDESTRUCT -> "SelfDestruct";
      case REVERT -> "Revert";
      case OUT_OF_GAS -> "OutOfGas";
      case STACK_UNDERFLOW -> "StackUnderflow";
      case STACK_OVERFLOW -> "StackOverflow";
      case UNDEFINED_INSTRUCTION -> "UndefinedInstruction";
      case INVALID_INSTRUCTION -> "InvalidInstruction";
      case INVALID_JUMP -> "InvalidJump";
      case STATIC_STATE_CHANGE -> "StaticStateChange";
      case RETURN_DATA_OUT_OF_BOUNDS -> "ReturnDataOutOfBounds";
      case CREATE_COLLISION -> "CreateCollision";
      case CODE_SIZE_LIMIT -> "CodeSizeLimit";
      case INVALID_CODE_PREFIX -> "InvalidCodePrefix";
      case CODE_STORE_OUT_OF_GAS -> "CodeStoreOutOfGas";
      case PRECOMPILE_FAILURE -> "PrecompileFailure";
      case INIT_CODE_SIZE_LIMIT -> "InitCodeSizeLimit";
      case SUSPEND -> "Suspend";
      case DEPTH_LIMIT -> "CallDepthExceeded";
      case INSUFFICIENT_BALANCE -> "InsufficientBalance";
      case NONCE_OVERFLOW -> "NonceOverflow";
      default -> "Status(" + status + ")";
    };
  }
}
