package org.gridledger.rpc.json;

/**
 * A parameter value that does not parse. The message is the detail only (for example {@code hex
 * string without 0x prefix}); the caller adds which argument it was.
 */
public final class InvalidParamException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidParamException(String message) {
    super(message, null, false, false);
  }
}
