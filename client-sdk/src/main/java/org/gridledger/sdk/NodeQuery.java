package org.gridledger.sdk;

import java.math.BigInteger;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a node search asks for: free capacity at least {@code minFree}, optionally a farm, a country
 * (ISO code), public IPs available in the farm, a price ceiling per hour for {@code minFree}, a
 * ceiling on the node's own price (renting the whole node per hour, {@code
 * PricingPolicy.quoteRentContract} of its total capacity: the explorer's {@code max_price}) and
 * whether unavailable nodes (offline, down, rented, unapproved) are listed too.
 */
public record NodeQuery(
    Capacity minFree,
    OptionalLong farmId,
    Optional<String> country,
    int publicIps,
    Optional<BigInteger> maxPricePerHour,
    Optional<BigInteger> maxNodePricePerHour,
    boolean includeUnavailable,
    int limit) {

  public static NodeQuery of(Capacity minFree) {
    return new NodeQuery(
        minFree,
        OptionalLong.empty(),
        Optional.empty(),
        0,
        Optional.empty(),
        Optional.empty(),
        false,
        50);
  }

  public NodeQuery inFarm(long farm) {
    return new NodeQuery(
        minFree,
        OptionalLong.of(farm),
        country,
        publicIps,
        maxPricePerHour,
        maxNodePricePerHour,
        includeUnavailable,
        limit);
  }

  public NodeQuery inCountry(String code) {
    return new NodeQuery(
        minFree,
        farmId,
        Optional.of(code),
        publicIps,
        maxPricePerHour,
        maxNodePricePerHour,
        includeUnavailable,
        limit);
  }

  public NodeQuery withPublicIps(int count) {
    return new NodeQuery(
        minFree,
        farmId,
        country,
        count,
        maxPricePerHour,
        maxNodePricePerHour,
        includeUnavailable,
        limit);
  }

  public NodeQuery maxPrice(BigInteger perHour) {
    return new NodeQuery(
        minFree,
        farmId,
        country,
        publicIps,
        Optional.of(perHour),
        maxNodePricePerHour,
        includeUnavailable,
        limit);
  }

  /** Only nodes whose whole-node rent price is at most {@code perHour} wei. */
  public NodeQuery maxNodePrice(BigInteger perHour) {
    return new NodeQuery(
        minFree,
        farmId,
        country,
        publicIps,
        maxPricePerHour,
        Optional.of(perHour),
        includeUnavailable,
        limit);
  }

  public NodeQuery includingUnavailable() {
    return new NodeQuery(
        minFree, farmId, country, publicIps, maxPricePerHour, maxNodePricePerHour, true, limit);
  }

  public NodeQuery limit(int max) {
    return new NodeQuery(
        minFree,
        farmId,
        country,
        publicIps,
        maxPricePerHour,
        maxNodePricePerHour,
        includeUnavailable,
        max);
  }
}
