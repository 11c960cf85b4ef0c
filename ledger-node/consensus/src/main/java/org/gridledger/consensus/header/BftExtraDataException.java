package org.gridledger.consensus.header;

/** Extra data that is not a valid BFT layout (decision 0015): what, and the offset (-1 if none). */
public final class BftExtraDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int offset;

  public BftExtraDataException(String what, int offset) {
    super(offset < 0 ? what : what + " at offset " + offset);
    this.offset = offset;
  }

  public BftExtraDataException(String what, int offset, Throwable cause) {
    super(offset < 0 ? what : what + " at offset " + offset, cause);
    this.offset = offset;
  }

  public int offset() {
    return offset;
  }
}
