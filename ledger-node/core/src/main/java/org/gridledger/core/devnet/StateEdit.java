package org.gridledger.core.devnet;

import java.util.Map;
import java.util.Objects;
import org.gridledger.core.state.WorldState;
import org.gridledger.evm.state.AccountChange;
import org.gridledger.evm.state.AccountInfo;
import org.gridledger.evm.state.StateChanges;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;

/**
 * A direct change of one account's state on a development chain ({@code anvil_setBalance}, {@code
 * anvil_setNonce}, {@code anvil_setCode}, {@code anvil_setStorageAt}). The producer applies pending
 * edits to the parent state at the start of the next block it seals (decision 0010).
 */
public sealed interface StateEdit {
  Address address();

  /**
   * The change this edit makes to {@code state} as it is now (it reads the account's other fields
   * there).
   */
  StateChanges changesOn(WorldState state);

  /** Sets the balance in wei. */
  record SetBalance(Address address, UInt256 balance) implements StateEdit {
    public SetBalance {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(balance, "balance");
    }

    @Override
    public StateChanges changesOn(WorldState state) {
      AccountInfo a = current(state, address);
      return account(address, new AccountInfo(a.nonce(), balance, a.codeHash()), Map.of());
    }
  }

  /** Sets the nonce. */
  record SetNonce(Address address, long nonce) implements StateEdit {
    public SetNonce {
      Objects.requireNonNull(address, "address");
    }

    @Override
    public StateChanges changesOn(WorldState state) {
      AccountInfo a = current(state, address);
      return account(address, new AccountInfo(nonce, a.balance(), a.codeHash()), Map.of());
    }
  }

  /** Replaces the code (storage is kept, as anvil and hardhat do). */
  record SetCode(Address address, byte[] code) implements StateEdit {
    public SetCode {
      Objects.requireNonNull(address, "address");
      code = code.clone();
    }

    @Override
    public byte[] code() {
      return code.clone();
    }

    @Override
    public StateChanges changesOn(WorldState state) {
      AccountInfo a = current(state, address);
      Hash codeHash = code.length == 0 ? Keccak.EMPTY : Keccak.of(code);
      AccountChange change =
          new AccountChange.Updated(
              new AccountInfo(a.nonce(), a.balance(), codeHash), false, Map.of());
      return new StateChanges(
          Map.of(address, change), code.length == 0 ? Map.of() : Map.of(codeHash, code.clone()));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SetCode other
          && address.equals(other.address)
          && java.util.Arrays.equals(code, other.code);
    }

    @Override
    public int hashCode() {
      return address.hashCode() * 31 + java.util.Arrays.hashCode(code);
    }

    @Override
    public String toString() {
      return "SetCode[" + address + ", " + code.length + " bytes]";
    }
  }

  /** Sets one storage slot (zero deletes it). */
  record SetStorage(Address address, UInt256 slot, UInt256 value) implements StateEdit {
    public SetStorage {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(slot, "slot");
      Objects.requireNonNull(value, "value");
    }

    @Override
    public StateChanges changesOn(WorldState state) {
      return account(address, current(state, address), Map.of(slot, value));
    }
  }

  /** The account in {@code state}, or an empty one where none exists. */
  private static AccountInfo current(WorldState state, Address address) {
    AccountInfo info = state.account(address);
    return info == null ? AccountInfo.EMPTY : info;
  }

  private static StateChanges account(
      Address address, AccountInfo info, Map<UInt256, UInt256> storage) {
    return new StateChanges(
        Map.of(address, new AccountChange.Updated(info, false, storage)), Map.of());
  }
}
