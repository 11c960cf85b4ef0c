package org.gridledger.explorer.indexer;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.gridledger.explorer.store.Sql;

/**
 * The price of a node: what {@code PricingPolicy.quoteRentContract(farm.pricingPolicyId,
 * node.total)} quotes, in wei per hour — the hourly rate of renting the whole node under its farm's
 * policy. The arithmetic repeats the contract's integer arithmetic exactly (cloud units in
 * nano-units, each division rounding down; docs/pricing.md), so the stored value equals the quote.
 */
public final class RentPrice {
  /** The cap of the BIGINT column: every price at or above it is stored as it. */
  public static final long CAP = 1_000_000_000_000_000_000L;

  private static final BigInteger NANO = BigInteger.valueOf(1_000_000_000L);
  private static final BigInteger GIB = BigInteger.ONE.shiftLeft(30);
  private static final BigInteger BPS = BigInteger.valueOf(10_000);

  private RentPrice() {}

  /**
   * {@code quoteRentContract}: {@code full - full * dedicatedDiscountBps / 10000} with {@code full
   * = (cu * cuPrice + su * suPrice) / 10^9} (PricingPolicy._resourcePrice, cloudUnits).
   */
  public static BigInteger quote(
      BigInteger cuPrice,
      BigInteger suPrice,
      long discountBps,
      long cru,
      long mru,
      long sru,
      long hru) {
    BigInteger memNano = BigInteger.valueOf(mru).multiply(NANO).divide(GIB);
    BigInteger cpuNano = BigInteger.valueOf(cru).multiply(NANO);
    BigInteger four = BigInteger.valueOf(4);
    BigInteger a = memNano.divide(four).max(cpuNano.divide(BigInteger.TWO));
    BigInteger b = memNano.divide(BigInteger.valueOf(8)).max(cpuNano);
    BigInteger c = memNano.divide(BigInteger.TWO).max(cpuNano.divide(four));
    BigInteger cu = a.min(b.min(c));
    BigInteger su =
        BigInteger.valueOf(hru)
            .multiply(NANO)
            .divide(BigInteger.valueOf(1200).multiply(GIB))
            .add(
                BigInteger.valueOf(sru)
                    .multiply(NANO)
                    .divide(BigInteger.valueOf(200).multiply(GIB)));
    BigInteger full = cu.multiply(cuPrice).add(su.multiply(suPrice)).divide(NANO);
    return full.subtract(full.multiply(BigInteger.valueOf(discountBps)).divide(BPS));
  }

  /** Digits of {@link #sortKey}: every price is below 2^256 < 10^78. */
  public static final int KEY_DIGITS = 79;

  /** The sort key of a node whose price is unknown: after every price. */
  public static final String UNKNOWN_KEY = "9".repeat(KEY_DIGITS);

  /**
   * The key {@code /api/nodes?sort=price} orders by: {@code price} in decimal left-padded with
   * zeros to {@link #KEY_DIGITS} digits, so that text order is numeric order; {@link #UNKNOWN_KEY}
   * for {@code null} (the farm's policy is unknown).
   */
  public static String sortKey(BigInteger price) {
    if (price == null) {
      return UNKNOWN_KEY;
    }
    String digits = price.toString();
    if (price.signum() < 0 || digits.length() >= KEY_DIGITS) {
      throw new IllegalArgumentException("not a price below 2^256: " + price);
    }
    return "0".repeat(KEY_DIGITS - digits.length()) + digits;
  }

  /** {@code price} for the capped column. */
  public static long capped(BigInteger price) {
    return price.min(BigInteger.valueOf(CAP)).longValueExact();
  }

  /**
   * Recomputes the price of the nodes selected by {@code where} (over {@code nodes n} joined with
   * {@code farms f}), inside the caller's transaction.
   */
  static void refresh(Connection c, String where, Object... args) throws SQLException {
    for (Map<String, Object> r :
        Sql.query(
            c,
            "SELECT n.id, n.total_cru, n.total_mru, n.total_sru, n.total_hru, p.cu_price,"
                + " p.su_price, p.dedicated_discount_bps FROM nodes n"
                + " JOIN farms f ON f.id = n.farm_id"
                + " LEFT JOIN pricing_policies p ON p.id = f.pricing_policy_id WHERE "
                + where,
            args)) {
      BigInteger price =
          r.get("cu_price") == null
              ? null
              : quote(
                  new BigInteger((String) r.get("cu_price")),
                  new BigInteger((String) r.get("su_price")),
                  ((Number) r.get("dedicated_discount_bps")).longValue(),
                  ((Number) r.get("total_cru")).longValue(),
                  ((Number) r.get("total_mru")).longValue(),
                  ((Number) r.get("total_sru")).longValue(),
                  ((Number) r.get("total_hru")).longValue());
      Sql.update(
          c,
          "UPDATE nodes SET rent_price = ?, rent_price_capped = ?, rent_price_key = ? WHERE id = ?",
          price == null ? null : price.toString(),
          price == null ? null : capped(price),
          sortKey(price),
          ((Number) r.get("id")).longValue());
    }
  }

  /** Inserts or replaces policy {@code id} and reprices the nodes of the farms that use it. */
  static void setPolicy(
      Connection c,
      long id,
      String name,
      BigInteger cuPrice,
      BigInteger suPrice,
      BigInteger ipuPrice,
      BigInteger nuPrice,
      BigInteger namePrice,
      long discountBps)
      throws SQLException {
    Sql.update(c, "DELETE FROM pricing_policies WHERE id = ?", id);
    Sql.update(
        c,
        "INSERT INTO pricing_policies (id, name, cu_price, su_price, ipu_price, nu_price,"
            + " name_price, dedicated_discount_bps) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        id,
        name,
        cuPrice.toString(),
        suPrice.toString(),
        ipuPrice.toString(),
        nuPrice.toString(),
        namePrice.toString(),
        discountBps);
    refresh(c, "f.pricing_policy_id = ?", id);
  }
}
