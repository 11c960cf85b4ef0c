package org.gridledger.sdk;

import java.math.BigInteger;

/**
 * The price of a contract before it is sent: the hourly rate from the pricing policy (the node's
 * farm's, or the default policy for a name contract, whose {@code nodeId} is 0), the escrow one
 * billing period needs (the least deposit) and the deposit for the hours asked.
 */
public record Quote(
    long nodeId,
    long policyId,
    BigInteger perHour,
    long billingPeriodSeconds,
    BigInteger minimumDeposit,
    BigInteger deposit) {}
