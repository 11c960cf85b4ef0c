package org.gridledger.sdk;

import java.util.List;

/**
 * Why a grid operation failed, each variant with a message that says what to do. Nothing is sent to
 * the chain when a check fails before sending (every transaction is simulated first).
 */
public abstract sealed class GridException extends Exception {
  private static final long serialVersionUID = 1L;

  GridException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The CLI exit code of this failure (docs/user-guide.md lists them). */
  public abstract int exitCode();

  /** The node cannot be reached, or kept failing after the retries. */
  public static final class RpcUnavailable extends GridException {
    private static final long serialVersionUID = 1L;

    public RpcUnavailable(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public int exitCode() {
      return 3;
    }
  }

  /** The node serves another chain than expected, or has no grid contracts. */
  public static final class WrongChain extends GridException {
    private static final long serialVersionUID = 1L;

    public WrongChain(String message) {
      super(message, null);
    }

    @Override
    public int exitCode() {
      return 4;
    }
  }

  /** A contract refused the operation: its custom error, decoded, and what to do about it. */
  public static final class Rejected extends GridException {
    private static final long serialVersionUID = 1L;
    private final String errorName;
    private final transient List<Object> arguments;

    public Rejected(String errorName, List<Object> arguments, String message) {
      super(message, null);
      this.errorName = errorName;
      this.arguments = List.copyOf(arguments);
    }

    /** The Solidity custom error's name, e.g. {@code InsufficientCapacity}. */
    public String errorName() {
      return errorName;
    }

    /** Its decoded arguments (BigInteger, String, Boolean, byte[]). */
    public List<Object> arguments() {
      return arguments;
    }

    @Override
    public int exitCode() {
      return 5;
    }
  }

  /** The account cannot pay the value and gas of a transaction. */
  public static final class InsufficientFunds extends GridException {
    private static final long serialVersionUID = 1L;

    public InsufficientFunds(String message) {
      super(message, null);
    }

    @Override
    public int exitCode() {
      return 6;
    }
  }

  /** Something asked for does not exist (node, twin, contract). */
  public static final class NotFound extends GridException {
    private static final long serialVersionUID = 1L;

    public NotFound(String message) {
      super(message, null);
    }

    @Override
    public int exitCode() {
      return 7;
    }
  }

  /** Waiting (for inclusion or fulfilment) took longer than allowed. */
  public static final class Timeout extends GridException {
    private static final long serialVersionUID = 1L;

    public Timeout(String message) {
      super(message, null);
    }

    @Override
    public int exitCode() {
      return 8;
    }
  }

  /** Data read from the chain failed a check (a result that does not decrypt, a bad proof). */
  public static final class Verification extends GridException {
    private static final long serialVersionUID = 1L;

    public Verification(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public int exitCode() {
      return 9;
    }
  }

  /** The caller's input is wrong (before anything is sent). */
  public static final class InvalidInput extends GridException {
    private static final long serialVersionUID = 1L;

    public InvalidInput(String message) {
      super(message, null);
    }

    @Override
    public int exitCode() {
      return 2;
    }
  }
}
