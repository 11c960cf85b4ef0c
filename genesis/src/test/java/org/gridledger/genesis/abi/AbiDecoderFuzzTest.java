package org.gridledger.genesis.abi;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Fuzz target for the ABI decoder: any bytes either decode or throw {@link AbiException}, never
 * anything else (see docs/fuzzing.md for running it in fuzzing mode).
 */
class AbiDecoderFuzzTest {
  private static final List<AbiType> TYPES =
      ((AbiType.Tuple) AbiType.parse("(uint64,string,(uint32,bytes)[],bool[2],address,int16)"))
          .components();

  @FuzzTest(maxDuration = "5m")
  void decodesOrThrowsAbiException(byte[] data) {
    try {
      AbiDecoder.decode(TYPES, data);
    } catch (AbiException expected) {
      // bad input is reported, not crashed on
    }
  }
}
