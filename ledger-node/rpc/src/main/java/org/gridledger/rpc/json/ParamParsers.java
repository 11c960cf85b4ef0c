package org.gridledger.rpc.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Optional;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;

/**
 * The standard parameter parsers. Each reads a value exactly as go-ethereum's JSON decoding reads
 * the corresponding Go type, with the same error texts where geth has them (see {@link
 * HexStrings}); only the "cannot unmarshal" texts are rephrased without Go type names.
 */
public final class ParamParsers {
  private ParamParsers() {}

  /** A 64-bit unsigned quantity ({@code hexutil.Uint64}); read the {@code long} as unsigned. */
  public static final ParamParser<Long> UINT64 =
      node -> HexStrings.decodeUint64(text(node, "quantity"));

  /** A quantity of at most 256 bits ({@code hexutil.Big}). */
  public static final ParamParser<BigInteger> BIG_QUANTITY =
      node -> HexStrings.decodeBig(text(node, "quantity"));

  /** Hex data of any even length ({@code hexutil.Bytes}). */
  public static final ParamParser<byte[]> DATA =
      node -> HexStrings.decodeData(text(node, "hex data"));

  /** A 20-byte address ({@code common.Address}); checksums are not verified, as in geth. */
  public static final ParamParser<Address> ADDRESS =
      node -> Address.wrap(HexStrings.decodeFixed(text(node, "address"), Address.SIZE, "address"));

  /** A 32-byte hash ({@code common.Hash}). */
  public static final ParamParser<Hash> HASH =
      node -> Hash.wrap(HexStrings.decodeFixed(text(node, "hash"), Hash.SIZE, "hash"));

  /** A JSON boolean. */
  public static final ParamParser<Boolean> BOOL =
      node -> {
        if (!node.isBoolean()) {
          throw new InvalidParamException("expected a boolean, got " + describe(node));
        }
        return node.booleanValue();
      };

  /** A JSON string, unchanged. */
  public static final ParamParser<String> STRING = node -> text(node, "string");

  /**
   * A block number or tag ({@code rpc.BlockNumber}): {@code "latest"}, {@code "pending"}, {@code
   * "safe"}, {@code "finalized"}, {@code "earliest"} or a quantity up to {@link Long#MAX_VALUE}.
   * Never returns {@link BlockParameter.ByHash}.
   */
  public static final ParamParser<BlockParameter> BLOCK_NUMBER =
      node -> {
        // geth strips the quotes if present and reads the rest, so a bare JSON number is rejected
        // for its missing prefix rather than for its type.
        String input = node.isTextual() ? node.textValue() : node.toString().strip();
        return blockNumberOrTag(input, "block number larger than int64");
      };

  /**
   * EIP-1898 block parameter ({@code rpc.BlockNumberOrHash}): everything {@link #BLOCK_NUMBER}
   * accepts, a bare 32-byte hash string, or an object with exactly one of {@code blockNumber} and
   * {@code blockHash} (with optional {@code requireCanonical}).
   */
  public static final ParamParser<BlockParameter> BLOCK_NUMBER_OR_HASH =
      ParamParsers::blockNumberOrHash;

  private static BlockParameter blockNumberOrHash(JsonNode node) throws InvalidParamException {
    if (node.isObject()) {
      JsonNode number = node.get("blockNumber");
      JsonNode hash = node.get("blockHash");
      JsonNode canonical = node.get("requireCanonical");
      boolean hasNumber = number != null && !number.isNull();
      boolean hasHash = hash != null && !hash.isNull();
      if (hasNumber && hasHash) {
        throw new InvalidParamException(
            "cannot specify both BlockHash and BlockNumber, choose one or the other");
      }
      if (!hasNumber && !hasHash) {
        throw new InvalidParamException("must specify either BlockHash or BlockNumber");
      }
      boolean requireCanonical = false;
      if (canonical != null && !canonical.isNull()) {
        requireCanonical = field("requireCanonical", BOOL, canonical);
      }
      if (hasNumber) {
        return field("blockNumber", BLOCK_NUMBER, number);
      }
      return new BlockParameter.ByHash(field("blockHash", HASH, hash), requireCanonical);
    }
    if (!node.isTextual()) {
      throw new InvalidParamException(
          "expected a block tag, number, hash or object, got " + describe(node));
    }
    String input = node.textValue();
    Optional<BlockTag> tag = BlockTag.fromWireName(input);
    if (tag.isPresent()) {
      return tag.get();
    }
    if (input.length() == 66) {
      return new BlockParameter.ByHash(
          Hash.wrap(HexStrings.decodeFixed(input, Hash.SIZE, "hash")), false);
    }
    return blockNumberOrTag(input, "blocknumber too high");
  }

  private static BlockParameter blockNumberOrTag(String input, String tooHigh)
      throws InvalidParamException {
    Optional<BlockTag> tag = BlockTag.fromWireName(input);
    if (tag.isPresent()) {
      return tag.get();
    }
    long number = HexStrings.decodeUint64Strict(input);
    if (number < 0) {
      throw new InvalidParamException(tooHigh);
    }
    return new BlockParameter.Number(number);
  }

  /**
   * Parses an object field with {@code parser}, prefixing the field name to any error, for parsers
   * of object parameters.
   */
  public static <T> T field(String name, ParamParser<T> parser, JsonNode value)
      throws InvalidParamException {
    try {
      return parser.parse(value);
    } catch (InvalidParamException e) {
      throw new InvalidParamException(name + ": " + e.getMessage());
    }
  }

  /** The string value of {@code node}, or an error naming what was expected. */
  public static String text(JsonNode node, String what) throws InvalidParamException {
    if (!node.isTextual()) {
      throw new InvalidParamException(
          "cannot unmarshal non-string " + describe(node) + " into " + what);
    }
    return node.textValue();
  }

  /** "a number", "an object", ... for error messages. */
  public static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "array";
      case OBJECT -> "object";
      case NUMBER -> "number";
      case BOOLEAN -> "boolean";
      case STRING -> "string";
      case NULL, MISSING -> "null";
      case BINARY, POJO -> "value";
    };
  }
}
