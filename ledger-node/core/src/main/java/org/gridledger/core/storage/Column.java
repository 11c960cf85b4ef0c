package org.gridledger.core.storage;

import java.nio.charset.StandardCharsets;

/**
 * The column families of the node's database. Each holds one kind of record with its own key space;
 * the RocksDB family name is fixed forever once data is written (renaming a constant is fine,
 * changing {@link #familyName()} is a schema change).
 */
public enum Column {
  /** Trie nodes: Keccak-256 of the node's RLP → RLP. Shared by the state and storage tries. */
  TRIE_NODES("trie_nodes"),
  /** Block headers: block hash → header RLP. */
  HEADERS("headers"),
  /** Block bodies: block hash → body RLP (transactions, ommers, withdrawals). */
  BODIES("bodies"),
  /** Receipts: block hash → RLP list of the block's receipts. */
  RECEIPTS("receipts"),
  /** Flat state: account hash → account RLP, for reads without walking the trie. */
  ACCOUNTS("accounts"),
  /** Flat storage: account hash ++ slot hash → value, for reads without walking the trie. */
  STORAGE("storage"),
  /** Contract code: code hash → bytecode. */
  CODE("code"),
  /** Lookups: canonical number → hash, transaction hash → location, chain head and the like. */
  INDEXES("indexes");

  private final String familyName;

  Column(String familyName) {
    this.familyName = familyName;
  }

  /** The RocksDB column family name. */
  public String familyName() {
    return familyName;
  }

  byte[] familyNameBytes() {
    return familyName.getBytes(StandardCharsets.UTF_8);
  }
}
