package org.gridledger.sdk;

import java.math.BigInteger;

/** A search hit: the node and the hourly price of the query's capacity and IPs on it. */
public record NodeOffer(NodeInfo node, BigInteger pricePerHour) {}
