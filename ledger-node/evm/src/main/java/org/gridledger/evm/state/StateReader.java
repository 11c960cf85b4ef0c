package org.gridledger.evm.state;

import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.UInt256;

/**
 * Read access to committed state at the start of a transaction (or block). Implementations: an
 * in-memory map for tests and the conformance runner ({@link InMemoryState}), the RocksDB flat
 * tables of {@code core.state}.
 *
 * <p>The EVM calls each method at most once per account/slot per block and caches the answer in its
 * journal, so implementations need not cache.
 */
public interface StateReader {
  /** The account, or {@code null} if it does not exist. */
  AccountInfo account(Address address);

  /** The code with the given hash (empty for {@link org.gridledger.evm.types.Keccak#EMPTY}). */
  byte[] code(Hash codeHash);

  /** The committed value of a storage slot; {@link UInt256#ZERO} if unset. */
  UInt256 storage(Address address, UInt256 key);

  /**
   * Whether the account has any non-zero storage slot (its storage root is not the empty trie).
   * CREATE and CREATE2 treat such an address as taken (EIP-7610).
   */
  boolean hasStorage(Address address);

  /** The hash of a recent block for BLOCKHASH, or {@link Hash#ZERO} if unknown. */
  Hash blockHash(long number);
}
