package org.gridledger.core.trie;

/**
 * A Merkle proof that proves nothing: a node the path needs is absent from the proof, or a proof
 * node does not decode. A valid proof of absence is not an error (the verifier returns an empty
 * value).
 */
public final class InvalidProofException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidProofException(String what) {
    super(what);
  }

  public InvalidProofException(String what, Throwable cause) {
    super(what, cause);
  }
}
