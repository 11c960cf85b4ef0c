package org.gridledger.core.chain;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import org.gridledger.core.block.BlockBody;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.block.FeeRules;
import org.gridledger.evm.types.Keccak;

/**
 * The Cancun rules a block must meet before it is executed: its header against its parent's, and
 * its body against its header's commitments. Execution-only: no seal is checked (as an execution
 * client behind a consensus client), and post-merge rules hold from genesis (EIP-3675: difficulty
 * 0, nonce 0, no ommers).
 */
public final class BlockValidator {
  /** Yellow Paper: extraData holds at most 32 bytes. */
  public static final int MAX_EXTRA_DATA = 32;

  private static final byte[] ZERO_NONCE = new byte[BlockHeader.NONCE_SIZE];

  private BlockValidator() {}

  /**
   * Checks {@code header} as a child of {@code parent}; the parent hash link itself is the caller's
   * (a header is only validated against the parent it names).
   */
  public static Optional<ImportResult.Invalid> validateHeader(
      BlockHeader header, BlockHeader parent) {
    return validateHeader(header, parent, new ChainConfig(1));
  }

  /**
   * As {@link #validateHeader(BlockHeader, BlockHeader)} under {@code config}'s rules: its limit on
   * extra data ({@link ChainConfig#maxExtraData()}) and its base fee rule ({@link
   * ChainConfig#nextBaseFee}).
   */
  public static Optional<ImportResult.Invalid> validateHeader(
      BlockHeader header, BlockHeader parent, ChainConfig config) {
    int maxExtraData = config.maxExtraData();
    if (header.parentBeaconBlockRoot() == null) {
      return invalid(
          InvalidReason.MISSING_FORK_FIELD,
          "header lacks Cancun fields (base fee, withdrawals root, blob gas, beacon root)");
    }
    if (header.extraData().length > maxExtraData) {
      return invalid(
          InvalidReason.EXTRA_DATA_TOO_LONG, header.extraData().length + " bytes of extra data");
    }
    if (header.difficulty().signum() != 0) {
      return invalid(InvalidReason.DIFFICULTY, "difficulty " + header.difficulty() + ", must be 0");
    }
    if (!Arrays.equals(header.nonce(), ZERO_NONCE)) {
      return invalid(InvalidReason.NONCE, "nonce must be 0");
    }
    if (!header.ommersHash().equals(Keccak.EMPTY_LIST)) {
      return invalid(InvalidReason.OMMERS, "ommers hash " + header.ommersHash() + " is not empty");
    }
    if (header.number() != parent.number() + 1) {
      return invalid(
          InvalidReason.NUMBER,
          "number " + Long.toUnsignedString(header.number()) + ", parent is " + parent.number());
    }
    if (header.gasLimit() < 0) {
      return invalid(
          InvalidReason.GAS_LIMIT_TOO_BIG,
          "gas limit " + Long.toUnsignedString(header.gasLimit()) + " above 2^63-1");
    }
    if (!FeeRules.isValidGasLimit(header.gasLimit(), parent.gasLimit())) {
      return invalid(
          InvalidReason.GAS_LIMIT,
          "gas limit " + header.gasLimit() + " is not a valid successor of " + parent.gasLimit());
    }
    if (Long.compareUnsigned(header.gasUsed(), header.gasLimit()) > 0) {
      return invalid(
          InvalidReason.GAS_USED_ABOVE_LIMIT,
          "gas used "
              + Long.toUnsignedString(header.gasUsed())
              + " above gas limit "
              + header.gasLimit());
    }
    long step = config.minTimestampStep();
    if (Long.compareUnsigned(header.timestamp(), parent.timestamp()) < 0
        || (step > 0 && header.timestamp() == parent.timestamp())) {
      return invalid(
          InvalidReason.TIMESTAMP,
          "timestamp "
              + Long.toUnsignedString(header.timestamp())
              + (step > 0 ? " not after the parent's " : " before the parent's ")
              + Long.toUnsignedString(parent.timestamp()));
    }
    BigInteger baseFee = config.nextBaseFee(parent);
    if (!baseFee.equals(header.baseFeePerGas())) {
      return invalid(
          InvalidReason.BASE_FEE, "base fee " + header.baseFeePerGas() + ", expected " + baseFee);
    }
    long excess = FeeRules.nextExcessBlobGas(parent);
    if (header.excessBlobGas() != excess) {
      return invalid(
          InvalidReason.EXCESS_BLOB_GAS,
          "excess blob gas "
              + Long.toUnsignedString(header.excessBlobGas())
              + ", expected "
              + excess);
    }
    return Optional.empty();
  }

  /**
   * Checks what the body must be before execution: no ommers (EIP-3675) and a withdrawals list
   * (EIP-4895). Its commitments (transactions and withdrawals roots, blob gas) are checked after
   * execution, in the order of the execution specs, so that a block with an invalid transaction is
   * rejected for that transaction rather than for a root it could not have had.
   */
  public static Optional<ImportResult.Invalid> validateBody(BlockBody body) {
    if (!body.ommers().isEmpty()) {
      return invalid(
          InvalidReason.OMMERS, body.ommers().size() + " ommers after the merge (EIP-3675)");
    }
    if (body.withdrawals() == null) {
      return invalid(InvalidReason.MISSING_FORK_FIELD, "body lacks the withdrawals list");
    }
    return Optional.empty();
  }

  private static Optional<ImportResult.Invalid> invalid(InvalidReason reason, String detail) {
    return Optional.of(new ImportResult.Invalid(reason, detail));
  }
}
