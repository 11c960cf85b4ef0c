package org.gridledger.sdk;

/** A farm as registered. */
public record FarmInfo(
    long id,
    long twinId,
    String name,
    long pricingPolicyId,
    String payout,
    boolean certified,
    long freePublicIps) {}
