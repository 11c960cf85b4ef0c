package org.gridledger.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class FixtureNumbersTest {

  @Test
  void readsHexDecimalAndTheEmptyQuantity() {
    assertThat(FixtureNumbers.parse("0x")).isEqualTo(BigInteger.ZERO);
    assertThat(FixtureNumbers.parse("0x00")).isEqualTo(BigInteger.ZERO);
    assertThat(FixtureNumbers.parse("0x5208")).isEqualTo(BigInteger.valueOf(21_000));
    assertThat(FixtureNumbers.parse("0XfF")).isEqualTo(BigInteger.valueOf(255));
    assertThat(FixtureNumbers.parse("1000")).isEqualTo(BigInteger.valueOf(1000));
  }

  @Test
  void readsRetestethsBigintMarkerAsTheWideValueItCarries() {
    BigInteger twoTo256PlusOne = BigInteger.ONE.shiftLeft(256).add(BigInteger.ONE);
    assertThat(
            FixtureNumbers.parse(
                "0x:bigint 0x10000000000000000000000000000000000000000000000000000000000000001"))
        .isEqualTo(twoTo256PlusOne);
    assertThat(FixtureNumbers.parse("0x:bigint 0x00")).isEqualTo(BigInteger.ZERO);
  }

  @Test
  void refusesSignsAndText() {
    assertThatThrownBy(() -> FixtureNumbers.parse("0x-1"))
        .isInstanceOf(NumberFormatException.class);
    assertThatThrownBy(() -> FixtureNumbers.parse("-1")).isInstanceOf(NumberFormatException.class);
    assertThatThrownBy(() -> FixtureNumbers.parse("0x:bigint"))
        .isInstanceOf(NumberFormatException.class);
    assertThatThrownBy(() -> FixtureNumbers.parse("0xzz"))
        .isInstanceOf(NumberFormatException.class);
  }
}
