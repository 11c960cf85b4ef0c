package org.gridledger.rpc;

import com.fasterxml.jackson.databind.JsonNode;

/** What a method returns: a JSON result or an error. */
public sealed interface RpcResult permits RpcResult.Success, RpcResult.Failure {

  record Success(JsonNode value) implements RpcResult {
    public Success {
      if (value == null) {
        throw new IllegalArgumentException("a result is a JSON value; use NullNode for null");
      }
    }
  }

  record Failure(RpcError error) implements RpcResult {
    public Failure {
      if (error == null) {
        throw new IllegalArgumentException("error is required");
      }
    }
  }

  static RpcResult success(JsonNode value) {
    return new Success(value);
  }

  static RpcResult failure(RpcError error) {
    return new Failure(error);
  }
}
