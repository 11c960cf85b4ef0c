package org.gridledger.network.rlpx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridledger.network.Eip8Vectors.*;

import java.util.Arrays;
import java.util.Random;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.network.WireFormatException;
import org.gridledger.network.node.NodeId;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
  /** Both sides' secrets for the EIP-8 (Auth₂, Ack₂) handshake. */
  static Secrets[] vectorSecrets() {
    RecipientHandshake recipient =
        new RecipientHandshake(
            PrivateKey.fromHex(STATIC_KEY_B), PrivateKey.fromHex(EPHEMERAL_KEY_B), hex(NONCE_B));
    recipient.onAuth(hex(AUTH_2));
    Secrets b = recipient.secrets(hex(ACK_2));
    Secrets a =
        new InitiatorHandshake(
                PrivateKey.fromHex(STATIC_KEY_A),
                NodeId.of(PrivateKey.fromHex(STATIC_KEY_B)),
                PrivateKey.fromHex(EPHEMERAL_KEY_A),
                hex(NONCE_A))
            .secrets(hex(AUTH_2), hex(ACK_2));
    return new Secrets[] {a, b};
  }

  @Test
  void framesOfManySizesRoundTripInBothDirections() {
    Secrets[] s = vectorSecrets();
    FrameCodec a = new FrameCodec(s[0]);
    FrameCodec b = new FrameCodec(s[1]);
    Random random = new Random(1);
    for (int size : new int[] {0, 1, 15, 16, 17, 31, 32, 1000, 70_000}) {
      byte[] data = new byte[size];
      random.nextBytes(data);
      byte[] frame = a.encode(data);
      assertThat(frame.length).isEqualTo(32 + ((size + 15) / 16) * 16 + 16);
      assertThat(b.decode(frame)).isEqualTo(data);
      byte[] back = b.encode(data);
      assertThat(a.decode(back)).isEqualTo(data);
      // The CTR streams differ per direction only by content: same key, same position, same data.
      assertThat(back).isNotEqualTo(frame);
    }
  }

  @Test
  void headerAndBodyDecodeSeparately() {
    Secrets[] s = vectorSecrets();
    FrameCodec a = new FrameCodec(s[0]);
    FrameCodec b = new FrameCodec(s[1]);
    byte[] data = {(byte) 0x80, (byte) 0xc0};
    byte[] frame = a.encode(data);
    int size = b.decodeHeader(Arrays.copyOf(frame, FrameCodec.HEADER_SIZE));
    assertThat(size).isEqualTo(2);
    assertThat(b.decodeBody(Arrays.copyOfRange(frame, 32, frame.length), size)).isEqualTo(data);
  }

  @Test
  void anyFlippedBitFailsAMac() {
    Secrets[] s = vectorSecrets();
    byte[] data = new byte[40];
    byte[] frame = new FrameCodec(s[0]).encode(data);
    for (int i = 0; i < frame.length; i += 7) {
      byte[] bad = frame.clone();
      bad[i] ^= 0x10;
      FrameCodec b = new FrameCodec(s[1]);
      assertThatThrownBy(() -> b.decode(bad))
          .isInstanceOf(WireFormatException.class)
          .hasMessageContaining("MAC mismatch");
    }
  }

  @Test
  void messageIdAndDataSplit() {
    RlpxMessage m = new RlpxMessage(0x10, new byte[] {(byte) 0xc1, 0x01});
    RlpxMessage back = RlpxMessage.decode(m.frameData());
    assertThat(back.code()).isEqualTo(0x10);
    assertThat(back.data()).isEqualTo(new byte[] {(byte) 0xc1, 0x01});
    assertThat(new RlpxMessage(0, new byte[] {(byte) 0xc0}).frameData())
        .isEqualTo(new byte[] {(byte) 0x80, (byte) 0xc0});
    assertThatThrownBy(() -> RlpxMessage.decode(new byte[0]))
        .isInstanceOf(WireFormatException.class);
  }
}
