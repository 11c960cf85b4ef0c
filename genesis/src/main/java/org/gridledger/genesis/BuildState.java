package org.gridledger.genesis;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.gridledger.evm.state.AccountInfo;
import org.gridledger.evm.state.StateChanges;
import org.gridledger.evm.state.StateReader;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.UInt256;

/**
 * The state the builder executes transactions against: readable by the EVM, written by applying
 * each transaction's changes, and listed in ascending address order for the genesis file. Two
 * kinds: {@link MemoryBuildState} for ordinary genesis files and {@link DiskBuildState} for
 * synthetic grids of any size.
 */
sealed interface BuildState extends StateReader, AutoCloseable
    permits MemoryBuildState, DiskBuildState {

  /** Receives the accounts of the state. */
  @FunctionalInterface
  interface AccountVisitor {
    /**
     * One account; {@code storage} lists its non-zero slots in ascending key order while this call
     * runs (so an account with millions of slots is never held in memory at once).
     */
    void visit(
        Address address,
        AccountInfo info,
        byte[] code,
        Consumer<BiConsumer<UInt256, UInt256>> storage);
  }

  /** Adds or replaces an account without storage. */
  void put(Address address, long nonce, UInt256 balance, byte[] code);

  /** Removes an account and its storage. */
  void remove(Address address);

  /** Commits one transaction's changes. */
  void apply(StateChanges changes);

  /** Every account in ascending address order. */
  void forEachAccount(AccountVisitor visitor);

  @Override
  void close();
}
