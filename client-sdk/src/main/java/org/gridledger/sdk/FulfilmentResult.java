package org.gridledger.sdk;

import java.nio.charset.StandardCharsets;

/**
 * A node's fulfilment report, decrypted with the owner's twin key; {@code via} says whether the
 * WebSocket subscription or the eth_getLogs poll delivered it.
 */
public record FulfilmentResult(
    long contractId, long nodeId, long blockNumber, String via, byte[] plaintext) {
  public static final String VIA_WEBSOCKET = "WebSocket";
  public static final String VIA_POLLING = "polling";

  public FulfilmentResult {
    plaintext = plaintext.clone();
  }

  @Override
  public byte[] plaintext() {
    return plaintext.clone();
  }

  /** The result as text (nodes report JSON: status, endpoint). */
  public String text() {
    return new String(plaintext, StandardCharsets.UTF_8);
  }
}
