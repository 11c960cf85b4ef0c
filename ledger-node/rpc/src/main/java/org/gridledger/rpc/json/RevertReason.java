package org.gridledger.rpc.json;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes Solidity revert data into a readable reason, as geth's {@code abi.UnpackRevert} does:
 * {@code Error(string)} (selector {@code 0x08c379a0}) gives its message and {@code Panic(uint256)}
 * (selector {@code 0x4e487b71}) the reason of its code. Anything else (custom errors, malformed
 * encodings) has no reason.
 */
public final class RevertReason {
  private static final byte[] ERROR_SELECTOR = {0x08, (byte) 0xc3, 0x79, (byte) 0xa0};
  private static final byte[] PANIC_SELECTOR = {0x4e, 0x48, 0x7b, 0x71};

  /**
   * Solidity's panic codes (docs.soliditylang.org, "Panic via assert and Error via require"), with
   * the texts geth and ethers use.
   */
  private static final Map<Long, String> PANIC_REASONS =
      Map.of(
          0x00L, "generic panic",
          0x01L, "assert(false)",
          0x11L, "arithmetic underflow or overflow",
          0x12L, "division or modulo by zero",
          0x21L, "enum overflow",
          0x22L, "invalid encoded storage byte array accessed",
          0x31L, "out-of-bounds array access; popping on an empty array",
          0x32L, "out-of-bounds access of an array or bytesN",
          0x41L, "out of memory",
          0x51L, "uninitialized function");

  private static final BigInteger LIMIT = BigInteger.valueOf(Integer.MAX_VALUE);

  private RevertReason() {}

  /** The reason encoded in {@code revertData}, if it is an {@code Error} or {@code Panic}. */
  public static Optional<String> decode(byte[] revertData) {
    if (revertData.length < 4) {
      return Optional.empty();
    }
    byte[] selector = Arrays.copyOfRange(revertData, 0, 4);
    byte[] body = Arrays.copyOfRange(revertData, 4, revertData.length);
    // ABI decoding of one argument: the output must be non-empty whole 32-byte words.
    if (body.length == 0 || body.length % 32 != 0) {
      return Optional.empty();
    }
    if (Arrays.equals(selector, ERROR_SELECTOR)) {
      return decodeString(body);
    }
    if (Arrays.equals(selector, PANIC_SELECTOR)) {
      BigInteger code = word(body, 0);
      if (code.bitLength() <= 63 && PANIC_REASONS.containsKey(code.longValue())) {
        return Optional.of(PANIC_REASONS.get(code.longValue()));
      }
      return Optional.of("unknown panic code: 0x" + code.toString(16));
    }
    return Optional.empty();
  }

  /** A dynamic {@code string} at argument 0: an offset word, then a length word, then bytes. */
  private static Optional<String> decodeString(byte[] body) {
    BigInteger offsetEnd = word(body, 0).add(BigInteger.valueOf(32));
    if (offsetEnd.compareTo(BigInteger.valueOf(body.length)) > 0) {
      return Optional.empty();
    }
    int lengthAt = offsetEnd.intValueExact() - 32;
    BigInteger length = word(body, lengthAt);
    BigInteger end = offsetEnd.add(length);
    if (length.compareTo(LIMIT) > 0 || end.compareTo(BigInteger.valueOf(body.length)) > 0) {
      return Optional.empty();
    }
    int start = offsetEnd.intValueExact();
    return Optional.of(new String(body, start, length.intValueExact(), StandardCharsets.UTF_8));
  }

  private static BigInteger word(byte[] body, int offset) {
    return new BigInteger(1, Arrays.copyOfRange(body, offset, offset + 32));
  }
}
