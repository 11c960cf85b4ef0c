package org.gridledger.rpc;

/**
 * One JSON-RPC method. It receives the positional parameters and returns a result or an error; it
 * runs on a worker thread (so it may block on storage) and may be called concurrently. Parameter
 * helpers throw {@link RpcException} with an invalid-params error, which the dispatcher answers;
 * any other exception becomes {@code -32603} "method handler crashed" and is logged, never sent.
 */
@FunctionalInterface
public interface RpcMethod {
  RpcResult call(RpcParams params);
}
