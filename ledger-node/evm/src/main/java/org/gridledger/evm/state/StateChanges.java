package org.gridledger.evm.state;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.UInt256;

/**
 * The net effect of a transaction on the world state, relative to the state it started from: per
 * changed account its new {@link AccountInfo} and storage changes or its deletion, plus the code of
 * every contract deployed (by code hash). {@code core.state} commits it to the trie; accounts not
 * listed are unchanged.
 *
 * <p>Changes of consecutive transactions compose with {@link #then(StateChanges)}, so a block can
 * be committed either transaction by transaction or once as a whole.
 */
public record StateChanges(Map<Address, AccountChange> accounts, Map<Hash, byte[]> code) {
  public static final StateChanges NONE = new StateChanges(Map.of(), Map.of());

  public StateChanges {
    accounts = Collections.unmodifiableMap(new LinkedHashMap<>(accounts));
    code = Collections.unmodifiableMap(new LinkedHashMap<>(code));
  }

  public boolean isEmpty() {
    return accounts.isEmpty() && code.isEmpty();
  }

  /** The changes of this followed by {@code later} (which was computed on top of this). */
  public StateChanges then(StateChanges later) {
    Map<Address, AccountChange> merged = new LinkedHashMap<>(accounts);
    for (Map.Entry<Address, AccountChange> e : later.accounts.entrySet()) {
      AccountChange before = merged.get(e.getKey());
      merged.put(e.getKey(), compose(before, e.getValue()));
    }
    Map<Hash, byte[]> codes = new LinkedHashMap<>(code);
    codes.putAll(later.code);
    return new StateChanges(merged, codes);
  }

  private static AccountChange compose(AccountChange before, AccountChange after) {
    if (before == null || after instanceof AccountChange.Deleted) {
      return after;
    }
    AccountChange.Updated next = (AccountChange.Updated) after;
    return switch (before) {
      // Deleted, then alive again: whatever storage it had before the deletion is gone.
      case AccountChange.Deleted d -> new AccountChange.Updated(next.info(), true, next.storage());
      case AccountChange.Updated prev -> {
        if (next.storageCleared()) {
          yield next;
        }
        Map<UInt256, UInt256> slots = new HashMap<>(prev.storage());
        slots.putAll(next.storage());
        if (prev.storageCleared()) {
          slots.values().removeIf(UInt256::isZero);
        }
        yield new AccountChange.Updated(next.info(), prev.storageCleared(), slots);
      }
    };
  }
}
