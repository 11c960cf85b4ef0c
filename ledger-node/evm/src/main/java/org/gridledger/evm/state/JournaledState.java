package org.gridledger.evm.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.Log;
import org.gridledger.evm.types.UInt256;

/**
 * The EVM's working copy of the world state during a block: a cache of what was read from a {@link
 * StateReader}, every change made since, and a journal to undo the changes of a call that reverts.
 *
 * <p>Per transaction it keeps the EIP-2929 warm sets, EIP-1153 transient storage, the logs, each
 * slot's value at the start of the transaction (for SSTORE gas, EIP-2200), the accounts created in
 * the transaction (EIP-6780) and the touched accounts (EIP-161). {@link #commitTransaction()} ends
 * a transaction: it deletes self-destructed and touched empty accounts, returns the transaction's
 * {@link StateChanges} and rolls the cache forward.
 *
 * <p><b>Blocks.</b> One instance serves a whole block: create it over the state at the start of the
 * block and run the transactions in order. Each transaction sees the previous ones' effects through
 * the cache; its {@code StateChanges} are relative to the state after the previous transaction, so
 * the caller commits them in order or composes them with {@link StateChanges#then}. The reader is
 * never written to.
 *
 * <p>Not thread-safe: one block executes on one thread.
 */
public final class JournaledState {
  /** The RIPEMD-160 precompile; its touch survives a revert (mainnet consensus quirk, 2016). */
  private static final Address RIPEMD160 = Address.ofLow(3);

  private final StateReader reader;
  private final HashMap<Address, Account> accounts = new HashMap<>();
  private final ArrayList<JournalEntry> journal = new ArrayList<>();
  private final ArrayList<Log> logs = new ArrayList<>();
  private final HashMap<TransientKey, UInt256> transientStorage = new HashMap<>();

  /** Accounts with any change, warm flag or warm slot in the current transaction. */
  private final ArrayList<Account> txAccounts = new ArrayList<>();

  private Address lastAddress;
  private Account lastAccount;

  public JournaledState(StateReader reader) {
    this.reader = reader;
  }

  public StateReader reader() {
    return reader;
  }

  // ---------------------------------------------------------------- accounts

  private Account account(Address address) {
    if (address == lastAddress) {
      return lastAccount;
    }
    Account a = accounts.get(address);
    if (a == null) {
      a = new Account(address, reader.account(address));
      accounts.put(address, a);
    }
    lastAddress = address;
    lastAccount = a;
    return a;
  }

  private void enlist(Account a) {
    if (!a.inTx) {
      a.inTx = true;
      txAccounts.add(a);
    }
  }

  /** Whether the account exists (possibly empty). */
  public boolean exists(Address address) {
    return account(address).exists;
  }

  /** Empty in the EIP-161 sense, or not existing: no code, zero nonce, zero balance. */
  public boolean isEmpty(Address address) {
    Account a = account(address);
    return !a.exists || a.isEmpty();
  }

  public UInt256 balance(Address address) {
    return account(address).balance;
  }

  public long nonce(Address address) {
    return account(address).nonce;
  }

  /** The code hash; {@link Keccak#EMPTY} for accounts without code and missing accounts. */
  public Hash codeHash(Address address) {
    return account(address).codeHash;
  }

  public byte[] code(Address address) {
    Account a = account(address);
    if (a.code == null) {
      a.code = a.codeHash.equals(Keccak.EMPTY) ? EMPTY_CODE : reader.code(a.codeHash);
    }
    return a.code;
  }

  /** The account as {@link AccountInfo}, or {@code null} if it does not exist. */
  public AccountInfo info(Address address) {
    Account a = account(address);
    return a.exists ? new AccountInfo(a.nonce, a.balance, a.codeHash) : null;
  }

  /**
   * Whether CREATE/CREATE2 may not deploy to the address: it has a nonce, code (EIP-684) or storage
   * at the start of the transaction (EIP-7610).
   */
  public boolean isCreateCollision(Address address) {
    Account a = account(address);
    if (a.nonce != 0 || !a.codeHash.equals(Keccak.EMPTY)) {
      return true;
    }
    if (!a.storageCleared && reader.hasStorage(address)) {
      return true;
    }
    for (Slot s : a.storage.values()) {
      if (!s.original.isZero()) {
        return true;
      }
    }
    return false;
  }

  private static final byte[] EMPTY_CODE = new byte[0];

  // ---------------------------------------------------------------- access lists (EIP-2929)

  /** Marks the account warm; returns whether it was cold. */
  public boolean warmAccount(Address address) {
    Account a = account(address);
    if (a.warm) {
      return false;
    }
    a.warm = true;
    enlist(a);
    journal.add(new JournalEntry.Warmed(a));
    return true;
  }

