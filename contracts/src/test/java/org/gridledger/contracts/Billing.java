package org.gridledger.contracts;

import java.math.BigInteger;

/**
 * An independent implementation of the documented pricing and billing rules (docs/pricing.md,
 * docs/contracts.md), used to compute what the contracts should charge.
 */
final class Billing {
  static final BigInteger NANO = BigInteger.valueOf(1_000_000_000L);
  static final BigInteger GIB = BigInteger.valueOf(Grid.GIB);
  static final BigInteger HOUR = BigInteger.valueOf(3600);
  static final BigInteger BPS = BigInteger.valueOf(10_000);
  static final BigInteger DENOMINATOR = HOUR.multiply(BPS).multiply(GIB);

  private Billing() {}

  /** CU in nano-units: min(max(M/4, C/2), max(M/8, C), max(M/2, C/4)), M in GiB, C in cores. */
  static BigInteger cuNano(long cru, long mru) {
    BigInteger m = BigInteger.valueOf(mru).multiply(NANO).divide(GIB);
    BigInteger c = BigInteger.valueOf(cru).multiply(NANO);
    BigInteger a = m.divide(BigInteger.valueOf(4)).max(c.divide(BigInteger.TWO));
    BigInteger b = m.divide(BigInteger.valueOf(8)).max(c);
    BigInteger d = m.divide(BigInteger.TWO).max(c.divide(BigInteger.valueOf(4)));
    return a.min(b).min(d);
  }

  /** SU in nano-units: HDD/1200 + SSD/200, both in GiB. */
  static BigInteger suNano(long sru, long hru) {
    return BigInteger.valueOf(hru)
        .multiply(NANO)
        .divide(GIB.multiply(BigInteger.valueOf(1200)))
        .add(BigInteger.valueOf(sru).multiply(NANO).divide(GIB.multiply(BigInteger.valueOf(200))));
  }

  static BigInteger nodeRate(long cru, long mru, long sru, long hru, int ips) {
    return cuNano(cru, mru)
        .multiply(Grid.CU_PRICE)
        .add(suNano(sru, hru).multiply(Grid.SU_PRICE))
        .divide(NANO)
        .add(Grid.IPU_PRICE.multiply(BigInteger.valueOf(ips)));
  }

  static BigInteger rentRate(long cru, long mru, long sru, long hru) {
    BigInteger full = nodeRate(cru, mru, sru, hru, 0);
    return full.subtract(
        full.multiply(BigInteger.valueOf(Grid.DEDICATED_DISCOUNT_BPS)).divide(BPS));
  }

  /** ceil(rate * billingPeriod / 3600): the escrow one billing period needs. */
  static BigInteger periodCost(BigInteger rate) {
    return rate.multiply(BigInteger.valueOf(Grid.BILLING_PERIOD))
        .add(BigInteger.valueOf(3599))
        .divide(HOUR);
  }

  /** The discount for an escrow covering escrow / rate hours (ThreeFold's tiers). */
  static int discountBps(BigInteger rate, BigInteger escrow) {
    if (rate.signum() == 0) {
      return 0;
    }
    long hours = escrow.divide(rate).min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
    int bps = 0;
    for (long[] tier : Grid.TIERS) {
      if (hours >= tier[0]) {
        bps = (int) tier[1];
      }
    }
    return bps;
  }

  /** The result of one settlement. */
  record Charge(BigInteger amount, BigInteger carry) {}

  static Charge charge(
      BigInteger rate, long billableSeconds, long networkBytes, int discountBps, BigInteger carry) {
    BigInteger net = BigInteger.valueOf(10_000 - discountBps);
    BigInteger numerator =
        carry
            .add(rate.multiply(BigInteger.valueOf(billableSeconds)).multiply(net).multiply(GIB))
            .add(
                BigInteger.valueOf(networkBytes)
                    .multiply(Grid.NU_PRICE)
                    .multiply(HOUR)
                    .multiply(net));
    BigInteger[] qr = numerator.divideAndRemainder(DENOMINATOR);
    return new Charge(qr[0], qr[1]);
  }

  static BigInteger fee(BigInteger paid) {
    return paid.multiply(BigInteger.valueOf(Grid.FEE_BPS)).divide(BPS);
  }
}
