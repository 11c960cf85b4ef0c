package org.gridledger.sdk.audit;

/** A proof, header or seal does not verify; the message says which part and why. */
public final class ProofException extends Exception {
  private static final long serialVersionUID = 1L;

  public ProofException(String message) {
    super(message);
  }
}
