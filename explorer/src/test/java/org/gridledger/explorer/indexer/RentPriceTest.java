package org.gridledger.explorer.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The quote against docs/pricing.md's worked example, and the cap. */
class RentPriceTest {
  private static final long GIB = 1L << 30;

  @Test
  void rentingTheExampleNodeCostsWhatThePricingDocSays() {
    // docs/pricing.md, "Example": 8 cores, 32 GiB, 1 TiB SSD, 4 TiB HDD at 0.01 coin per CU-hour
    // and 0.005 per SU-hour is 8 CU + 8.5333 SU = 0.1226667 coin/hour, 0.0613333 with the 50%
    // dedicated discount. With the contract's nano-unit rounding: SU = 3.413333333 + 5.12.
    BigInteger full =
        RentPrice.quote(
            new BigInteger("10000000000000000"),
            new BigInteger("5000000000000000"),
            0,
            8,
            32 * GIB,
            1024 * GIB,
            4096 * GIB);
    assertThat(full).isEqualTo(new BigInteger("122666666665000000"));
    BigInteger dedicated =
        RentPrice.quote(
            new BigInteger("10000000000000000"),
            new BigInteger("5000000000000000"),
            5000,
            8,
            32 * GIB,
            1024 * GIB,
            4096 * GIB);
    assertThat(dedicated).isEqualTo(new BigInteger("61333333332500000"));
  }

  @Test
  void pricesAtOrAboveOneCoinAreCapped() {
    assertThat(RentPrice.capped(new BigInteger("999999999999999999")))
        .isEqualTo(999_999_999_999_999_999L);
    assertThat(RentPrice.capped(BigInteger.TEN.pow(30))).isEqualTo(RentPrice.CAP);
  }
}
