package org.gridledger.core.tx;

import java.util.List;
import java.util.Objects;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;

/**
 * One entry of an EIP-2930 access list: an address and the storage keys of it that the transaction
 * pre-warms. Duplicates are allowed and each is charged.
 */
public record AccessListEntry(Address address, List<Hash> storageKeys) {
  public AccessListEntry {
    Objects.requireNonNull(address, "address");
    storageKeys = List.copyOf(storageKeys);
  }
}
