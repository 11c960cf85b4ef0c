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
  void refusesANonPositiveCapacity() {
    assertThatThrownBy(() -> new SenderCache(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
