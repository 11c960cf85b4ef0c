package org.gridledger.core.block;

import java.math.BigInteger;
import org.gridledger.evm.gas.GasCosts;

/** Per-block fee parameters derived from the parent header (EIP-1559, EIP-4844), Cancun values. */
public final class FeeRules {
  /** EIP-1559: the gas target is the limit divided by this. */
  public static final long ELASTICITY_MULTIPLIER = 2;

  /** EIP-1559: the base fee moves by at most 1/8 per block. */
  public static final long BASE_FEE_MAX_CHANGE_DENOMINATOR = 8;

  /** EIP-1559: the gas limit moves by less than 1/1024 of the parent's per block. */
  public static final long GAS_LIMIT_BOUND_DIVISOR = 1024;

  /** Yellow Paper: the smallest allowed gas limit. */
  public static final long MIN_GAS_LIMIT = 5000;

  /** EIP-4844: gas per blob, the EVM's constant. */
  public static final long GAS_PER_BLOB = GasCosts.BLOB_GAS_PER_BLOB;

  /** EIP-4844 (Cancun): a block targets three blobs and carries at most six. */
  public static final long TARGET_BLOB_GAS_PER_BLOCK = 3 * GAS_PER_BLOB;

  public static final long MAX_BLOB_GAS_PER_BLOCK = GasCosts.MAX_BLOBS_PER_BLOCK * GAS_PER_BLOB;

  private FeeRules() {}

  /** The base fee a child of {@code parent} must carry (EIP-1559). */
  public static BigInteger nextBaseFee(BlockHeader parent) {
    BigInteger parentBaseFee = parent.baseFeePerGas();
    long target = parent.gasLimit() / ELASTICITY_MULTIPLIER;
    long used = parent.gasUsed();
    if (used == target) {
      return parentBaseFee;
    }
    if (used > target) {
      BigInteger delta =
          parentBaseFee
              .multiply(BigInteger.valueOf(used - target))
              .divide(BigInteger.valueOf(target))
              .divide(BigInteger.valueOf(BASE_FEE_MAX_CHANGE_DENOMINATOR))
              .max(BigInteger.ONE);
      return parentBaseFee.add(delta);
    }
    BigInteger delta =
        parentBaseFee
            .multiply(BigInteger.valueOf(target - used))
            .divide(BigInteger.valueOf(target))
            .divide(BigInteger.valueOf(BASE_FEE_MAX_CHANGE_DENOMINATOR));
    return parentBaseFee.subtract(delta).max(BigInteger.ZERO);
  }

  /**
   * Whether {@code gasLimit} is a valid successor of {@code parentGasLimit}: at least {@link
   * #MIN_GAS_LIMIT} and less than {@code parentGasLimit / 1024} away from it. Both are read as
   * signed: a limit of 2^63 or more is never valid (and a child of such a parent neither).
   */
  public static boolean isValidGasLimit(long gasLimit, long parentGasLimit) {
    if (gasLimit < MIN_GAS_LIMIT || parentGasLimit < 0) {
      return false;
    }
    long diff = Math.abs(gasLimit - parentGasLimit); // both in [0, 2^63): no overflow
    return diff < parentGasLimit / GAS_LIMIT_BOUND_DIVISOR;
  }

  /** The excess blob gas a child of {@code parent} must carry (EIP-4844). */
  public static long nextExcessBlobGas(BlockHeader parent) {
    long excess = parent.excessBlobGas() == null ? 0 : parent.excessBlobGas();
    long used = parent.blobGasUsed() == null ? 0 : parent.blobGasUsed();
    long sum = excess + used;
    return sum < TARGET_BLOB_GAS_PER_BLOCK ? 0 : sum - TARGET_BLOB_GAS_PER_BLOCK;
  }
}
