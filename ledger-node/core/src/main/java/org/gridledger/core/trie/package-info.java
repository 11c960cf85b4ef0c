/**
 * The Merkle-Patricia trie (Yellow Paper, appendices C and D): immutable {@link
 * org.gridledger.core.trie.TrieNode}s with cached encodings, the updatable {@link
 * org.gridledger.core.trie.MerklePatriciaTrie} and its keccak-keyed {@link
 * org.gridledger.core.trie.SecureTrie}, Merkle proofs ({@link org.gridledger.core.trie.TrieProof})
 * and the content-addressed {@link org.gridledger.core.trie.NodeStore} (in memory or on RocksDB).
 */
package org.gridledger.core.trie;