  public boolean isWarm(Address address) {
    return account(address).warm;
  }

  /** Marks the slot warm; returns whether it was cold. */
  public boolean warmSlot(Address address, UInt256 key) {
    Account a = account(address);
    Slot s = slot(a, key);
    if (s.warm) {
      return false;
    }
    s.warm = true;
    enlist(a);
    a.enlist(s);
    journal.add(new JournalEntry.SlotWarmed(s));
    return true;
  }

  // ---------------------------------------------------------------- storage

  private Slot slot(Account a, UInt256 key) {
    Slot s = a.storage.get(key);
    if (s == null) {
      UInt256 v = a.storageCleared || !a.exists ? UInt256.ZERO : reader.storage(a.address, key);
      s = new Slot(key, v);
      a.storage.put(key, s);
    }
    return s;
  }

  /** The current value of a slot. */
  public UInt256 sload(Address address, UInt256 key) {
    return slot(account(address), key).current;
  }

  /** The value of a slot at the start of the transaction (EIP-2200's "original value"). */
  public UInt256 originalStorage(Address address, UInt256 key) {
    return slot(account(address), key).original;
  }

  public void sstore(Address address, UInt256 key, UInt256 value) {
    Account a = account(address);
    Slot s = slot(a, key);
    enlist(a);
    a.enlist(s);
    journal.add(new JournalEntry.StorageChanged(s, s.current));
    s.current = value;
  }

  /** EIP-1153 transient storage: cleared at the end of every transaction. */
  public UInt256 tload(Address address, UInt256 key) {
    return transientStorage.getOrDefault(new TransientKey(address, key), UInt256.ZERO);
  }

  public void tstore(Address address, UInt256 key, UInt256 value) {
    TransientKey k = new TransientKey(address, key);
    UInt256 old = value.isZero() ? transientStorage.remove(k) : transientStorage.put(k, value);
    journal.add(new JournalEntry.TransientChanged(k, old == null ? UInt256.ZERO : old));
  }

  // ---------------------------------------------------------------- mutations

  /**
   * Touches the account (EIP-161): it comes into existence if missing, and is deleted at the end of
   * the transaction if it is then empty.
   */
  public void touch(Address address) {
    touch(account(address));
  }

  private void touch(Account a) {
    enlist(a);
    if (!a.exists) {
      a.exists = true;
      journal.add(new JournalEntry.CameIntoExistence(a));
    }
    if (!a.touched) {
      a.touched = true;
      journal.add(new JournalEntry.Touched(a));
    }
  }

  public void setBalance(Address address, UInt256 balance) {
    Account a = account(address);
    touch(a);
    journal.add(new JournalEntry.BalanceChanged(a, a.balance));
    a.balance = balance;
  }

  public void addBalance(Address address, UInt256 amount) {
    Account a = account(address);
    touch(a);
    if (!amount.isZero()) {
      journal.add(new JournalEntry.BalanceChanged(a, a.balance));
      a.balance = a.balance.add(amount);
    }
  }

  /** Subtracts {@code amount}; the caller has checked the balance covers it. */
  public void subBalance(Address address, UInt256 amount) {
    Account a = account(address);
    touch(a);
    if (!amount.isZero()) {
      if (a.balance.compareTo(amount) < 0) {
        throw new IllegalStateException("balance of " + address + " below " + amount);
      }
      journal.add(new JournalEntry.BalanceChanged(a, a.balance));
      a.balance = a.balance.subtract(amount);
    }
  }

  /**
   * Moves {@code value} from one account to another, touching both; returns {@code false} and
   * changes nothing if {@code from} cannot afford it.
   */
  public boolean transfer(Address from, Address to, UInt256 value) {
    if (balance(from).compareTo(value) < 0) {
      return false;
    }
    subBalance(from, value);
    addBalance(to, value);
    return true;
  }

  public void setNonce(Address address, long nonce) {
    Account a = account(address);
    touch(a);
    journal.add(new JournalEntry.NonceChanged(a, a.nonce));
    a.nonce = nonce;
  }

  public void incrementNonce(Address address) {
    setNonce(address, nonce(address) + 1);
  }

  public void setCode(Address address, byte[] code) {
    Account a = account(address);
    touch(a);
    journal.add(new JournalEntry.CodeChanged(a, a.codeHash, a.code));
    a.code = code;
    a.codeHash = code.length == 0 ? Keccak.EMPTY : Keccak.of(code);
  }

