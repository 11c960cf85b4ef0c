package org.gridledger.network.rlpx;

import static org.gridledger.network.Eip8Vectors.*;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.network.WireFormatException;

/**
 * Fuzz targets for the handshake messages: encrypted packets as received by either side, and the
 * plaintext bodies in both formats. Any input gives a message or {@link WireFormatException}.
 * Seeds: the EIP-8 auth/ack vectors and their decrypted bodies.
 */
class HandshakeFuzzTest {
  private static final PrivateKey KEY_A = PrivateKey.fromHex(STATIC_KEY_A);
  private static final PrivateKey KEY_B = PrivateKey.fromHex(STATIC_KEY_B);
  private static final PrivateKey EPH_B = PrivateKey.fromHex(EPHEMERAL_KEY_B);

  @FuzzTest(maxDuration = "5m")
  void decryptPackets(byte[] input) {
    try {
      new RecipientHandshake(KEY_B, EPH_B, new byte[32]).onAuth(input);
    } catch (WireFormatException rejected) {
      // not an auth packet for B
    }
    try {
      HandshakePackets.decryptAck(KEY_A, input);
    } catch (WireFormatException rejected) {
      // not an ack packet for A
    }
  }

  @FuzzTest(maxDuration = "5m")
  void decodeBodies(byte[] input) {
    try {
      AuthMessage.decodeEip8(input).encodeEip8();
    } catch (WireFormatException rejected) {
      // not an EIP-8 auth body
    }
    try {
      AuthMessage.decodeLegacy(input);
    } catch (WireFormatException rejected) {
      // not a legacy auth body
    }
    try {
      AckMessage.decodeEip8(input).encodeEip8();
    } catch (WireFormatException rejected) {
      // not an EIP-8 ack body
    }
    try {
      AckMessage.decodeLegacy(input);
    } catch (WireFormatException rejected) {
      // not a legacy ack body
    }
  }
}
