package org.gridledger.app.bft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.junit.jupiter.api.Test;

class KnownTransactionsTest {
  private static Hash hash(int i) {
    return Keccak.of(new byte[] {(byte) (i >> 8), (byte) i});
  }

  @Test
  void eachPeerHasItsOwnSet() {
    KnownTransactions<String> known = new KnownTransactions<>(10);
    known.add("a", hash(1));

    assertThat(known.has("a", hash(1))).isTrue();
    assertThat(known.has("a", hash(2))).isFalse();
    assertThat(known.has("b", hash(1))).as("another peer").isFalse();
  }

  @Test
  void keepsTheLatestHashesUpToItsCapacity() {
    KnownTransactions<String> known = new KnownTransactions<>(3);
    for (int i = 0; i < 5; i++) {
      known.add("a", hash(i));
    }

    assertThat(known.has("a", hash(0))).isFalse();
    assertThat(known.has("a", hash(1))).isFalse();
    assertThat(known.has("a", hash(2))).isTrue();
    assertThat(known.has("a", hash(4))).isTrue();
  }

  @Test
  void refusesANonPositiveCapacity() {
    assertThatThrownBy(() -> new KnownTransactions<String>(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
