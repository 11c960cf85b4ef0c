package org.gridledger.sdk;

import java.nio.charset.StandardCharsets;

/**
 * A node's report on a contract, decrypted with the owner's twin key: a fulfilment
 * (ContractFulfilled: the workload runs, billing runs) or, when {@code failed}, a failure
 * (ContractFailed: nothing runs, nothing is billed until the next fulfilment). {@code via} says
 * whether the WebSocket subscription or the eth_getLogs poll delivered it.
 */
public record FulfilmentResult(
    long contractId, long nodeId, long blockNumber, String via, boolean failed, byte[] plaintext) {
  public static final String VIA_WEBSOCKET = "WebSocket";
  public static final String VIA_POLLING = "polling";

  public FulfilmentResult {
    plaintext = plaintext.clone();
  }

  @Override
  public byte[] plaintext() {
    return plaintext.clone();
  }

  /** The result as text (nodes report JSON: status, endpoint, error). */
  public String text() {
    return new String(plaintext, StandardCharsets.UTF_8);
  }
}
