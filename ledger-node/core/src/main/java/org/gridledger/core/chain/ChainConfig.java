package org.gridledger.core.chain;

/**
 * The protocol parameters of a chain. Gridledger runs the Cancun rules from genesis; only the chain
 * id and the room for a validator seal in {@code extraData} vary.
 *
 * @param chainId EIP-155 chain id: transactions must be signed for it, and CHAINID returns it
 * @param maxExtraData the most bytes a header's {@code extraData} may hold: 32 (the Yellow Paper
 *     rule every Ethereum chain applies) or, for chains sealed by Gridledger validators, {@link
 *     #SEALED_EXTRA_DATA} (decision 0007)
 */
public record ChainConfig(long chainId, int maxExtraData) {
  /** 32-byte vanity and a 65-byte ECDSA seal (decision 0007). */
  public static final int SEALED_EXTRA_DATA = 32 + 65;

  public ChainConfig {
    if (chainId <= 0) {
      throw new IllegalArgumentException("chain id must be positive: " + chainId);
    }
    if (maxExtraData != BlockValidator.MAX_EXTRA_DATA && maxExtraData != SEALED_EXTRA_DATA) {
      throw new IllegalArgumentException(
          "extra data limit must be 32 or " + SEALED_EXTRA_DATA + ": " + maxExtraData);
    }
  }

  /** An Ethereum chain: extra data of at most 32 bytes. */
  public ChainConfig(long chainId) {
    this(chainId, BlockValidator.MAX_EXTRA_DATA);
  }

  /** A chain whose headers carry a validator seal in {@code extraData} (decision 0007). */
  public static ChainConfig sealed(long chainId) {
    return new ChainConfig(chainId, SEALED_EXTRA_DATA);
  }

  /** The same chain with room for validator seals. */
  public ChainConfig withSeals() {
    return sealed(chainId);
  }
}
