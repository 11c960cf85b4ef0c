package org.gridledger.core.state;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.core.storage.Column;
import org.gridledger.core.storage.KeyValueStore;
import org.gridledger.core.storage.StorageException;
import org.gridledger.core.trie.KeyValueNodeStore;
import org.gridledger.core.trie.MerklePatriciaTrie;
import org.gridledger.core.trie.NodeStore;
import org.gridledger.core.trie.TrieNodeCache;
import org.gridledger.evm.state.AccountChange;
import org.gridledger.evm.state.AccountInfo;
import org.gridledger.evm.state.StateChanges;
import org.gridledger.evm.state.StateReader;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;

/**
 * The world state at one root, with changes applied on top in memory until {@link #commit()}.
 *
 * <p>Reads go to the flat tables when this state was opened at the root the flat tables hold (the
 * latest committed head) and the account has not been changed since; otherwise to the tries. A
 * commit writes the new trie nodes, new code and — only when this state started at the flat head —
 * the flat entries of every changed account, plus the new flat root marker, in one atomic batch. A
 * state opened at an older root (a side chain, a historical call) therefore never corrupts the flat
 * tables; it only reads and writes tries.
 *
 * <p>Not thread-safe: one block or call at a time. Open one per use; opening is cheap.
 */
public final class WorldState implements StateReader {
  /** INDEXES key holding the state root the flat tables currently describe. */
  static final byte[] FLAT_ROOT_KEY = "flat-state-root".getBytes(StandardCharsets.US_ASCII);

  private final KeyValueStore store;
  private final NodeStore nodes;
  private final BlockHashLookup blockHashes;
  private final MerklePatriciaTrie accounts;
  private final boolean startedAtFlatHead;

  private final Map<Address, MerklePatriciaTrie> storageTries = new HashMap<>();
  private final Map<Hash, byte[]> pendingCode = new LinkedHashMap<>();

  /**
   * Accounts updated by {@link #apply} whose entry in the account trie waits for their storage
   * root: hashing a storage trie after every transaction rehashed the same upper branch nodes of a
   * busy contract once per transaction (a sixth of the CPU of building a block of 100 {@code
   * createNodeContract} calls), while the root is needed only when the state root, a proof or the
   * account itself is read. {@link #settleStorageRoots} writes them.
   */
  private final Map<Address, AccountInfo> awaitingStorageRoot = new LinkedHashMap<>();

  /**
   * Keccak-256 of addresses and slot keys met so far (trie and flat-table keys): a block reads a
   * slot, writes it to the trie and then to the flat table, each needing the same hash. Cleared
   * when it reaches {@link #MAX_HASHED} entries, so a state that applies a large genesis stays
   * small.
   */
  private final Map<Object, byte[]> hashedKeys = new HashMap<>();

  private static final int MAX_HASHED = 1 << 16;

  /** Accounts changed since opening, in change order, with their flat-table work. */
  private final Map<Address, FlatChange> dirty = new LinkedHashMap<>();

  /** What the flat tables need for one changed account. */
  private static final class FlatChange {
    boolean wipeStorage;
    final Map<UInt256, UInt256> slots = new LinkedHashMap<>();
  }

  private WorldState(
      KeyValueStore store, TrieNodeCache nodeCache, Hash root, BlockHashLookup blockHashes) {
    this.store = store;
    this.nodes = new KeyValueNodeStore(store, nodeCache);
    this.blockHashes = blockHashes;
    this.accounts = new MerklePatriciaTrie(nodes, root);
    this.startedAtFlatHead = flatRoot(store).equals(root);
  }

  /**
   * The state with root {@code root} in {@code store}. Nodes load lazily, so a bad root fails on
   * read.
   */
  public static WorldState at(KeyValueStore store, Hash root, BlockHashLookup blockHashes) {
    return new WorldState(store, null, root, blockHashes);
  }

  /**
   * The state with root {@code root} in {@code store}, its tries keeping their upper nodes in
   * {@code nodeCache} (one cache per store, shared by the states a node opens one after another).
   */
  public static WorldState at(
      KeyValueStore store, TrieNodeCache nodeCache, Hash root, BlockHashLookup blockHashes) {
    return new WorldState(store, nodeCache, root, blockHashes);
  }

  /** An empty state (the root of an empty trie) in {@code store}. */
  public static WorldState empty(KeyValueStore store) {
    return new WorldState(store, null, Keccak.EMPTY_TRIE, BlockHashLookup.NONE);
  }

  /**
   * The root the flat tables of {@code store} describe: the last root committed from the flat head,
   * or the empty root for a store never committed to (its empty flat tables describe the empty
   * state).
   */
  public static Hash flatRoot(KeyValueStore store) {
    return store.get(Column.INDEXES, FLAT_ROOT_KEY).map(Hash::wrap).orElse(Keccak.EMPTY_TRIE);
  }

