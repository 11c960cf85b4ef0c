package org.gridledger.sdk;

import java.math.BigInteger;

/** A created name contract holding the gateway name {@code name} for this account's twin. */
public record NameReservation(
    long contractId, String name, BigInteger deposit, BigInteger perHour, String transactionHash) {}
