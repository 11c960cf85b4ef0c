package org.gridledger.sdk;

import java.math.BigInteger;
import java.time.Duration;

/**
 * A contract as stored, with its remaining runway: how long the escrow, less what is accrued, lasts
 * at the contract's rate (before discounts, so at least this long). {@code kind} is Node, Rent or
 * Name; {@code rentContractId} is the rent a node contract was created under (0 if none), {@code
 * name} the gateway name of a name contract ("" for the others). A contract whose rate is zero (a
 * node contract without public IPs on a rented node) has no runway to count: {@link #unbilled}.
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
    Duration runway,
    long rentContractId,
    String name) {

  /** Whether the contract costs nothing per hour (its rent pays for the node). */
  public boolean unbilled() {
    return ratePerHour.signum() == 0;
  }

  public boolean live() {
    return state.equals("Created") || state.equals("GracePeriod");
  }
}