  // ---- StateReader ----

  @Override
  public AccountInfo account(Address address) {
    StateAccount a = stateAccount(address);
    return a == null ? null : a.info();
  }

  /** The account with its storage root, or {@code null} if it does not exist. */
  public StateAccount stateAccount(Address address) {
    if (awaitingStorageRoot.containsKey(address)) {
      settleStorageRoots();
    }
    byte[] key = hashed(address);
    byte[] rlp;
    if (readsFlat(address)) {
      rlp = store.get(Column.ACCOUNTS, key).orElse(null);
    } else {
      rlp = accounts.get(key);
    }
    return rlp == null || rlp.length == 0 ? null : StateAccount.decode(rlp);
  }

  @Override
  public byte[] code(Hash codeHash) {
    if (codeHash.equals(Keccak.EMPTY)) {
      return new byte[0];
    }
    byte[] pending = pendingCode.get(codeHash);
    if (pending != null) {
      return pending;
    }
    return store
        .get(Column.CODE, codeHash.unsafeBytes())
        .orElseThrow(() -> new StorageException("code " + codeHash + " is missing from the store"));
  }

  @Override
  public UInt256 storage(Address address, UInt256 key) {
    byte[] slotKey = hashed(key);
    byte[] rlp;
    if (readsFlat(address)) {
      byte[] flatKey = concat(hashed(address), slotKey);
      rlp = store.get(Column.STORAGE, flatKey).orElse(null);
    } else {
      MerklePatriciaTrie trie = storageTrie(address);
      rlp = trie == null ? null : trie.get(slotKey);
    }
    if (rlp == null || rlp.length == 0) {
      return UInt256.ZERO;
    }
    return UInt256.of(RlpReader.single(rlp).readUInt256());
  }

  @Override
  public boolean hasStorage(Address address) {
    StateAccount a = stateAccount(address);
    return a != null && !a.storageRoot().equals(Keccak.EMPTY_TRIE);
  }

  @Override
  public Hash blockHash(long number) {
    return blockHashes.blockHash(number);
  }

  // ---- changes ----

  /** Applies the net changes of a transaction or block. */
  public void apply(StateChanges changes) {
    pendingCode.putAll(changes.code());
    for (Map.Entry<Address, AccountChange> e : changes.accounts().entrySet()) {
      Address address = e.getKey();
      FlatChange flat = dirty.computeIfAbsent(address, a -> new FlatChange());
      switch (e.getValue()) {
        case AccountChange.Deleted d -> {
          awaitingStorageRoot.remove(address);
          accounts.remove(hashed(address));
          storageTries.put(address, new MerklePatriciaTrie(nodes));
          flat.wipeStorage = true;
          flat.slots.clear();
        }
        case AccountChange.Updated u -> {
          MerklePatriciaTrie trie;
          if (u.storageCleared()) {
            trie = new MerklePatriciaTrie(nodes);
            storageTries.put(address, trie);
            flat.wipeStorage = true;
            flat.slots.clear();
          } else {
            trie = storageTrie(address);
            if (trie == null) {
              trie = new MerklePatriciaTrie(nodes);
              storageTries.put(address, trie);
            }
          }
          for (Map.Entry<UInt256, UInt256> slot : u.storage().entrySet()) {
            byte[] slotKey = hashed(slot.getKey());
            if (slot.getValue().isZero()) {
              trie.remove(slotKey);
            } else {
              trie.put(slotKey, encodeSlot(slot.getValue()));
            }
            flat.slots.put(slot.getKey(), slot.getValue());
          }
          awaitingStorageRoot.put(address, u.info());
        }
      }
    }
  }

  /** The state root including every change applied so far. */
  public Hash rootHash() {
    settleStorageRoots();
    return accounts.rootHash();
  }

  /** Writes the accounts waiting for their storage root into the account trie. */
  private void settleStorageRoots() {
    for (Map.Entry<Address, AccountInfo> e : awaitingStorageRoot.entrySet()) {
      Address address = e.getKey();
      Hash storageRoot = storageTries.get(address).rootHash();
      accounts.put(hashed(address), StateAccount.of(e.getValue(), storageRoot).encode());
    }
    awaitingStorageRoot.clear();
  }

  /**
   * Writes every change applied so far atomically and returns the new root. After a crash either
   * the whole commit is present or none of it.
   */
  public Hash commit() {
    try (KeyValueNodeStore.StoreBatch batch = KeyValueNodeStore.within(store.newBatch())) {
      Hash root = commitTo(batch);
      batch.commit(); // commits the whole batch, then marks the trie nodes as stored
      return root;
    }
  }

