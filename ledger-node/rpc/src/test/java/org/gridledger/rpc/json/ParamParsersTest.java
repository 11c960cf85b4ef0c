package org.gridledger.rpc.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected messages are go-ethereum's hexutil texts (common/hexutil/hexutil.go). */
class ParamParsersTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return MAPPER.readTree(text);
  }

  @ParameterizedTest
  @CsvSource({
    "'\"0x0\"', 0",
    "'\"0x1\"', 1",
    "'\"0xff\"', 255",
    "'\"0XfF\"', 255",
    "'\"0x7fffffffffffffff\"', 9223372036854775807",
    "'\"\"', 0"
  })
  void uint64Accepts(String json, long expected) throws Exception {
    assertThat(ParamParsers.UINT64.parse(json(json))).isEqualTo(expected);
  }

  @Test
  void uint64IsUnsigned() throws Exception {
    assertThat(ParamParsers.UINT64.parse(json("\"0xffffffffffffffff\""))).isEqualTo(-1L);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'\"1\"'                   | hex string without 0x prefix",
        "'\"0x\"'                  | hex string \"0x\"",
        "'\"0x01\"'                | hex number with leading zero digits",
        "'\"0x00\"'                | hex number with leading zero digits",
        "'\"0xg\"'                 | invalid hex string",
        "'\"0x10000000000000000\"' | hex number > 64 bits",
        "'1'                       | cannot unmarshal non-string number into quantity"
      })
  void uint64Rejects(String json, String message) throws Exception {
    JsonNode node = json(json);
    assertThatThrownBy(() -> ParamParsers.UINT64.parse(node))
        .isInstanceOf(InvalidParamException.class)
        .hasMessage(message);
  }

  @Test
  void lengthIsCheckedBeforeDigitsForJsonQuantitiesOnly() throws Exception {
    JsonNode longAndBad = json("\"0x" + "z".repeat(17) + "\"");
    // hexutil.Uint64 (JSON) checks the length first ...
    assertThatThrownBy(() -> ParamParsers.UINT64.parse(longAndBad))
        .hasMessage("hex number > 64 bits");
    // ... hexutil.DecodeUint64 (block numbers) reads digit by digit.
    assertThatThrownBy(() -> ParamParsers.BLOCK_NUMBER.parse(longAndBad))
        .hasMessage("invalid hex string");
  }

  @Test
  void bigQuantity() throws Exception {
    String max = "\"0x" + "f".repeat(64) + "\"";
    assertThat(ParamParsers.BIG_QUANTITY.parse(json(max)))
        .isEqualTo(BigInteger.TWO.pow(256).subtract(BigInteger.ONE));
    JsonNode tooBig = json("\"0x1" + "0".repeat(64) + "\"");
    assertThatThrownBy(() -> ParamParsers.BIG_QUANTITY.parse(tooBig))
        .hasMessage("hex number > 256 bits");
  }

  @Test
  void data() throws Exception {
    assertThat(ParamParsers.DATA.parse(json("\"0x\""))).isEmpty();
    assertThat(ParamParsers.DATA.parse(json("\"\""))).isEmpty();
    assertThat(ParamParsers.DATA.parse(json("\"0x00ff7F\""))).containsExactly(0x00, 0xff, 0x7f);
    JsonNode odd = json("\"0xabc\"");
    assertThatThrownBy(() -> ParamParsers.DATA.parse(odd)).hasMessage("hex string of odd length");
    // hexutil.Bytes checks the length first, then the digits.
    JsonNode oddAndBad = json("\"0xzzz\"");
    assertThatThrownBy(() -> ParamParsers.DATA.parse(oddAndBad))
        .hasMessage("hex string of odd length");
    JsonNode bad = json("\"0xzz\"");
    assertThatThrownBy(() -> ParamParsers.DATA.parse(bad)).hasMessage("invalid hex string");
    JsonNode noPrefix = json("\"abcd\"");
    assertThatThrownBy(() -> ParamParsers.DATA.parse(noPrefix))
        .hasMessage("hex string without 0x prefix");
  }

  @Test
  void address() throws Exception {
    String hex = "0x00000000219ab540356cbb839cbe05303d7705fa";
    assertThat(ParamParsers.ADDRESS.parse(json("\"" + hex + "\""))).isEqualTo(Address.fromHex(hex));
    assertThat(ParamParsers.ADDRESS.parse(json("\"0x00000000219AB540356cBB839Cbe05303d7705Fa\"")))
        .isEqualTo(Address.fromHex(hex));
    JsonNode shortOne = json("\"0x00000000219ab540356cbb839cbe05303d7705\"");
    assertThatThrownBy(() -> ParamParsers.ADDRESS.parse(shortOne))
        .hasMessage("hex string has length 38, want 40 for address");
    JsonNode empty = json("\"\"");
    assertThatThrownBy(() -> ParamParsers.ADDRESS.parse(empty))
        .hasMessage("hex string has length 0, want 40 for address");
    JsonNode noPrefix = json("\"00000000219ab540356cbb839cbe05303d7705fa\"");
    assertThatThrownBy(() -> ParamParsers.ADDRESS.parse(noPrefix))
        .hasMessage("hex string without 0x prefix");
  }

  @Test
  void hash() throws Exception {
    String hex = "0x" + "ab".repeat(32);
    assertThat(ParamParsers.HASH.parse(json("\"" + hex + "\""))).isEqualTo(Hash.fromHex(hex));
    JsonNode odd = json("\"0x" + "a".repeat(63) + "\"");
    assertThatThrownBy(() -> ParamParsers.HASH.parse(odd)).hasMessage("hex string of odd length");
    JsonNode bad = json("\"0x" + "g".repeat(64) + "\"");
    assertThatThrownBy(() -> ParamParsers.HASH.parse(bad)).hasMessage("invalid hex string");
  }

  @Test
  void blockNumberAndTags() throws Exception {
    for (BlockTag tag : BlockTag.values()) {
      assertThat(ParamParsers.BLOCK_NUMBER.parse(json("\"" + tag.wireName() + "\"")))
          .isEqualTo(tag);
    }
    assertThat(ParamParsers.BLOCK_NUMBER.parse(json("\"0x1b4\"")))
        .isEqualTo(new BlockParameter.Number(436));
    JsonNode upper = json("\"LATEST\"");
    assertThatThrownBy(() -> ParamParsers.BLOCK_NUMBER.parse(upper))
        .hasMessage("hex string without 0x prefix");
    JsonNode number = json("12");
    assertThatThrownBy(() -> ParamParsers.BLOCK_NUMBER.parse(number))
        .hasMessage("hex string without 0x prefix");
    JsonNode empty = json("\"\"");
    assertThatThrownBy(() -> ParamParsers.BLOCK_NUMBER.parse(empty)).hasMessage("empty hex string");
    JsonNode huge = json("\"0x8000000000000000\"");
    assertThatThrownBy(() -> ParamParsers.BLOCK_NUMBER.parse(huge))
        .hasMessage("block number larger than int64");
  }

  @Test
  void eip1898BlockParameter() throws Exception {
    String hash = "0x" + "12".repeat(32);
    assertThat(ParamParsers.BLOCK_NUMBER_OR_HASH.parse(json("\"safe\""))).isEqualTo(BlockTag.SAFE);
    assertThat(ParamParsers.BLOCK_NUMBER_OR_HASH.parse(json("\"0x10\"")))
        .isEqualTo(new BlockParameter.Number(16));
    assertThat(ParamParsers.BLOCK_NUMBER_OR_HASH.parse(json("\"" + hash + "\"")))
        .isEqualTo(new BlockParameter.ByHash(Hash.fromHex(hash), false));
    assertThat(ParamParsers.BLOCK_NUMBER_OR_HASH.parse(json("{\"blockNumber\":\"0x0\"}")))
        .isEqualTo(new BlockParameter.Number(0));
    assertThat(ParamParsers.BLOCK_NUMBER_OR_HASH.parse(json("{\"blockNumber\":\"finalized\"}")))
        .isEqualTo(BlockTag.FINALIZED);
    assertThat(
            ParamParsers.BLOCK_NUMBER_OR_HASH.parse(
                json("{\"blockHash\":\"" + hash + "\",\"requireCanonical\":true}")))
        .isEqualTo(new BlockParameter.ByHash(Hash.fromHex(hash), true));
    assertThat(ParamParsers.BLOCK_NUMBER_OR_HASH.parse(json("{\"blockHash\":\"" + hash + "\"}")))
        .isEqualTo(new BlockParameter.ByHash(Hash.fromHex(hash), false));

    JsonNode both = json("{\"blockNumber\":\"0x1\",\"blockHash\":\"" + hash + "\"}");
    assertThatThrownBy(() -> ParamParsers.BLOCK_NUMBER_OR_HASH.parse(both))
        .hasMessage("cannot specify both BlockHash and BlockNumber, choose one or the other");
    JsonNode neither = json("{}");
    assertThatThrownBy(() -> ParamParsers.BLOCK_NUMBER_OR_HASH.parse(neither))
        .hasMessage("must specify either BlockHash or BlockNumber");
    JsonNode badCanonical = json("{\"blockHash\":\"" + hash + "\",\"requireCanonical\":\"yes\"}");
    assertThatThrownBy(() -> ParamParsers.BLOCK_NUMBER_OR_HASH.parse(badCanonical))
        .hasMessage("requireCanonical: expected a boolean, got string");
    JsonNode badNumber = json("{\"blockNumber\":\"0x01\"}");
    assertThatThrownBy(() -> ParamParsers.BLOCK_NUMBER_OR_HASH.parse(badNumber))
        .hasMessage("blockNumber: hex number with leading zero digits");
    JsonNode tooHigh = json("\"0x8000000000000000\"");
    assertThatThrownBy(() -> ParamParsers.BLOCK_NUMBER_OR_HASH.parse(tooHigh))
        .hasMessage("blocknumber too high");
  }

  @Test
  void boolAndString() throws Exception {
    assertThat(ParamParsers.BOOL.parse(json("true"))).isTrue();
    JsonNode notBool = json("\"true\"");
    assertThatThrownBy(() -> ParamParsers.BOOL.parse(notBool))
        .hasMessage("expected a boolean, got string");
    assertThat(ParamParsers.STRING.parse(json("\"x\""))).isEqualTo("x");
  }
}
