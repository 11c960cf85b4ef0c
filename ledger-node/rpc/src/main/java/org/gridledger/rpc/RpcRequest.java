package org.gridledger.rpc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One decoded message of a request, kept as leniently as geth's {@code jsonrpcMessage} so that it
 * can be classified with geth's rules.
 *
 * @param version the {@code jsonrpc} member if it was a string, else {@code null}
 * @param idJson the {@code id} member exactly as it appeared (raw JSON text), {@code null} when
 *     absent; echoed back unchanged
 * @param method the {@code method} member if it was a string, else {@code null}
 * @param params the {@code params} member ({@code NullNode} for null), {@code null} when absent
 * @param hasResultOrError whether {@code result} or {@code error} was present (a response)
 */
record RpcRequest(
    String version, String idJson, String method, JsonNode params, boolean hasResultOrError) {

  /** An element that was not a JSON object: it can only be answered "invalid request". */
  static final RpcRequest NOT_AN_OBJECT = new RpcRequest(null, null, null, null, false);

  boolean hasValidVersion() {
    return "2.0".equals(version);
  }

  /** An id is valid unless absent, an object or an array (geth's hasValidID). */
  boolean hasValidId() {
    return idJson != null
        && !idJson.isEmpty()
        && idJson.charAt(0) != '{'
        && idJson.charAt(0) != '[';
  }

  boolean hasMethod() {
    return method != null && !method.isEmpty();
  }

  boolean isNotification() {
    return hasValidVersion() && idJson == null && hasMethod();
  }

  boolean isCall() {
    return hasValidVersion() && hasValidId() && hasMethod();
  }

  /** A response to a call of ours; a server has none outstanding, so it is dropped silently. */
  boolean isResponse() {
    return hasValidVersion() && hasValidId() && !hasMethod() && params == null && hasResultOrError;
  }
}
