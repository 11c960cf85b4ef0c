package org.gridledger.rpc;

/**
 * Told about the calls and errors of the JSON-RPC server, for metrics; lets the node measure RPC
 * without this module depending on a metrics library. The default methods do nothing.
 *
 * <p>Called from the worker and event-loop threads of {@link RpcServer}, concurrently;
 * implementations must be thread-safe, quick, and must not throw.
 */
public interface RpcObserver {
  /** Observes nothing. */
  RpcObserver NONE = new RpcObserver() {};

  /**
   * The label of every call whose method is not served, so that made-up method names cannot grow
   * the set of labels.
   */
  String UNKNOWN_METHOD = "unknown";

  /**
   * One call (or notification) was executed.
   *
   * @param method the method name when the server serves it ({@code rpc_modules} and {@code
   *     eth_subscribe}/{@code eth_unsubscribe} included), otherwise {@link #UNKNOWN_METHOD}
   * @param nanos time the handler took, on its worker thread
   * @param failed whether the call's answer is an error
   */
  default void callCompleted(String method, long nanos, boolean failed) {}

  /**
   * An error object was sent: a call's error, or a rejection of a whole request (parse error, body
   * or message too large, batch too long, timeout, ...).
   */
  default void errorSent(int code) {}
}
