package org.gridledger.evm.state;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;

/**
 * A {@link StateReader} over plain maps, for tests, tools and the conformance runner. Mutable by
 * its owner through {@link #put}, {@link #putStorage}, {@link #putCode} and {@link #apply}; not
 * thread-safe.
 */
public final class InMemoryState implements StateReader {
  private final Map<Address, AccountInfo> accounts = new LinkedHashMap<>();
  private final Map<Address, Map<UInt256, UInt256>> storage = new HashMap<>();
  private final Map<Hash, byte[]> codes = new HashMap<>();
  private final Map<Long, Hash> blockHashes = new HashMap<>();

  /** Adds or replaces an account, with its code (which may be empty). */
  public InMemoryState put(Address address, long nonce, UInt256 balance, byte[] code) {
    Hash codeHash = code.length == 0 ? Keccak.EMPTY : Keccak.of(code);
    if (code.length > 0) {
      codes.put(codeHash, code.clone());
    }
    accounts.put(address, new AccountInfo(nonce, balance, codeHash));
    return this;
  }

  /** Sets a storage slot of an account added with {@link #put}; zero deletes it. */
  public InMemoryState putStorage(Address address, UInt256 key, UInt256 value) {
    Map<UInt256, UInt256> slots = storage.computeIfAbsent(address, a -> new HashMap<>());
    if (value.isZero()) {
      slots.remove(key);
    } else {
      slots.put(key, value);
    }
    return this;
  }

  public InMemoryState putCode(byte[] code) {
    codes.put(Keccak.of(code), code.clone());
    return this;
  }

  public InMemoryState putBlockHash(long number, Hash hash) {
    blockHashes.put(number, hash);
    return this;
  }

  /** Commits a transaction's changes. */
  public void apply(StateChanges changes) {
    changes.code().forEach((hash, code) -> codes.put(hash, code.clone()));
    changes
        .accounts()
        .forEach(
            (address, change) -> {
              switch (change) {
                case AccountChange.Deleted d -> {
                  accounts.remove(address);
                  storage.remove(address);
                }
                case AccountChange.Updated u -> {
                  accounts.put(address, u.info());
                  if (u.storageCleared()) {
                    storage.remove(address);
                  }
                  u.storage().forEach((k, v) -> putStorage(address, k, v));
                }
              }
            });
  }

  /** Every account, in insertion order. */
  public Map<Address, AccountInfo> accounts() {
    return java.util.Collections.unmodifiableMap(accounts);
  }

  /** The non-zero slots of an account. */
  public Map<UInt256, UInt256> storageOf(Address address) {
    return java.util.Collections.unmodifiableMap(storage.getOrDefault(address, Map.of()));
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
    Map<UInt256, UInt256> slots = storage.get(address);
    if (slots == null) {
      return UInt256.ZERO;
    }
    return slots.getOrDefault(key, UInt256.ZERO);
  }

  @Override
  public boolean hasStorage(Address address) {
    Map<UInt256, UInt256> slots = storage.get(address);
    return slots != null && !slots.isEmpty();
  }

  @Override
  public Hash blockHash(long number) {
    return blockHashes.getOrDefault(number, Hash.ZERO);
  }
}
