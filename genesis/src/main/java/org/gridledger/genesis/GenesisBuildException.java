package org.gridledger.genesis;

/**
 * The builder could not produce a genesis: a call reverted or halted (the message names the call
 * and the decoded reason), or the configuration cannot work with the contracts.
 */
public final class GenesisBuildException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public GenesisBuildException(String message) {
    super(message);
  }
}
