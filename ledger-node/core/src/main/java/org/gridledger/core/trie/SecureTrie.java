package org.gridledger.core.trie;

import java.util.List;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;

/**
 * A {@link MerklePatriciaTrie} keyed by Keccak-256 of the caller's key, as Ethereum's state trie
 * (key = address) and storage tries (key = 32-byte slot) are. Hashing keeps paths short and the
 * tree balanced whatever keys an attacker picks. Key order is lost, so no key iteration is offered;
 * the underlying trie is reachable through {@link #trie()}.
 *
 * <p>Not thread-safe, like the trie it wraps.
 */
public final class SecureTrie {
  private final MerklePatriciaTrie trie;

  /** An empty trie with no backing store. */
  public SecureTrie() {
    this(new MerklePatriciaTrie());
  }

  /** The secure trie with root {@code rootHash} in {@code store}; nodes load lazily. */
  public SecureTrie(NodeStore store, Hash rootHash) {
    this(new MerklePatriciaTrie(store, rootHash));
  }

  /** Wraps {@code trie}, whose keys are taken to be hashed already. */
  public SecureTrie(MerklePatriciaTrie trie) {
    this.trie = trie;
  }

  /** The trie of hashed keys underneath. */
  public MerklePatriciaTrie trie() {
    return trie;
  }

  public SecureTrie copy() {
    return new SecureTrie(trie.copy());
  }

  /** The value under {@code key}, or an empty array if none. */
  public byte[] get(byte[] key) {
    return trie.get(Keccak.hash(key));
  }

  /** Stores {@code value} under {@code key}; an empty value removes the key. */
  public void put(byte[] key, byte[] value) {
    trie.put(Keccak.hash(key), value);
  }

  public void remove(byte[] key) {
    trie.remove(Keccak.hash(key));
  }

  public Hash rootHash() {
    return trie.rootHash();
  }

  public boolean isEmpty() {
    return trie.isEmpty();
  }

  /** See {@link MerklePatriciaTrie#commit}. */
  public Hash commit(NodeStore.Batch batch) {
    return trie.commit(batch);
  }

  /** The proof for {@code key} (the path of its hash), as {@code eth_getProof} returns it. */
  public List<byte[]> prove(byte[] key) {
    return trie.prove(Keccak.hash(key));
  }

  /** {@link TrieProof#verify} for an unhashed key of a secure trie. */
  public static byte[] verifyProof(Hash root, byte[] key, List<byte[]> proof) {
    return TrieProof.verify(root, Keccak.hash(key), proof);
  }
}
