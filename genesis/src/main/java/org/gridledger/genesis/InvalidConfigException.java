package org.gridledger.genesis;

/** A genesis config that cannot be used; the message names the file, the field and the problem. */
public final class InvalidConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidConfigException(String message) {
    super(message);
  }
}
