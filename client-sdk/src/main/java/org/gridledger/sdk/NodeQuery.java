package org.gridledger.sdk;

import java.math.BigInteger;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a node search asks for: free capacity at least {@code minFree}, optionally a farm, a country
 * (ISO code), public IPs available in the farm, a price ceiling per hour for {@code minFree} and
 * whether unavailable nodes (offline, down, rented, unapproved) are listed too.
 */
public record NodeQuery(
    Capacity minFree,
    OptionalLong farmId,
    Optional<String> country,
    int publicIps,
    Optional<BigInteger> maxPricePerHour,
    boolean includeUnavailable,
    int limit) {

  public static NodeQuery of(Capacity minFree) {
    return new NodeQuery(
        minFree, OptionalLong.empty(), Optional.empty(), 0, Optional.empty(), false, 50);
  }

  public NodeQuery inFarm(long farm) {
    return new NodeQuery(
        minFree,
        OptionalLong.of(farm),
        country,
        publicIps,
        maxPricePerHour,
        includeUnavailable,
        limit);
  }

  public NodeQuery inCountry(String code) {
    return new NodeQuery(
        minFree, farmId, Optional.of(code), publicIps, maxPricePerHour, includeUnavailable, limit);
  }

  public NodeQuery withPublicIps(int count) {
    return new NodeQuery(
        minFree, farmId, country, count, maxPricePerHour, includeUnavailable, limit);
  }

  public NodeQuery maxPrice(BigInteger perHour) {
    return new NodeQuery(
        minFree, farmId, country, publicIps, Optional.of(perHour), includeUnavailable, limit);
  }

  public NodeQuery includingUnavailable() {
    return new NodeQuery(minFree, farmId, country, publicIps, maxPricePerHour, true, limit);
  }

  public NodeQuery limit(int max) {
    return new NodeQuery(
        minFree, farmId, country, publicIps, maxPricePerHour, includeUnavailable, max);
  }
}
