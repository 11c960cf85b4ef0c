package org.gridledger.core.tx;

import org.gridledger.core.rlp.RlpException;

/**
 * A byte string that is not a well-formed transaction: malformed or non-canonical RLP, a wrong
 * number of fields, a field of the wrong kind or size, or an unknown type. The message names the
 * field and the offset into the input where the problem was found.
 */
public final class TransactionDecodingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int offset;

  public TransactionDecodingException(String what, int offset) {
    super(what + " at offset " + offset);
    this.offset = offset;
  }

  public TransactionDecodingException(String what, int offset, Throwable cause) {
    super(what + " at offset " + offset, cause);
    this.offset = offset;
  }

  private TransactionDecodingException(String message, int offset, RlpException cause) {
    super(message, cause);
    this.offset = offset;
  }

  /** A malformed field: the RLP problem, prefixed with the field's name. */
  static TransactionDecodingException inField(String field, RlpException cause) {
    return new TransactionDecodingException(
        field + ": " + cause.getMessage(), cause.offset(), cause);
  }

  /** Offset into the decoded input where the problem was found. */
  public int offset() {
    return offset;
  }
}
