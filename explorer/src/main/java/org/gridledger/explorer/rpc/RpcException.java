package org.gridledger.explorer.rpc;

/** A JSON-RPC call that failed: transport error, HTTP status, or a JSON-RPC error object. */
public final class RpcException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RpcException(String message) {
    super(message);
  }

  public RpcException(String message, Throwable cause) {
    super(message, cause);
  }
}
