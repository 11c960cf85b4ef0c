package org.gridledger.sdk.account;

/** A keystore operation failed; {@link #reason()} says why and the message what to do. */
public final class KeystoreException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a keystore operation failed. */
  public enum Reason {
    WRONG_PASSWORD,
    NOT_FOUND,
    ALREADY_EXISTS,
    INVALID_INPUT,
    IO
  }

  private final Reason reason;

  public KeystoreException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public KeystoreException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
