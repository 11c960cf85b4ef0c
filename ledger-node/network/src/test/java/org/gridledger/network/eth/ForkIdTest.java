package org.gridledger.network.eth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.gridledger.evm.types.Hash;
import org.junit.jupiter.api.Test;

/** EIP-2124's published mainnet fork ids ("Test cases") and its validation rules. */
class ForkIdTest {
  private static final Hash MAINNET_GENESIS =
      Hash.fromHex("0xd4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3");

  /**
   * Homestead, DAO, Tangerine, Spurious, Byzantium, Constantinople and Petersburg (both 7280000).
   */
  private static final List<Long> MAINNET_FORKS =
      List.of(1_150_000L, 1_920_000L, 2_463_000L, 2_675_000L, 4_370_000L, 7_280_000L, 7_280_000L);

  private final ForkId.Schedule mainnet = new ForkId.Schedule(MAINNET_GENESIS, MAINNET_FORKS);

  @Test
  void mainnetVectorsOfEip2124() {
    long[][] cases = {
      {0, 0xfc64ec04L, 1150000},
      {1149999, 0xfc64ec04L, 1150000},
      {1150000, 0x97c2c34cL, 1920000},
      {1919999, 0x97c2c34cL, 1920000},
      {1920000, 0x91d1f948L, 2463000},
      {2462999, 0x91d1f948L, 2463000},
      {2463000, 0x7a64da13L, 2675000},
      {2674999, 0x7a64da13L, 2675000},
      {2675000, 0x3edd5b10L, 4370000},
      {4369999, 0x3edd5b10L, 4370000},
      {4370000, 0xa00bc324L, 7280000},
      {7279999, 0xa00bc324L, 7280000},
      {7280000, 0x668db0afL, 0},
      {7987396, 0x668db0afL, 0},
    };
    for (long[] c : cases) {
      assertThat(mainnet.forkId(c[0])).as("head %d", c[0]).isEqualTo(new ForkId((int) c[1], c[2]));
    }
  }

  @Test
  void aChainWithoutForksHasTheGenesisChecksumAndNoNextFork() {
    assertThat(ForkId.of(MAINNET_GENESIS)).isEqualTo(new ForkId(0xfc64ec04, 0));
    assertThat(ForkId.of(MAINNET_GENESIS).hashBytes()).containsExactly(0xfc, 0x64, 0xec, 0x04);
  }

  @Test
  void validationRules() {
    long petersburgHead = 7_987_396;
    // Rule 1: same state.
    assertThat(mainnet.accepts(new ForkId(0x668db0af, 0), petersburgHead)).isTrue();
    // Rule 1a: same checksum, but the remote announces a fork we have already passed.
    assertThat(mainnet.accepts(new ForkId(0xa00bc324, 4_370_000), 4_370_001)).isFalse();
    assertThat(mainnet.accepts(new ForkId(0xa00bc324, 7_280_000), 7_279_999)).isTrue();
    // Rule 2: remote at a past state, aware of the fork that followed it: it is syncing.
    assertThat(mainnet.accepts(new ForkId(0xa00bc324, 7_280_000), petersburgHead)).isTrue();
    // ... but unaware of it: stale software.
    assertThat(mainnet.accepts(new ForkId(0xa00bc324, 0), petersburgHead)).isFalse();
    // Rule 3: remote at a future state: we are syncing.
    assertThat(mainnet.accepts(new ForkId(0x668db0af, 0), 4_000_000)).isTrue();
    // Rule 4: unknown checksum.
    assertThat(mainnet.accepts(new ForkId(0x5cddc0e1, 0), petersburgHead)).isFalse();
  }
}
