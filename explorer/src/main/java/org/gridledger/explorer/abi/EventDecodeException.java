package org.gridledger.explorer.abi;

/** A log that does not match its event definition (what and where, e.g. the data offset). */
public final class EventDecodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EventDecodeException(String message) {
    super(message);
  }

  public EventDecodeException(String message, Throwable cause) {
    super(message, cause);
  }
}
