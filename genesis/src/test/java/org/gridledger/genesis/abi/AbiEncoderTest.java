package org.gridledger.genesis.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.gridledger.evm.types.Hex;
import org.junit.jupiter.api.Test;

/**
 * The examples of the Solidity documentation, "Contract ABI Specification", section "Examples" and
 * "Use of Dynamic Types": the expected call data is copied from there, word by word.
 */
class AbiEncoderTest {

  private static byte[] call(String signature, List<?> values) {
    String types = signature.substring(signature.indexOf('('));
    AbiType.Tuple tuple = (AbiType.Tuple) AbiType.parse(types);
    return AbiEncoder.call(signature, tuple.components(), values);
  }

  private static String hex(String... words) {
    return "0x" + String.join("", words);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void bazWithStaticArguments() {
    byte[] data = call("baz(uint32,bool)", List.of(69, true));
    assertThat(Hex.encode(data))
        .isEqualTo(
            hex(
                "cdcd77c0",
                "0000000000000000000000000000000000000000000000000000000000000045",
                "0000000000000000000000000000000000000000000000000000000000000001"));
  }

  @Test
  void barWithFixedArrayOfBytes3() {
    byte[] data = call("bar(bytes3[2])", List.of(List.of(ascii("abc"), ascii("def"))));
    assertThat(Hex.encode(data))
        .isEqualTo(
            hex(
                "fce353f6",
                "6162630000000000000000000000000000000000000000000000000000000000",
                "6465660000000000000000000000000000000000000000000000000000000000"));
  }

  @Test
  void samWithBytesBoolAndDynamicArray() {
    byte[] data = call("sam(bytes,bool,uint256[])", List.of(ascii("dave"), true, List.of(1, 2, 3)));
    assertThat(Hex.encode(data))
        .isEqualTo(
            hex(
                "a5643bf2",
                "0000000000000000000000000000000000000000000000000000000000000060",
                "0000000000000000000000000000000000000000000000000000000000000001",
                "00000000000000000000000000000000000000000000000000000000000000a0",
                "0000000000000000000000000000000000000000000000000000000000000004",
                "6461766500000000000000000000000000000000000000000000000000000000",
                "0000000000000000000000000000000000000000000000000000000000000003",
                "0000000000000000000000000000000000000000000000000000000000000001",
                "0000000000000000000000000000000000000000000000000000000000000002",
                "0000000000000000000000000000000000000000000000000000000000000003"));
  }

  @Test
  void fWithDynamicTypesBetweenStaticOnes() {
    byte[] data =
        call(
            "f(uint256,uint32[],bytes10,bytes)",
            List.of(0x123, List.of(0x456, 0x789), ascii("1234567890"), ascii("Hello, world!")));
    assertThat(Hex.encode(data))
        .isEqualTo(
            hex(
                "8be65246",
                "0000000000000000000000000000000000000000000000000000000000000123",
                "0000000000000000000000000000000000000000000000000000000000000080",
                "3132333435363738393000000000000000000000000000000000000000000000",
                "00000000000000000000000000000000000000000000000000000000000000e0",
                "0000000000000000000000000000000000000000000000000000000000000002",
                "0000000000000000000000000000000000000000000000000000000000000456",
                "0000000000000000000000000000000000000000000000000000000000000789",
                "000000000000000000000000000000000000000000000000000000000000000d",
                "48656c6c6f2c20776f726c642100000000000000000000000000000000000000"));
  }

  @Test
  void gWithNestedDynamicArraysAndStrings() {
    byte[] data =
        call(
            "g(uint256[][],string[])",
            List.of(List.of(List.of(1, 2), List.of(3)), List.of("one", "two", "three")));
    assertThat(Hex.encode(data))
        .isEqualTo(
            hex(
                "2289b18c",
                "0000000000000000000000000000000000000000000000000000000000000040",
                "0000000000000000000000000000000000000000000000000000000000000140",
                "0000000000000000000000000000000000000000000000000000000000000002",
                "0000000000000000000000000000000000000000000000000000000000000040",
                "00000000000000000000000000000000000000000000000000000000000000a0",
                "0000000000000000000000000000000000000000000000000000000000000002",
                "0000000000000000000000000000000000000000000000000000000000000001",
                "0000000000000000000000000000000000000000000000000000000000000002",
                "0000000000000000000000000000000000000000000000000000000000000001",
                "0000000000000000000000000000000000000000000000000000000000000003",
                "0000000000000000000000000000000000000000000000000000000000000003",
                "0000000000000000000000000000000000000000000000000000000000000060",
                "00000000000000000000000000000000000000000000000000000000000000a0",
                "00000000000000000000000000000000000000000000000000000000000000e0",
                "0000000000000000000000000000000000000000000000000000000000000003",
                "6f6e650000000000000000000000000000000000000000000000000000000000",
                "0000000000000000000000000000000000000000000000000000000000000003",
                "74776f0000000000000000000000000000000000000000000000000000000000",
                "0000000000000000000000000000000000000000000000000000000000000005",
                "7468726565000000000000000000000000000000000000000000000000000000"));
  }

  @Test
  void decodingTheSpecExamplesGivesTheValuesBack() {
    AbiType.Tuple g = (AbiType.Tuple) AbiType.parse("(uint256[][],string[])");
    byte[] data =
        AbiEncoder.encode(
            g.components(),
            List.of(List.of(List.of(1, 2), List.of(3)), List.of("one", "two", "three")));
    List<Object> back = AbiDecoder.decode(g.components(), data);
    BigInteger one = BigInteger.ONE;
    assertThat(back)
        .isEqualTo(
            List.of(
                List.of(List.of(one, BigInteger.TWO), List.of(BigInteger.valueOf(3))),
                List.of("one", "two", "three")));

    AbiType.Tuple f = (AbiType.Tuple) AbiType.parse("(uint256,uint32[],bytes10,bytes)");
    List<Object> fBack =
        AbiDecoder.decode(
            f.components(),
            AbiEncoder.encode(
                f.components(),
                List.of(0x123, List.of(0x456, 0x789), ascii("1234567890"), ascii("Hello"))));
    assertThat(fBack.get(0)).isEqualTo(BigInteger.valueOf(0x123));
    assertThat(fBack.get(2)).isEqualTo(ascii("1234567890"));
    assertThat(fBack.get(3)).isEqualTo(ascii("Hello"));
  }

  @Test
  void signedIntegersAreTwosComplement() {
    byte[] data = AbiEncoder.encode(List.of(new AbiType.Int(8)), List.of(-1));
    assertThat(Hex.encode(data)).isEqualTo("0x" + "ff".repeat(32));
    assertThat(AbiDecoder.decode(List.of(new AbiType.Int(8)), data))
        .containsExactly(BigInteger.valueOf(-1));
  }

  @Test
  void canonicalNamesOfNestedTypes() {
    assertThat(AbiType.parse("(string,uint128)[4]").canonical()).isEqualTo("(string,uint128)[4]");
    assertThat(AbiType.parse("uint").canonical()).isEqualTo("uint256");
    assertThat(AbiType.parse("(uint32,uint16)[4]").isDynamic()).isFalse();
    assertThat(AbiType.parse("(uint32,uint16)[4]").headSize()).isEqualTo(4 * 64);
    assertThat(AbiType.parse("(string,uint16)[4]").isDynamic()).isTrue();
  }

  @Test
  void valuesThatDoNotFitAreRejectedWithTheirPlace() {
    AbiType.Tuple t = (AbiType.Tuple) AbiType.parse("(uint8,(uint16,string))");
    assertThatThrownBy(() -> AbiEncoder.encode(t.components(), List.of(256, List.of(1, "x"))))
        .isInstanceOf(AbiException.class)
        .hasMessageContaining("arg 0")
        .hasMessageContaining("uint8");
    assertThatThrownBy(() -> AbiEncoder.encode(t.components(), List.of(1, List.of(-1, "x"))))
        .isInstanceOf(AbiException.class)
        .hasMessageContaining("arg 1.0");
    assertThatThrownBy(() -> AbiEncoder.encode(t.components(), List.of(1, List.of(1, 2))))
        .isInstanceOf(AbiException.class)
        .hasMessageContaining("arg 1.1: expected a String");
    assertThatThrownBy(() -> AbiEncoder.encode(t.components(), List.of(1)))
        .isInstanceOf(AbiException.class);
    assertThatThrownBy(() -> AbiType.parse("uint7")).isInstanceOf(AbiException.class);
    assertThatThrownBy(() -> AbiType.parse("(uint8")).isInstanceOf(AbiException.class);
  }

  @Test
  void malformedDataIsRejectedWithTheOffset() {
    List<AbiType> stringType = List.of(new AbiType.Str());
    byte[] truncated =
        Hex.decode(
            hex(
                "0000000000000000000000000000000000000000000000000000000000000020",
                "00000000000000000000000000000000000000000000000000000000000000ff"));
    assertThatThrownBy(() -> AbiDecoder.decode(stringType, truncated))
        .isInstanceOf(AbiException.class)
        .hasMessageContaining("offset 32");
    byte[] badOffset =
        Hex.decode(hex("00000000000000000000000000000000000000000000000000000000ffffffff"));
    assertThatThrownBy(() -> AbiDecoder.decode(stringType, badOffset))
        .isInstanceOf(AbiException.class)
        .hasMessageContaining("outside");
    byte[] dirtyBool =
        Hex.decode(hex("0000000000000000000000000000000000000000000000000000000000000002"));
    assertThatThrownBy(() -> AbiDecoder.decode(List.of(new AbiType.Bool()), dirtyBool))
        .isInstanceOf(AbiException.class);
    assertThatThrownBy(() -> AbiDecoder.decode(List.of(new AbiType.UInt(256)), new byte[5]))
        .isInstanceOf(AbiException.class)
        .hasMessageContaining("offset 0");
  }
}
