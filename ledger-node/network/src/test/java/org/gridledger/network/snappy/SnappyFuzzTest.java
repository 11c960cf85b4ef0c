package org.gridledger.network.snappy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.gridledger.network.WireFormatException;

/** Fuzz targets for the Snappy block codec; see docs/fuzzing.md. */
class SnappyFuzzTest {
  /** At most 1 MiB of output per input, so the fuzzer spends its time on the parser. */
  private static final int LIMIT = 1 << 20;

  /**
   * Any bytes as a compressed block: the declared number of bytes or {@link WireFormatException};
   * an accepted block's output survives our own compress/decompress round trip.
   */
  @FuzzTest(maxDuration = "5m")
  void decompress(byte[] input) {
    byte[] out;
    try {
      out = Snappy.decompress(input, LIMIT);
    } catch (WireFormatException rejected) {
      return;
    }
    assertThat((long) out.length).isEqualTo(Snappy.declaredLength(input));
    assertThat(Snappy.decompress(Snappy.compress(out), LIMIT)).isEqualTo(out);
  }

  /** Any bytes compress to a block that decompresses to them. */
  @FuzzTest(maxDuration = "5m")
  void roundTrip(byte[] input) {
    assertThat(Snappy.decompress(Snappy.compress(input), input.length)).isEqualTo(input);
  }
}
