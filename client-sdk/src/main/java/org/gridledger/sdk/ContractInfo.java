package org.gridledger.sdk;

import java.math.BigInteger;
import java.time.Duration;

/**
 * A contract as stored, with its remaining runway: how long the escrow, less what is accrued, lasts
 * at the contract's rate (before discounts, so at least this long).
 */
public record ContractInfo(
    long id,
    String kind,
    String state,
    long nodeId,
    long twinId,
    String owner,
    boolean billing,
    BigInteger escrow,
    BigInteger ratePerHour,
    BigInteger accrued,
    Capacity resources,
    int publicIps,
    String deploymentHash,
    long createdAt,
    Duration runway) {

  public boolean live() {
    return state.equals("Created") || state.equals("GracePeriod");
  }
}
