package org.gridledger.evm.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.Log;
import org.gridledger.evm.types.UInt256;
import org.junit.jupiter.api.Test;

/** Journal, per-transaction bookkeeping and the changes handed to core. */
class JournaledStateTest {
  static final Address A = Address.ofLow(0xa1);
  static final Address B = Address.ofLow(0xb2);
  static final Address RIPEMD = Address.ofLow(3);
  static final UInt256 K = UInt256.of(5);

  final InMemoryState reader = new InMemoryState();

  @Test
  void revertUndoesEverythingSinceTheCheckpoint() {
    reader.put(A, 1, UInt256.of(100), new byte[] {0x00});
    reader.putStorage(A, K, UInt256.of(9));
    JournaledState s = new JournaledState(reader);
    s.warmAccount(A);
    int cp = s.checkpoint();
    s.sstore(A, K, UInt256.of(10));
    s.transfer(A, B, UInt256.of(40));
    s.setNonce(A, 7);
    s.tstore(A, K, UInt256.ONE);
    s.addLog(new Log(A, java.util.List.of(), new byte[0]));
    assertThat(s.warmSlot(A, K)).isTrue();
    assertThat(s.warmAccount(B)).isTrue();
    s.revertTo(cp);
    assertThat(s.sload(A, K)).isEqualTo(UInt256.of(9));
    assertThat(s.balance(A)).isEqualTo(UInt256.of(100));
    assertThat(s.exists(B)).isFalse();
    assertThat(s.nonce(A)).isEqualTo(1);
    assertThat(s.tload(A, K)).isEqualTo(UInt256.ZERO);
    assertThat(s.logs()).isEmpty();
    assertThat(s.isWarm(A)).isTrue(); // warmed before the checkpoint
    assertThat(s.isWarm(B)).isFalse();
    assertThat(s.warmSlot(A, K)).isTrue(); // cold again
    assertThat(s.commitTransaction().isEmpty()).isTrue();
  }

  @Test
  void originalValueIsTheValueAtTheStartOfTheTransaction() {
    reader.put(A, 1, UInt256.ZERO, new byte[] {0x00});
    reader.putStorage(A, K, UInt256.of(9));
    JournaledState s = new JournaledState(reader);
    s.sstore(A, K, UInt256.of(10));
    s.sstore(A, K, UInt256.of(11));
    assertThat(s.originalStorage(A, K)).isEqualTo(UInt256.of(9));
    s.commitTransaction();
    // The next transaction starts from the committed value.
    assertThat(s.originalStorage(A, K)).isEqualTo(UInt256.of(11));
  }

  @Test
  void touchedEmptyAccountsAreDeletedAndOnlyThey() {
    reader.put(A, 0, UInt256.ZERO, new byte[0]); // empty, will be touched
    reader.put(B, 0, UInt256.ZERO, new byte[0]); // empty, untouched
    JournaledState s = new JournaledState(reader);
    s.addBalance(A, UInt256.ZERO);
    s.balance(B);
    StateChanges c = s.commitTransaction();
    assertThat(c.accounts()).containsOnlyKeys(A);
    assertThat(c.accounts().get(A)).isInstanceOf(AccountChange.Deleted.class);
    assertThat(s.exists(A)).isFalse();
    assertThat(s.exists(B)).isTrue();
  }

  @Test
  void aRevertedTouchOfRipemdStillCounts() {
    // The 2016 mainnet quirk kept by every client: the touch of 0x03 survives a revert.
    reader.put(RIPEMD, 0, UInt256.ZERO, new byte[0]);
    reader.put(A, 0, UInt256.ZERO, new byte[0]);
    JournaledState s = new JournaledState(reader);
    int cp = s.checkpoint();
    s.touch(RIPEMD);
    s.touch(A);
    s.revertTo(cp);
    StateChanges c = s.commitTransaction();
    assertThat(c.accounts()).containsOnlyKeys(RIPEMD);
    assertThat(c.accounts().get(RIPEMD)).isInstanceOf(AccountChange.Deleted.class);
  }

  @Test
  void selfDestructDeletesOnlyAccountsCreatedInTheTransaction() {
    reader.put(A, 1, UInt256.of(50), new byte[] {0x00});
    reader.putStorage(A, K, UInt256.ONE);
    JournaledState s = new JournaledState(reader);
    s.selfDestruct(A, B);
    assertThat(s.balance(B)).isEqualTo(UInt256.of(50));
    StateChanges c = s.commitTransaction();
    assertThat(s.exists(A)).isTrue();
    assertThat(s.sload(A, K)).isEqualTo(UInt256.ONE);
    assertThat(((AccountChange.Updated) c.accounts().get(A)).info().balance())
        .isEqualTo(UInt256.ZERO);

    Address created = Address.ofLow(0xc3);
    s.markCreated(created);
    s.setNonce(created, 1);
    s.setCode(created, new byte[] {0x60, 0x00});
    s.sstore(created, K, UInt256.of(3));
    s.addBalance(created, UInt256.of(8));
    s.selfDestruct(created, created); // to itself: the balance is burnt
    c = s.commitTransaction();
    assertThat(c.accounts()).doesNotContainKey(created); // never existed before: no change
    assertThat(s.exists(created)).isFalse();
    assertThat(s.sload(created, K)).isEqualTo(UInt256.ZERO);
  }