  /**
   * Marks the account as a contract created in this transaction (CREATE, CREATE2 or a creation
   * transaction), so SELFDESTRUCT may still delete it (EIP-6780).
   */
  public void markCreated(Address address) {
    Account a = account(address);
    touch(a);
    if (!a.createdInTx) {
      a.createdInTx = true;
      journal.add(new JournalEntry.Created(a));
    }
  }

  public boolean isCreatedInTransaction(Address address) {
    return account(address).createdInTx;
  }

  /**
   * SELFDESTRUCT under EIP-6780: the whole balance moves to {@code beneficiary}; the account itself
   * is deleted at the end of the transaction only if it was created in it (a balance sent to itself
   * is then burnt); otherwise only the balance moves.
   */
  public void selfDestruct(Address address, Address beneficiary) {
    Account a = account(address);
    UInt256 balance = a.balance;
    subBalance(address, balance);
    addBalance(beneficiary, balance);
    if (a.createdInTx) {
      if (!a.destructed) {
        a.destructed = true;
        journal.add(new JournalEntry.Destructed(a));
      }
      if (!a.balance.isZero()) {
        journal.add(new JournalEntry.BalanceChanged(a, a.balance));
        a.balance = UInt256.ZERO;
      }
    }
  }

  public void addLog(Log log) {
    logs.add(log);
    journal.add(JournalEntry.LogAdded.INSTANCE);
  }

  /** Logs of the current transaction so far. */
  public List<Log> logs() {
    return List.copyOf(logs);
  }

  // ---------------------------------------------------------------- journal

  /** A point to {@link #revertTo} when the call that starts here fails. */
  public int checkpoint() {
    return journal.size();
  }

  /** Undoes every change made since {@code checkpoint}. */
  public void revertTo(int checkpoint) {
    for (int i = journal.size() - 1; i >= checkpoint; i--) {
      journal.remove(i).undo(this);
    }
  }

  // ---------------------------------------------------------------- transaction end

  /**
   * Ends the transaction: deletes self-destructed accounts and touched empty ones (EIP-161),
   * returns the changes since the transaction started, and makes them the new starting point.
   * Clears warm sets, transient storage, logs and the journal.
   */
  public StateChanges commitTransaction() {
    Map<Address, AccountChange> changes = new LinkedHashMap<>();
    Map<Hash, byte[]> codes = new LinkedHashMap<>();
    for (Account a : txAccounts) {
      if (a.exists && (a.destructed || (a.touched && a.isEmpty()))) {
        a.delete();
      }
      AccountChange change = a.changeSinceTxStart();
      if (change != null) {
        changes.put(a.address, change);
        if (a.exists && !a.codeHash.equals(a.txCodeHash) && a.code != null && a.code.length > 0) {
          codes.put(a.codeHash, a.code);
        }
      }
      a.rollForward();
    }
    txAccounts.clear();
    journal.clear();
    logs.clear();
    transientStorage.clear();
    return new StateChanges(changes, codes);
  }

  /**
   * Abandons the current transaction: undoes everything since it started, as if it never ran. Used
   * when a transaction turns out to be invalid after execution began (should not happen with prior
   * validation, but keeps the state consistent).
   */
  public void discardTransaction() {
    revertTo(0);
    for (Account a : txAccounts) {
      a.rollForward();
    }
    txAccounts.clear();
    logs.clear();
    transientStorage.clear();
  }

  // ---------------------------------------------------------------- internals

  private record TransientKey(Address address, UInt256 key) {}

  /** A cached storage slot. */
  static final class Slot {
    final UInt256 key;
    UInt256 original;
    UInt256 current;
    boolean warm;

    /** On its account's {@code txSlots}. */
    boolean inTx;

    Slot(UInt256 key, UInt256 value) {
      this.key = key;
      this.original = value;
      this.current = value;
    }
  }

  /** A cached account: current values, values at the start of the transaction, and flags. */
  static final class Account {
    final Address address;
    boolean exists;
    long nonce;
    UInt256 balance;
    Hash codeHash;
    byte[] code;

    boolean txExists;
    long txNonce;
    UInt256 txBalance;
    Hash txCodeHash;

    boolean warm;
    boolean touched;
    boolean createdInTx;
    boolean destructed;

    /** The reader's storage no longer applies (the account was deleted or created). */
    boolean storageCleared;

    boolean inTx;
    final HashMap<UInt256, Slot> storage = new HashMap<>();

    /**
     * The slots warmed or written in the current transaction: only these can differ from their
     * start-of-transaction value or be warm, so ending a transaction visits them instead of the
     * whole cache (which, for a contract called by every transaction of a block, grows with the
     * block and made block execution quadratic in its transaction count).
     */
    final ArrayList<Slot> txSlots = new ArrayList<>();

