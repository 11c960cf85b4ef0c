package org.gridledger.core.state;

import java.util.List;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.UInt256;

/**
 * An EIP-1186 proof: the account's path in the state trie and, per requested slot, its path in the
 * account's storage trie. {@code account} is {@code null} for an account that does not exist (the
 * proof then shows its absence).
 */
public record AccountProof(
    Address address, StateAccount account, List<byte[]> accountProof, List<StorageProof> storage) {

  /** One storage slot, its value (zero if unset) and its proof. */
  public record StorageProof(UInt256 key, UInt256 value, List<byte[]> proof) {}
}
