package org.gridledger.sdk;

import java.math.BigInteger;

/**
 * A submitted node contract. {@code alreadyExisted} is true when the same spec was already live on
 * the same node for this account (idempotent submit: nothing new was sent).
 */
public record Deployment(
    long contractId,
    long nodeId,
    String deploymentHash,
    BigInteger deposit,
    BigInteger perHour,
    String transactionHash,
    boolean alreadyExisted) {}
