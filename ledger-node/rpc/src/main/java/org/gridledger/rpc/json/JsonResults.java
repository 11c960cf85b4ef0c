package org.gridledger.rpc.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigInteger;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.UInt256;

/**
 * Result encoders that write values exactly as geth does: quantities as lower-case hex without
 * leading zeros ({@code 0x0} for zero, {@code hexutil.EncodeUint64}/{@code EncodeBig}), data as
 * lower-case hex with the prefix ({@code 0x} for empty, {@code hexutil.Encode}).
 */
public final class JsonResults {
  private JsonResults() {}

  /** {@code value} read as an unsigned 64-bit number ({@code hexutil.Uint64}). */
  public static TextNode quantity(long value) {
    return TextNode.valueOf(quantityString(value));
  }

  /** The quantity string of {@code value} read as unsigned. */
  public static String quantityString(long value) {
    return "0x" + Long.toHexString(value);
  }

  /**
   * A big quantity ({@code hexutil.Big}); negative values are written {@code -0x…} as geth writes
   * them, though no standard result is negative.
   */
  public static TextNode quantity(BigInteger value) {
    return TextNode.valueOf(
        value.signum() < 0 ? "-0x" + value.negate().toString(16) : "0x" + value.toString(16));
  }

  public static TextNode quantity(UInt256 value) {
    // most quantities (values, balances, fees) fit one limb: no BigInteger (a full block's
    // transactions format several each; docs/performance.md, "Grid Explorer")
    return (value.u3() | value.u2() | value.u1()) == 0
        ? quantity(value.u0())
        : quantity(value.toBigInteger());
  }

  /** Hex data with the {@code 0x} prefix. */
  public static TextNode data(byte[] bytes) {
    return TextNode.valueOf(Hex.encode(bytes));
  }

  public static TextNode address(Address address) {
    return TextNode.valueOf(address.toHex());
  }

  public static TextNode hash(Hash hash) {
    return TextNode.valueOf(hash.toHex());
  }

  public static JsonNode bool(boolean value) {
    return BooleanNode.valueOf(value);
  }

  /** JSON {@code null}, the result of a lookup that found nothing. */
  public static JsonNode nothing() {
    return NullNode.getInstance();
  }
}
