package org.gridledger.genesis;

import java.util.Map;
import java.util.TreeMap;
import org.gridledger.evm.state.AccountChange;
import org.gridledger.evm.state.AccountInfo;
import org.gridledger.evm.state.StateChanges;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;

/** A {@link BuildState} in sorted maps: for genesis files whose state fits in memory. */
final class MemoryBuildState implements BuildState {
  private final TreeMap<Address, AccountInfo> accounts = new TreeMap<>();
  private final Map<Address, TreeMap<UInt256, UInt256>> storage = new TreeMap<>();
  private final Map<Hash, byte[]> codes = new java.util.HashMap<>();

  @Override
  public void put(Address address, long nonce, UInt256 balance, byte[] code) {
    Hash codeHash = code.length == 0 ? Keccak.EMPTY : Keccak.of(code);
    if (code.length > 0) {
      codes.put(codeHash, code.clone());
    }
    accounts.put(address, new AccountInfo(nonce, balance, codeHash));
    storage.remove(address);
  }

  @Override
  public void remove(Address address) {
    accounts.remove(address);
    storage.remove(address);
  }

  @Override
  public void apply(StateChanges changes) {
    changes.code().forEach((hash, code) -> codes.put(hash, code.clone()));
    changes
        .accounts()
        .forEach(
            (address, change) -> {
              switch (change) {
                case AccountChange.Deleted d -> remove(address);
                case AccountChange.Updated u -> {
                  accounts.put(address, u.info());
                  if (u.storageCleared()) {
                    storage.remove(address);
                  }
                  TreeMap<UInt256, UInt256> slots =
                      storage.computeIfAbsent(address, a -> new TreeMap<>());
                  u.storage()
                      .forEach(
                          (k, v) -> {
                            if (v.isZero()) {
                              slots.remove(k);
                            } else {
                              slots.put(k, v);
                            }
                          });
                }
              }
            });
  }

  @Override
  public void forEachAccount(AccountVisitor visitor) {
    accounts.forEach(
        (address, info) ->
            visitor.visit(
                address,
                info,
                code(info.codeHash()),
                slots -> storage.getOrDefault(address, new TreeMap<>()).forEach(slots)));
  }

  @Override
  public AccountInfo account(Address address) {
    return accounts.get(address);
  }

  @Override
  public byte[] code(Hash codeHash) {
    if (codeHash.equals(Keccak.EMPTY)) {
      return new byte[0];
    }
    byte[] code = codes.get(codeHash);
    if (code == null) {
      throw new IllegalStateException("no code with hash " + codeHash);
    }
    return code.clone();
  }

  @Override
  public UInt256 storage(Address address, UInt256 key) {
    TreeMap<UInt256, UInt256> slots = storage.get(address);
    return slots == null ? UInt256.ZERO : slots.getOrDefault(key, UInt256.ZERO);
  }

  @Override
  public boolean hasStorage(Address address) {
    TreeMap<UInt256, UInt256> slots = storage.get(address);
    return slots != null && !slots.isEmpty();
  }

  @Override
  public Hash blockHash(long number) {
    return Hash.ZERO;
  }

  @Override
  public void close() {}
}