  @Test
  void createCollisionConsidersNonceCodeAndStorage() {
    reader.put(A, 0, UInt256.ONE, new byte[0]);
    reader.putStorage(A, K, UInt256.ONE); // storage only (EIP-7610)
    reader.put(B, 0, UInt256.ONE, new byte[0]); // balance only: no collision
    JournaledState s = new JournaledState(reader);
    assertThat(s.isCreateCollision(A)).isTrue();
    assertThat(s.isCreateCollision(B)).isFalse();
    assertThat(s.isCreateCollision(Address.ofLow(0xdd))).isFalse();
    s.setNonce(B, 1);
    assertThat(s.isCreateCollision(B)).isTrue();
  }

  @Test
  void eachTransactionReportsOnlyTheSlotsItChangedAndStartsWithColdSlots() {
    reader.put(A, 1, UInt256.ZERO, new byte[] {0x00});
    reader.putStorage(A, K, UInt256.of(9));
    JournaledState s = new JournaledState(reader);
    UInt256 other = UInt256.of(6);
    assertThat(s.warmSlot(A, K)).isTrue();
    s.sstore(A, K, UInt256.of(10));
    s.sload(A, other); // cached, not written
    StateChanges first = s.commitTransaction();
    assertThat(((AccountChange.Updated) first.accounts().get(A)).storage())
        .containsExactly(Map.entry(K, UInt256.of(10)));
    // Second transaction: K is cached and was written before, but only `other` changes now.
    assertThat(s.warmSlot(A, K)).isTrue(); // cold again
    assertThat(s.warmSlot(A, other)).isTrue();
    s.sstore(A, other, UInt256.of(3));
    StateChanges second = s.commitTransaction();
    assertThat(((AccountChange.Updated) second.accounts().get(A)).storage())
        .containsExactly(Map.entry(other, UInt256.of(3)));
    // Third: writing K back to its value at the start of the transaction is no change.
    s.sstore(A, K, UInt256.of(11));
    s.sstore(A, K, UInt256.of(10));
    assertThat(s.commitTransaction().isEmpty()).isTrue();
    assertThat(s.originalStorage(A, other)).isEqualTo(UInt256.of(3));
  }

  @Test
  void aCreatedAccountReportsAllItsStorageAsCleared() {
    JournaledState s = new JournaledState(reader);
    s.markCreated(A);
    s.setNonce(A, 1);
    s.sstore(A, K, UInt256.of(4));
    s.sstore(A, UInt256.ONE, UInt256.ZERO);
    StateChanges c = s.commitTransaction();
    AccountChange.Updated u = (AccountChange.Updated) c.accounts().get(A);
    assertThat(u.storageCleared()).isTrue();
    assertThat(u.storage()).containsExactly(Map.entry(K, UInt256.of(4)));
  }

  @Test
  void codeIsReportedByHash() {
    JournaledState s = new JournaledState(reader);
    byte[] code = {0x60, 0x01};
    s.markCreated(A);
    s.setNonce(A, 1);
    s.setCode(A, code);
    StateChanges c = s.commitTransaction();
    Hash h = Keccak.of(code);
    assertThat(c.code()).containsOnlyKeys(h);
    assertThat(((AccountChange.Updated) c.accounts().get(A)).info().codeHash()).isEqualTo(h);
  }

  @Test
  void deletionInOneTransactionHidesTheReadersStorageFromTheNext() {
    reader.put(A, 0, UInt256.ZERO, new byte[0]);
    reader.putStorage(A, K, UInt256.of(6)); // odd but possible in test pre-states
    JournaledState s = new JournaledState(reader);
    s.touch(A); // empty and touched: deleted at the end of the transaction
    StateChanges first = s.commitTransaction();
    s.addBalance(A, UInt256.ONE); // alive again in the next transaction
    assertThat(s.sload(A, K)).isEqualTo(UInt256.ZERO);
    StateChanges second = s.commitTransaction();
    StateChanges both = first.then(second);
    AccountChange.Updated u = (AccountChange.Updated) both.accounts().get(A);
    assertThat(u.storageCleared()).isTrue();
    assertThat(u.info().balance()).isEqualTo(UInt256.ONE);
    InMemoryState applied = new InMemoryState();
    applied.put(A, 0, UInt256.ZERO, new byte[0]);
    applied.putStorage(A, K, UInt256.of(6));
    applied.apply(both);
    assertThat(applied.storage(A, K)).isEqualTo(UInt256.ZERO);
    assertThat(applied.account(A).balance()).isEqualTo(UInt256.ONE);
  }

  @Test
  void composedChangesEqualSequentialOnes() {
    reader.put(A, 0, UInt256.of(10), new byte[0]);
    reader.putStorage(A, K, UInt256.ONE);
    JournaledState s = new JournaledState(reader);
    s.sstore(A, K, UInt256.of(2));
    s.sstore(A, UInt256.ONE, UInt256.of(3));
    StateChanges first = s.commitTransaction();
    s.sstore(A, K, UInt256.ZERO);
    s.subBalance(A, UInt256.of(4));
    StateChanges second = s.commitTransaction();

    InMemoryState sequential = new InMemoryState();
    sequential.put(A, 0, UInt256.of(10), new byte[0]).putStorage(A, K, UInt256.ONE);
    sequential.apply(first);
    sequential.apply(second);
    InMemoryState composed = new InMemoryState();
    composed.put(A, 0, UInt256.of(10), new byte[0]).putStorage(A, K, UInt256.ONE);
    composed.apply(first.then(second));
    assertThat(composed.accounts()).isEqualTo(sequential.accounts());
    assertThat(composed.storageOf(A)).isEqualTo(sequential.storageOf(A));
    assertThat(composed.storageOf(A)).containsExactly(Map.entry(UInt256.ONE, UInt256.of(3)));
  }
}
