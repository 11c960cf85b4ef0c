package org.gridledger.genesis.abi;

/** A value that does not fit its ABI type, or ABI data that cannot be decoded (with the offset). */
public final class AbiException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public AbiException(String message) {
    super(message);
  }
}
