package org.gridledger.capacity.identity;

/** The node identity cannot be created or opened (missing passphrase, wrong passphrase, I/O). */
public final class IdentityException extends Exception {
  private static final long serialVersionUID = 1L;

  public IdentityException(String message) {
    super(message);
  }

  public IdentityException(String message, Throwable cause) {
    super(message, cause);
  }
}
