package org.gridledger.evm.state;

import java.util.Map;
import org.gridledger.evm.types.UInt256;

/** What happened to one account during a transaction (or a block of them). */
public sealed interface AccountChange permits AccountChange.Updated, AccountChange.Deleted {

  /**
   * The account exists afterwards with {@code info}. If {@code storageCleared}, every storage slot
   * it had before is gone (the account was created in this transaction, or deleted and recreated
   * within the block) and {@code storage} holds all its non-zero slots; otherwise {@code storage}
   * holds only the slots that changed, a zero value meaning the slot is deleted.
   */
  record Updated(AccountInfo info, boolean storageCleared, Map<UInt256, UInt256> storage)
      implements AccountChange {
    public Updated {
      storage = Map.copyOf(storage);
    }
  }

  /** The account no longer exists: remove it with all its storage. */
  record Deleted() implements AccountChange {}

  AccountChange DELETED = new Deleted();
}
