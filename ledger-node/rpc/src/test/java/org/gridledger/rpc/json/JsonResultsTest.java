package org.gridledger.rpc.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.UInt256;
import org.junit.jupiter.api.Test;

/** Encodings as geth's hexutil.EncodeUint64, EncodeBig and Encode write them. */
class JsonResultsTest {
  @Test
  void quantities() {
    assertThat(JsonResults.quantity(0).textValue()).isEqualTo("0x0");
    assertThat(JsonResults.quantity(1).textValue()).isEqualTo("0x1");
    assertThat(JsonResults.quantity(0x400).textValue()).isEqualTo("0x400");
    assertThat(JsonResults.quantity(-1L).textValue()).isEqualTo("0xffffffffffffffff");
    assertThat(JsonResults.quantity(BigInteger.ZERO).textValue()).isEqualTo("0x0");
    assertThat(JsonResults.quantity(BigInteger.TWO.pow(255)).textValue())
        .isEqualTo("0x8" + "0".repeat(63));
    assertThat(JsonResults.quantity(BigInteger.valueOf(-255)).textValue()).isEqualTo("-0xff");
    assertThat(JsonResults.quantity(UInt256.of(41)).textValue()).isEqualTo("0x29");
    assertThat(JsonResults.quantity(UInt256.ZERO).textValue()).isEqualTo("0x0");
    // one limb with its top bit set is unsigned; more than one limb takes the long way
    assertThat(
            JsonResults.quantity(UInt256.of(BigInteger.TWO.pow(64).subtract(BigInteger.ONE)))
                .textValue())
        .isEqualTo("0xffffffffffffffff");
    assertThat(JsonResults.quantity(UInt256.of(BigInteger.TWO.pow(64))).textValue())
        .isEqualTo("0x1" + "0".repeat(16));
    assertThat(JsonResults.quantity(UInt256.of(BigInteger.TWO.pow(255))).textValue())
        .isEqualTo("0x8" + "0".repeat(63));
  }

  @Test
  void data() {
    assertThat(JsonResults.data(new byte[0]).textValue()).isEqualTo("0x");
    assertThat(JsonResults.data(new byte[] {0, 1, (byte) 0xab}).textValue()).isEqualTo("0x0001ab");
    assertThat(JsonResults.address(Address.ofLow(1)).textValue())
        .isEqualTo("0x0000000000000000000000000000000000000001");
  }
}