    Account(Address address, AccountInfo info) {
      this.address = address;
      if (info != null) {
        exists = true;
        nonce = info.nonce();
        balance = info.balance();
        codeHash = info.codeHash();
      } else {
        balance = UInt256.ZERO;
        codeHash = Keccak.EMPTY;
      }
      txExists = exists;
      txNonce = nonce;
      txBalance = balance;
      txCodeHash = codeHash;
    }

    boolean isEmpty() {
      return nonce == 0 && balance.isZero() && codeHash.equals(Keccak.EMPTY);
    }

    void enlist(Slot s) {
      if (!s.inTx) {
        s.inTx = true;
        txSlots.add(s);
      }
    }

    void delete() {
      exists = false;
      nonce = 0;
      balance = UInt256.ZERO;
      codeHash = Keccak.EMPTY;
      code = EMPTY_CODE;
      storage.clear();
      storageCleared = true;
    }

    /** The change relative to the start of the transaction, or null if none. */
    AccountChange changeSinceTxStart() {
      if (!exists) {
        return txExists ? AccountChange.DELETED : null;
      }
      boolean cleared = createdInTx || !txExists;
      Map<UInt256, UInt256> slots = new HashMap<>();
      if (cleared) {
        for (Map.Entry<UInt256, Slot> e : storage.entrySet()) {
          if (!e.getValue().current.isZero()) {
            slots.put(e.getKey(), e.getValue().current);
          }
        }
      } else {
        // A slot not written in this transaction still holds its original value. A slot of
        // txSlots dropped from the cache by delete() cannot be here: a deleted account that
        // exists again was created in this transaction, so it is cleared.
        for (Slot s : txSlots) {
          if (!s.current.equals(s.original)) {
            slots.put(s.key, s.current);
          }
        }
      }
      boolean infoChanged =
          nonce != txNonce || !balance.equals(txBalance) || !codeHash.equals(txCodeHash);
      if (!infoChanged && !cleared && slots.isEmpty()) {
        return null;
      }
      return new AccountChange.Updated(new AccountInfo(nonce, balance, codeHash), cleared, slots);
    }

    /** Makes the current values the start of the next transaction. */
    void rollForward() {
      if (createdInTx) {
        storageCleared = true;
      }
      txExists = exists;
      txNonce = nonce;
      txBalance = balance;
      txCodeHash = codeHash;
      warm = false;
      touched = false;
      createdInTx = false;
      destructed = false;
      inTx = false;
      for (Slot s : txSlots) {
        s.original = s.current;
        s.warm = false;
        s.inTx = false;
      }
      txSlots.clear();
    }
  }

  /** One undoable change. */
  private sealed interface JournalEntry {
    void undo(JournaledState state);

    record Warmed(Account a) implements JournalEntry {
      public void undo(JournaledState state) {
        a.warm = false;
      }
    }

    record SlotWarmed(Slot s) implements JournalEntry {
      public void undo(JournaledState state) {
        s.warm = false;
      }
    }

    record StorageChanged(Slot s, UInt256 old) implements JournalEntry {
      public void undo(JournaledState state) {
        s.current = old;
      }
    }

    record TransientChanged(TransientKey key, UInt256 old) implements JournalEntry {
      public void undo(JournaledState state) {
        if (old.isZero()) {
          state.transientStorage.remove(key);
        } else {
          state.transientStorage.put(key, old);
        }
      }
    }

    record CameIntoExistence(Account a) implements JournalEntry {
      public void undo(JournaledState state) {
        a.exists = false;
      }
    }

    record Touched(Account a) implements JournalEntry {
      public void undo(JournaledState state) {
        if (!a.address.equals(RIPEMD160)) {
          a.touched = false;
        }
      }
    }

    record BalanceChanged(Account a, UInt256 old) implements JournalEntry {
      public void undo(JournaledState state) {
        a.balance = old;
      }
    }

    record NonceChanged(Account a, long old) implements JournalEntry {
      public void undo(JournaledState state) {
        a.nonce = old;
      }
    }

    record CodeChanged(Account a, Hash oldHash, byte[] oldCode) implements JournalEntry {
      public void undo(JournaledState state) {
        a.codeHash = oldHash;
        a.code = oldCode;
      }
    }

    record Created(Account a) implements JournalEntry {
      public void undo(JournaledState state) {
        a.createdInTx = false;
      }
    }

    record Destructed(Account a) implements JournalEntry {
      public void undo(JournaledState state) {
        a.destructed = false;
      }
    }

    enum LogAdded implements JournalEntry {
      INSTANCE;

      public void undo(JournaledState state) {
        state.logs.remove(state.logs.size() - 1);
      }
    }
  }
}
