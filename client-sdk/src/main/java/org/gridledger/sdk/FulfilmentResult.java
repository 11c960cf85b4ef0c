package org.gridledger.sdk;

import java.nio.charset.StandardCharsets;

/** A node's fulfilment report, decrypted with the owner's twin key. */
public record FulfilmentResult(long contractId, long nodeId, long blockNumber, byte[] plaintext) {
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
