package org.gridledger.core.chain;

/**
 * The protocol parameters of a chain. Gridledger runs the Cancun rules from genesis; only the chain
 * id varies.
 *
 * @param chainId EIP-155 chain id: transactions must be signed for it, and CHAINID returns it
 */
public record ChainConfig(long chainId) {
  public ChainConfig {
    if (chainId <= 0) {
      throw new IllegalArgumentException("chain id must be positive: " + chainId);
    }
  }
}
