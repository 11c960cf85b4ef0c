package org.gridledger.rpc.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.gridledger.evm.types.Hex;
import org.junit.jupiter.api.Test;

/**
 * Revert data written out by hand from the Solidity ABI specification: selector, then the head word
 * (offset 0x20), then the length word and the padded UTF-8 bytes.
 */
class RevertReasonTest {
  private static final String WORD_0X20 = "0".repeat(62) + "20";

  @Test
  void errorString() {
    // Error("Not enough Ether provided.") — 26 bytes = 0x1a.
    String text = "4e6f7420656e6f7567682045746865722070726f76696465642e";
    String data =
        "08c379a0" + WORD_0X20 + "0".repeat(62) + "1a" + text + "0".repeat(64 - text.length());
    assertThat(RevertReason.decode(Hex.decode(data))).contains("Not enough Ether provided.");
  }

  @Test
  void panicCodes() {
    assertThat(RevertReason.decode(Hex.decode("4e487b71" + "0".repeat(62) + "11")))
        .contains("arithmetic underflow or overflow");
    assertThat(RevertReason.decode(Hex.decode("4e487b71" + "0".repeat(62) + "01")))
        .contains("assert(false)");
    assertThat(RevertReason.decode(Hex.decode("4e487b71" + "0".repeat(62) + "99")))
        .contains("unknown panic code: 0x99");
  }

  @Test
  void malformedOrCustomHasNoReason() {
    assertThat(RevertReason.decode(new byte[0])).isEmpty();
    assertThat(RevertReason.decode(Hex.decode("08c379a0"))).isEmpty();
    // Offset pointing past the end.
    assertThat(RevertReason.decode(Hex.decode("08c379a0" + "0".repeat(62) + "40"))).isEmpty();
    // Length larger than the data.
    assertThat(RevertReason.decode(Hex.decode("08c379a0" + WORD_0X20 + "0".repeat(62) + "05")))
        .isEmpty();
    // Not a multiple of 32 bytes.
    assertThat(RevertReason.decode(Hex.decode("08c379a0" + WORD_0X20 + "00"))).isEmpty();
    // A custom error selector.
    assertThat(RevertReason.decode(Hex.decode("deadbeef" + WORD_0X20))).isEmpty();
  }
}
