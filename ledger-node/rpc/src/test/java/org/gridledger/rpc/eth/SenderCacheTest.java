package org.gridledger.rpc.eth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.types.Address;
import org.junit.jupiter.api.Test;

class SenderCacheTest {
  @Test
  void recoversOnceAndThenAnswersFromTheCache() {
    Transaction tx = TestNet.store(TestNet.KEY1, 0, 7);
    SenderCache cache = new SenderCache(4);
    assertThat(cache.of(tx)).isEqualTo(TestNet.ADDR1);
    assertThat(cache.size()).isEqualTo(1);
    // A second answer comes from the map: planting another address under the hash shows it.
    cache.put(tx.hash(), TestNet.ADDR2);
    assertThat(cache.of(tx)).isEqualTo(TestNet.ADDR2);
  }

  @Test
  void keepsAtMostItsCapacityDroppingTheOldest() {
    SenderCache cache = new SenderCache(2);
    Transaction a = TestNet.store(TestNet.KEY1, 0, 1);
    Transaction b = TestNet.store(TestNet.KEY1, 1, 2);
    Transaction c = TestNet.store(TestNet.KEY2, 0, 3);
    cache.put(a.hash(), Address.ZERO);
    cache.put(b.hash(), TestNet.ADDR1);
    cache.put(c.hash(), TestNet.ADDR2);
    assertThat(cache.size()).isEqualTo(2);
    // a was dropped: its sender is recovered again (the real one, not the planted zero).
    assertThat(cache.of(a)).isEqualTo(TestNet.ADDR1);
    assertThat(cache.of(c)).isEqualTo(TestNet.ADDR2);
  }

  @Test
  void recoversTheMissingSendersOfABlockAtOnce() {
    SenderCache cache = new SenderCache(64);
    java.util.List<Transaction> txs = new java.util.ArrayList<>();
    for (int i = 0; i < 2 * SenderCache.PARALLEL_FROM; i++) {
      txs.add(TestNet.store(i % 2 == 0 ? TestNet.KEY1 : TestNet.KEY2, i / 2, i));
    }
    // one of them known already (planted, so a second recovery would show)
    cache.put(txs.get(0).hash(), Address.ZERO);
    cache.recoverMissing(txs);
    assertThat(cache.size()).isEqualTo(txs.size());
    assertThat(cache.of(txs.get(0))).isEqualTo(Address.ZERO);
    for (int i = 1; i < txs.size(); i++) {
      assertThat(cache.of(txs.get(i))).isEqualTo(i % 2 == 0 ? TestNet.ADDR1 : TestNet.ADDR2);
    }
    // a few transactions are left to the caller
    SenderCache small = new SenderCache(64);
    small.recoverMissing(txs.subList(0, SenderCache.PARALLEL_FROM - 1));
    assertThat(small.size()).isZero();
  }

  @Test
  void refusesANonPositiveCapacity() {
    assertThatThrownBy(() -> new SenderCache(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
