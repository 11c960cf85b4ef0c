package org.gridledger.sdk;

import java.math.BigInteger;

/**
 * The price of a node contract before it is sent: the hourly rate from the farm's pricing policy,
 * the escrow one billing period needs (the least deposit) and the deposit for the hours asked.
 */
public record Quote(
    long nodeId,
    long policyId,
    BigInteger perHour,
    long billingPeriodSeconds,
    BigInteger minimumDeposit,
    BigInteger deposit) {}
