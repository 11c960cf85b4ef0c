package org.gridledger.evm.env;

import java.util.List;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.UInt256;

/** One EIP-2930 access list entry: an address and storage keys to warm before execution. */
public record AccessListEntry(Address address, List<UInt256> storageKeys) {
  public AccessListEntry {
    storageKeys = List.copyOf(storageKeys);
  }
}
