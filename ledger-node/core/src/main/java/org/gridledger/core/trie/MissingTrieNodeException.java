package org.gridledger.core.trie;

import org.gridledger.evm.types.Hash;

/**
 * A node the trie needed is not in its {@link NodeStore}: the store is incomplete (pruned, not yet
 * synced) or the root does not belong to it.
 */
public final class MissingTrieNodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Hash hash;

  public MissingTrieNodeException(Hash hash) {
    super("trie node " + hash + " is missing from the node store");
    this.hash = hash;
  }

  /** The Keccak-256 hash of the missing node's RLP. */
  public Hash hash() {
    return hash;
  }
}
