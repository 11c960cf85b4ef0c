package org.gridledger.core.rlp;

/** Malformed or non-canonical RLP input. The message names what was wrong and where. */
public final class RlpException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int offset;

  public RlpException(String what, int offset) {
    super(what + " at offset " + offset);
    this.offset = offset;
  }

  /** Offset into the outermost input where the problem was found. */
  public int offset() {
    return offset;
  }
}
