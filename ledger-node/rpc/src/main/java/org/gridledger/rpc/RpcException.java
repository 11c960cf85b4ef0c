package org.gridledger.rpc;

/**
 * Carries an {@link RpcError} out of code that cannot return one, such as {@link RpcParams}'s
 * helpers; the dispatcher answers with the error. Unchecked, without a stack trace: it is control
 * flow, not a bug.
 */
public final class RpcException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // errors are records of strings and JSON nodes; never serialized
  private final RpcError error;

  public RpcException(RpcError error) {
    super(error.message(), null, false, false);
    this.error = error;
  }

  public RpcError error() {
    return error;
  }
}
