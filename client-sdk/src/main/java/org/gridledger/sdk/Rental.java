package org.gridledger.sdk;

import java.math.BigInteger;

/**
 * A created rent contract: the whole node {@code nodeId} is reserved for this account's twin, at
 * {@code perHour} (the farm policy's price of the node's full capacity less its dedicated
 * discount); node contracts on it then pay for public IPs only.
 */
public record Rental(
    long contractId, long nodeId, BigInteger deposit, BigInteger perHour, String transactionHash) {}
