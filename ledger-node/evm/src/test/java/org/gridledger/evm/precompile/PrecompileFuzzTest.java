package org.gridledger.evm.precompile;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.List;
import org.gridledger.evm.types.Address;

/**
 * Jazzer target: whatever the input, a precompile's {@code gas} and {@code run} return normally
 * (never throw) and leave the input as it was. The first byte picks the precompile (modulo their
 * number), the rest is its input. Under Surefire this replays the seeds in {@code
 * PrecompileFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class PrecompileFuzzTest {
  /** Like a caller, only run what a generous gas budget pays for (keeps modexp/blake2f short). */
  private static final long GAS_CAP = 2_000_000;

  private static final Precompiles CANCUN = Precompiles.cancun();

  @FuzzTest(maxDuration = "30s")
  void neverThrowsNorModifiesInput(byte[] data) {
    if (data.length == 0) {
      return;
    }
    List<Address> addresses = CANCUN.addresses();
    Precompile precompile = CANCUN.get(addresses.get((data[0] & 0xff) % addresses.size()));
    byte[] input = Arrays.copyOfRange(data, 1, data.length);
    byte[] copy = input.clone();

    long gas = precompile.gas(input);
    assertThat(gas).isNotNegative();
    if (gas <= GAS_CAP) {
      byte[] output = precompile.run(input);
      if (output != null) {
        assertThat(output).isNotSameAs(input);
      }
    }
    assertThat(input).isEqualTo(copy);
  }
}
