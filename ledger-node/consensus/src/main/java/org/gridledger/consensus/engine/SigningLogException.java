package org.gridledger.consensus.engine;

/**
 * A signing log that cannot be trusted or used: not a signing log, corrupt before its last record,
 * in use by another process, or asked to hold two votes for one slot. A validator must not sign
 * while this is unresolved.
 */
public final class SigningLogException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SigningLogException(String what) {
    super(what);
  }
}