  /**
   * Adds every change applied so far to {@code batch} (a batch over this state's store, which may
   * carry other writes, such as the block that produced the changes) and returns the new root. The
   * changes count as committed once {@code batch} commits: until then this state keeps them
   * pending, and if the batch is closed without committing, this state must not be used further.
   */
  public Hash commitTo(KeyValueNodeStore.StoreBatch batch) {
    settleStorageRoots();
    KeyValueStore.Batch keyValues = batch.keyValues();
    for (MerklePatriciaTrie trie : storageTries.values()) {
      trie.commit(batch);
    }
    Hash root = accounts.commit(batch);
    for (Map.Entry<Hash, byte[]> c : pendingCode.entrySet()) {
      keyValues.put(Column.CODE, c.getKey().unsafeBytes(), c.getValue());
    }
    if (startedAtFlatHead) {
      writeFlat(keyValues);
      keyValues.put(Column.INDEXES, FLAT_ROOT_KEY, root.toArray());
    }
    batch.onCommit(
        () -> {
          pendingCode.clear();
          dirty.clear();
        });
    return root;
  }

  /**
   * The EIP-1186 proof of {@code address} and {@code keys} in the state as it is now (applied
   * changes included).
   */
  public AccountProof proof(Address address, List<UInt256> keys) {
    settleStorageRoots();
    byte[] accountKey = hashed(address);
    List<byte[]> accountProof = accounts.prove(accountKey);
    byte[] rlp = accounts.get(accountKey);
    StateAccount account = rlp == null || rlp.length == 0 ? null : StateAccount.decode(rlp);
    MerklePatriciaTrie trie = account == null ? null : storageTrie(address);
    List<AccountProof.StorageProof> slots = new ArrayList<>();
    for (UInt256 key : keys) {
      byte[] slotKey = hashed(key);
      if (trie == null) {
        slots.add(new AccountProof.StorageProof(key, UInt256.ZERO, List.of()));
        continue;
      }
      byte[] v = trie.get(slotKey);
      UInt256 value =
          v == null || v.length == 0 ? UInt256.ZERO : UInt256.of(RlpReader.single(v).readUInt256());
      slots.add(new AccountProof.StorageProof(key, value, trie.prove(slotKey)));
    }
    return new AccountProof(address, account, accountProof, slots);
  }

  // ---- internals ----

  /** Keccak-256 of the address (its key in the account trie); callers must not change it. */
  private byte[] hashed(Address address) {
    byte[] known = hashedKeys.get(address);
    return known != null ? known : remember(address, Keccak.hash(address.unsafeBytes()));
  }

  /** Keccak-256 of the slot's 32 bytes (its key in a storage trie); callers must not change it. */
  private byte[] hashed(UInt256 slot) {
    byte[] known = hashedKeys.get(slot);
    return known != null ? known : remember(slot, Keccak.hash(slot.toBytes32()));
  }

  private byte[] remember(Object key, byte[] hash) {
    if (hashedKeys.size() >= MAX_HASHED) {
      hashedKeys.clear();
    }
    hashedKeys.put(key, hash);
    return hash;
  }

  private boolean readsFlat(Address address) {
    return startedAtFlatHead && !dirty.containsKey(address);
  }

  private MerklePatriciaTrie storageTrie(Address address) {
    MerklePatriciaTrie trie = storageTries.get(address);
    if (trie != null) {
      return trie;
    }
    byte[] rlp = accounts.get(hashed(address));
    if (rlp == null || rlp.length == 0) {
      return null;
    }
    trie = new MerklePatriciaTrie(nodes, StateAccount.decode(rlp).storageRoot());
    storageTries.put(address, trie);
    return trie;
  }

  private void writeFlat(KeyValueStore.Batch batch) {
    Set<Address> order = new LinkedHashSet<>(dirty.keySet());
    for (Address address : order) {
      FlatChange change = dirty.get(address);
      byte[] accountKey = hashed(address);
      byte[] rlp = accounts.get(accountKey);
      if (rlp == null || rlp.length == 0) {
        batch.delete(Column.ACCOUNTS, accountKey);
      } else {
        batch.put(Column.ACCOUNTS, accountKey, rlp);
      }
      if (change.wipeStorage) {
        batch.deletePrefix(Column.STORAGE, accountKey);
      }
      for (Map.Entry<UInt256, UInt256> slot : change.slots.entrySet()) {
        byte[] key = concat(accountKey, hashed(slot.getKey()));
        if (slot.getValue().isZero()) {
          batch.delete(Column.STORAGE, key);
        } else {
          batch.put(Column.STORAGE, key, encodeSlot(slot.getValue()));
        }
      }
    }
  }

  /** A storage value as the storage trie holds it: RLP of its minimal big-endian bytes. */
  static byte[] encodeSlot(UInt256 value) {
    return RlpWriter.encodeBytes(value.toMinimalBytes());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
