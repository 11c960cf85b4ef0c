package org.gridledger.rpc.json;

import org.gridledger.evm.types.Hash;

/**
 * Which block a state query refers to: a {@link BlockTag}, a block {@link Number}, or (EIP-1898) a
 * block {@link ByHash hash}, optionally required to be on the canonical chain.
 */
public sealed interface BlockParameter
    permits BlockTag, BlockParameter.Number, BlockParameter.ByHash {

  /** An explicit block number, at most {@link Long#MAX_VALUE} as in geth. */
  record Number(long number) implements BlockParameter {
    public Number {
      if (number < 0) {
        throw new IllegalArgumentException("block number must not be negative: " + number);
      }
    }
  }

  /**
   * EIP-1898 {@code {"blockHash": ..., "requireCanonical": ...}}; a bare 32-byte hash string reads
   * as {@code requireCanonical = false}.
   */
  record ByHash(Hash hash, boolean requireCanonical) implements BlockParameter {
    public ByHash {
      if (hash == null) {
        throw new IllegalArgumentException("hash is required");
      }
    }
  }
}
