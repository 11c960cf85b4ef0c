package org.gridledger.network.eth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.gridledger.evm.types.Hash;
import org.gridledger.network.WireFormatException;
import org.gridledger.network.gbft.GbftMessage;

/** Fuzz targets for the eth/68, eth/69, eth/70 and gbft/2 decoders; see docs/fuzzing.md. */
class EthMessageFuzzTest {
  /**
   * The first byte is the relative message id (mod 17), the rest the message data: a message or
   * {@link WireFormatException}; an accepted message re-encodes to data that decodes to an equal
   * message.
   */
  @FuzzTest(maxDuration = "5m")
  void decodeMessage(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int code = (input[0] & 0xff) % EthMessage.MESSAGE_COUNT;
    byte[] data = Arrays.copyOfRange(input, 1, input.length);
    EthMessage m;
    try {
      m = EthMessage.decode(code, data);
    } catch (WireFormatException rejected) {
      return;
    }
    assertThat(m.code()).isEqualTo(code);
    assertThat(EthMessage.decode(code, m.encodeData())).isEqualTo(m);
  }

  /**
   * eth/69: the first byte is the relative message id (mod 18), the rest the message data: a
   * message that is part of eth/69 or {@link WireFormatException}; an accepted message re-encodes
   * to data that decodes to an equal message.
   */
  @FuzzTest(maxDuration = "5m")
  void decodeMessage69(byte[] input) {
    decodeIn(EthMessage.ETH69, input);
  }

  /** eth/70: as {@link #decodeMessage69}, in eth/70 (the receipt messages differ). */
  @FuzzTest(maxDuration = "5m")
  void decodeMessage70(byte[] input) {
    decodeIn(EthMessage.ETH70, input);
  }

  private static void decodeIn(int version, byte[] input) {
    if (input.length == 0) {
      return;
    }
    int code = (input[0] & 0xff) % EthMessage.messageCount(version);
    byte[] data = Arrays.copyOfRange(input, 1, input.length);
    EthMessage m;
    try {
      m = EthMessage.decode(version, code, data);
    } catch (WireFormatException rejected) {
      return;
    }
    assertThat(m.code()).isEqualTo(code);
    assertThat(EthMessage.isPartOf(m, version)).isTrue();
    assertThat(EthMessage.decode(version, code, m.encodeData())).isEqualTo(m);
  }

  /** Any data as a gbft message: a payload or {@link WireFormatException}; payloads round-trip. */
  @FuzzTest(maxDuration = "5m")
  void decodeGbft(byte[] input) {
    GbftMessage m;
    try {
      m = GbftMessage.decode(GbftMessage.CONSENSUS, input);
    } catch (WireFormatException rejected) {
      return;
    }
    assertThat(m.encodeData()).isEqualTo(input);
  }

  /**
   * Any data as a gbft/2 Have: a 32-byte payload hash or {@link WireFormatException}; an accepted
   * one re-encodes to the input.
   */
  @FuzzTest(maxDuration = "5m")
  void decodeGbftHave(byte[] input) {
    Hash h;
    try {
      h = GbftMessage.decodeHave(input);
    } catch (WireFormatException rejected) {
      return;
    }
    assertThat(GbftMessage.encodeHave(h)).isEqualTo(input);
  }
}
