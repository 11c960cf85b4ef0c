package org.gridledger.core.chain;

import java.math.BigInteger;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.block.FeeRules;

/**
 * The protocol parameters of a chain. Gridledger runs the Cancun rules from genesis; only the chain
 * id, the room for a validator seal in {@code extraData} and, on development chains, the base fee
 * rule vary.
 *
 * @param chainId EIP-155 chain id: transactions must be signed for it, and CHAINID returns it
 * @param maxExtraData the most bytes a header's {@code extraData} may hold: 32 (the Yellow Paper
 *     rule every Ethereum chain applies) or, for chains sealed by Gridledger validators, {@link
 *     #SEALED_EXTRA_DATA} (decision 0007), or for chains finalized by the BFT engine {@link
 *     #BFT_EXTRA_DATA} (the parent's commit seals and, at epoch ends, the next validator set;
 *     decision 0015)
 * @param zeroBaseFee every block's base fee is zero, whatever its parent used, instead of the
 *     EIP-1559 update rule (development chains only: {@code gridledger dev --base-fee 0}, as anvil
 *     treats a zero base fee as a constant; decision 0010)
 * @param bftParams the BFT parameters of a chain finalized by the BFT engine whose blocks run the
 *     {@code electValidators} system call at epoch ends; {@code null} on every other chain
 */
public record ChainConfig(
    long chainId, int maxExtraData, boolean zeroBaseFee, BftParams bftParams) {
  /** 32-byte vanity and a 65-byte ECDSA seal (decision 0007). */
  public static final int SEALED_EXTRA_DATA = 32 + 65;

  /**
   * BFT extra data (decision 0015): vanity, up to 256 validators and 256 commit seals fit in 32
   * KiB.
   */
  public static final int BFT_EXTRA_DATA = 32 * 1024;

  public ChainConfig {
    if (chainId <= 0) {
      throw new IllegalArgumentException("chain id must be positive: " + chainId);
    }
    if (maxExtraData != BlockValidator.MAX_EXTRA_DATA
        && maxExtraData != SEALED_EXTRA_DATA
        && maxExtraData != BFT_EXTRA_DATA) {
      throw new IllegalArgumentException(
          "extra data limit must be 32, "
              + SEALED_EXTRA_DATA
              + " or "
              + BFT_EXTRA_DATA
              + ": "
              + maxExtraData);
    }
  }

  /** A chain without BFT parameters. */
  public ChainConfig(long chainId, int maxExtraData, boolean zeroBaseFee) {
    this(chainId, maxExtraData, zeroBaseFee, null);
  }

  /** A chain with the EIP-1559 base fee rule. */
  public ChainConfig(long chainId, int maxExtraData) {
    this(chainId, maxExtraData, false);
  }

  /** An Ethereum chain: extra data of at most 32 bytes. */
  public ChainConfig(long chainId) {
    this(chainId, BlockValidator.MAX_EXTRA_DATA);
  }

  /** A chain whose headers carry a validator seal in {@code extraData} (decision 0007). */
  public static ChainConfig sealed(long chainId) {
    return new ChainConfig(chainId, SEALED_EXTRA_DATA);
  }

  /**
   * A chain finalized by the BFT engine: extra data carries the parent's commit seals and, at epoch
   * ends, the next validator set (decision 0015).
   */
  public static ChainConfig bft(long chainId) {
    return new ChainConfig(chainId, BFT_EXTRA_DATA);
  }

  /**
   * A chain finalized by the BFT engine whose blocks run the {@code electValidators} system call at
   * the start of each epoch's last block (docs/consensus.md).
   */
  public static ChainConfig bft(long chainId, BftParams params) {
    return new ChainConfig(
        chainId, BFT_EXTRA_DATA, false, java.util.Objects.requireNonNull(params));
  }

  /** The same chain with room for validator seals. */
  public ChainConfig withSeals() {
    return new ChainConfig(chainId, SEALED_EXTRA_DATA, zeroBaseFee, bftParams);
  }

  /** The same chain with a base fee of zero in every block (decision 0010). */
  public ChainConfig withZeroBaseFee() {
    return new ChainConfig(chainId, maxExtraData, true, bftParams);
  }

  /**
   * How much a block's timestamp must exceed its parent's: 1 second (the Ethereum rule), or 0 on a
   * BFT chain whose block period is below a second, where several blocks share a second
   * (docs/consensus.md, "Timestamps"; decision 0018). The EVM's TIMESTAMP then repeats across
   * blocks, as on rollups that do the same; it never goes back.
   */
  public long minTimestampStep() {
    return bftParams != null && bftParams.blockPeriodMillis() < 1000 ? 0 : 1;
  }

  /**
   * The base fee a child of {@code parent} must carry: zero on a {@link #zeroBaseFee()} chain,
   * otherwise the EIP-1559 rule ({@link FeeRules#nextBaseFee}).
   */
  public BigInteger nextBaseFee(BlockHeader parent) {
    return zeroBaseFee ? BigInteger.ZERO : FeeRules.nextBaseFee(parent);
  }
}
