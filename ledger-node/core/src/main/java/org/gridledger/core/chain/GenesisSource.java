package org.gridledger.core.chain;

import org.gridledger.core.storage.KeyValueStore;

/**
 * Where a node's chain starts: a genesis held in memory ({@link GenesisJson.Loaded}) or a genesis
 * file read as a stream ({@link GenesisFile}), whose allocation may be too large for the heap.
 */
public sealed interface GenesisSource permits GenesisJson.Loaded, GenesisFile {
  /** The chain's parameters. */
  ChainConfig config();

  /** The same genesis under another config (e.g. with validator seals). */
  GenesisSource withConfig(ChainConfig config);

  /**
   * Opens the chain in {@code store}, writing this genesis first if the store is empty.
   *
   * @throws IllegalStateException if the store holds a chain with another genesis
   */
  Blockchain initialize(KeyValueStore store);
}
