package org.gridledger.network;

/**
 * Bytes from the network that are not a valid message: malformed RLP, a wrong size, a failed MAC or
 * signature, an unknown type. Every decoder of this module throws only this exception for bad
 * input, naming what was wrong and the offset into the input it decoded (-1 when the failure is not
 * tied to a position, such as a MAC mismatch).
 */
public final class WireFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int offset;

  public WireFormatException(String what, int offset) {
    super(offset < 0 ? what : what + " at offset " + offset);
    this.offset = offset;
  }

  public WireFormatException(String what, int offset, Throwable cause) {
    super(offset < 0 ? what : what + " at offset " + offset, cause);
    this.offset = offset;
  }

  /** Offset into the decoded input where the problem was found, or -1. */
  public int offset() {
    return offset;
  }
}
