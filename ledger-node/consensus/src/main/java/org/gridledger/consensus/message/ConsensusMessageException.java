package org.gridledger.consensus.message;

/**
 * Bytes that are not a valid consensus message, naming what was wrong and the offset into the input
 * (-1 when not tied to a position). The only exception {@link ConsensusMessageCodec#decode} throws.
 */
public final class ConsensusMessageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int offset;

  public ConsensusMessageException(String what, int offset) {
    super(offset < 0 ? what : what + " at offset " + offset);
    this.offset = offset;
  }

  public ConsensusMessageException(String what, int offset, Throwable cause) {
    super(offset < 0 ? what : what + " at offset " + offset, cause);
    this.offset = offset;
  }

  public int offset() {
    return offset;
  }
}
