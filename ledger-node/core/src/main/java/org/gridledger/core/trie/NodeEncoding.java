package org.gridledger.core.trie;

import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;

/**
 * A node's RLP, its hash when the RLP is 32 bytes or longer (shorter nodes are embedded in their
 * parent instead of referenced by hash), and whether the node is already in the node store. All
 * fields are final, so a node may publish its encoding to other threads without locking.
 */
final class NodeEncoding {
  /** Nodes whose RLP is shorter than this are embedded in their parent. */
  static final int EMBED_LIMIT = 32;

  /** Never modified. */
  final byte[] rlp;

  /** Keccak-256 of {@link #rlp}; null for embedded nodes. */
  final Hash hash;

  final boolean stored;

  NodeEncoding(byte[] rlp, Hash hash, boolean stored) {
    this.rlp = rlp;
    this.hash = hash;
    this.stored = stored;
  }

  static NodeEncoding of(byte[] rlp) {
    return new NodeEncoding(rlp, rlp.length >= EMBED_LIMIT ? Keccak.of(rlp) : null, false);
  }

  NodeEncoding asStored() {
    return stored ? this : new NodeEncoding(rlp, hash, true);
  }

  boolean embedded() {
    return rlp.length < EMBED_LIMIT;
  }

  /** The hash under which the node is stored and proven; small nodes only when they are a root. */
  Hash hashForced() {
    return hash != null ? hash : Keccak.of(rlp);
  }
}
