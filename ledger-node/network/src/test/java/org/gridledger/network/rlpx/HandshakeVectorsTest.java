package org.gridledger.network.rlpx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridledger.network.Eip8Vectors.*;

import java.security.SecureRandom;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.crypto.Secp256k1;
import org.gridledger.evm.types.Hex;
import org.gridledger.network.WireFormatException;
import org.gridledger.network.node.NodeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The RLPx handshake test vectors of EIP-8 ("Test Vectors", "RLPx Handshake"). */
class HandshakeVectorsTest {
  private static final PrivateKey KEY_A = PrivateKey.fromHex(STATIC_KEY_A);
  private static final PrivateKey KEY_B = PrivateKey.fromHex(STATIC_KEY_B);
  private static final PrivateKey EPH_A = PrivateKey.fromHex(EPHEMERAL_KEY_A);
  private static final PrivateKey EPH_B = PrivateKey.fromHex(EPHEMERAL_KEY_B);

  @ParameterizedTest(name = "Auth{0}")
  @CsvSource({"1, false, 4", "2, true, 4", "3, true, 56"})
  void recipientDecryptsEveryAuthVector(int which, boolean eip8, long version) {
    byte[] packet = hex(which == 1 ? AUTH_1 : which == 2 ? AUTH_2 : AUTH_3);
    HandshakePackets.DecodedAuth decoded = HandshakePackets.decryptAuth(KEY_B, packet);
    assertThat(decoded.eip8()).isEqualTo(eip8);
    AuthMessage auth = decoded.message();
    assertThat(auth.version()).isEqualTo(version);
    assertThat(auth.initiatorId()).isEqualTo(NodeId.of(KEY_A));
    assertThat(Hex.encodeNoPrefix(auth.nonce())).isEqualTo(NONCE_A);

    RecipientHandshake recipient = new RecipientHandshake(KEY_B, EPH_B, hex(NONCE_B));
    recipient.onAuth(packet);
    assertThat(recipient.remoteId()).isEqualTo(NodeId.of(KEY_A));
    assertThat(recipient.remoteEphemeralId()).isEqualTo(NodeId.of(EPH_A));
  }

  @ParameterizedTest(name = "Ack{0}")
  @CsvSource({"1, false, 4", "2, true, 4", "3, true, 57"})
  void initiatorDecryptsEveryAckVector(int which, boolean eip8, long version) {
    byte[] packet = hex(which == 1 ? ACK_1 : which == 2 ? ACK_2 : ACK_3);
    HandshakePackets.DecodedAck decoded = HandshakePackets.decryptAck(KEY_A, packet);
    assertThat(decoded.eip8()).isEqualTo(eip8);
    assertThat(decoded.message().version()).isEqualTo(version);
    assertThat(decoded.message().ephemeralId()).isEqualTo(NodeId.of(EPH_B));
    assertThat(Hex.encodeNoPrefix(decoded.message().nonce())).isEqualTo(NONCE_B);
  }

  @Test
  void recipientDerivesThePublishedSecretsForAuth2Ack2() {
    RecipientHandshake recipient = new RecipientHandshake(KEY_B, EPH_B, hex(NONCE_B));
    recipient.onAuth(hex(AUTH_2));
    Secrets secrets = recipient.secrets(hex(ACK_2));
    assertThat(Hex.encodeNoPrefix(secrets.aesSecret())).isEqualTo(AES_SECRET);
    assertThat(Hex.encodeNoPrefix(secrets.macSecret())).isEqualTo(MAC_SECRET);
    MacState ingress = secrets.ingressMac();
    ingress.update("foo".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThat(Hex.encodeNoPrefix(ingress.digest())).isEqualTo(INGRESS_MAC_FOO);
  }

  @Test
  void initiatorDerivesTheSameSecretsAndItsEgressIsTheRecipientsIngress() {
    InitiatorHandshake initiator =
        new InitiatorHandshake(KEY_A, NodeId.of(KEY_B), EPH_A, hex(NONCE_A));
    Secrets secrets = initiator.secrets(hex(AUTH_2), hex(ACK_2));
    assertThat(Hex.encodeNoPrefix(secrets.aesSecret())).isEqualTo(AES_SECRET);
    assertThat(Hex.encodeNoPrefix(secrets.macSecret())).isEqualTo(MAC_SECRET);
    assertThat(secrets.remoteId()).isEqualTo(NodeId.of(KEY_B));
    MacState egress = secrets.egressMac();
    egress.update("foo".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThat(Hex.encodeNoPrefix(egress.digest())).isEqualTo(INGRESS_MAC_FOO);
  }

  @Test
  void legacyVectorsGiveMatchingSecretsOnBothSides() {
    RecipientHandshake recipient = new RecipientHandshake(KEY_B, EPH_B, hex(NONCE_B));
    recipient.onAuth(hex(AUTH_1));
    Secrets b = recipient.secrets(hex(ACK_1));
    Secrets a =
        new InitiatorHandshake(KEY_A, NodeId.of(KEY_B), EPH_A, hex(NONCE_A))
            .secrets(hex(AUTH_1), hex(ACK_1));
    assertThat(a.aesSecret()).isEqualTo(b.aesSecret());
    assertThat(a.macSecret()).isEqualTo(b.macSecret());
    assertThat(a.egressMac().digest()).isEqualTo(b.ingressMac().digest());
    assertThat(a.ingressMac().digest()).isEqualTo(b.egressMac().digest());
    assertThat(a.egressMac().digest()).isNotEqualTo(a.ingressMac().digest());
  }

  @Test
  void ourAuthSignatureRecoversToTheEphemeralKey() {
    InitiatorHandshake initiator =
        new InitiatorHandshake(KEY_A, NodeId.of(KEY_B), EPH_A, hex(NONCE_A));
    AuthMessage auth = initiator.authMessage();
    byte[] shared = Ecdh.agree(KEY_B, NodeId.of(KEY_A));
    byte[] signed = new byte[32];
    byte[] nonce = hex(NONCE_A);
    for (int i = 0; i < 32; i++) {
      signed[i] = (byte) (shared[i] ^ nonce[i]);
    }
    assertThat(Secp256k1.recoverPublicKey(signed, auth.signature())).isEqualTo(EPH_A.publicKey());
  }

  @Test
  void ownPacketsInBothFormatsCompleteTheHandshake() {
    SecureRandom random = new SecureRandom();
    for (boolean legacy : new boolean[] {false, true}) {
      InitiatorHandshake initiator =
          new InitiatorHandshake(KEY_A, NodeId.of(KEY_B), EPH_A, hex(NONCE_A));
      byte[] auth = legacy ? initiator.legacyAuthPacket(random) : initiator.authPacket(random);
      if (legacy) {
        assertThat(auth).hasSize(HandshakePackets.LEGACY_AUTH_SIZE);
      }
      RecipientHandshake recipient = new RecipientHandshake(KEY_B, EPH_B, hex(NONCE_B));
      recipient.onAuth(auth);
      byte[] ack = recipient.ackPacket(random);
      assertThat(ack.length == HandshakePackets.LEGACY_ACK_SIZE).isEqualTo(legacy);
      Secrets a = initiator.onAck(ack);
      Secrets b = recipient.secrets();
      assertThat(a.aesSecret()).isEqualTo(b.aesSecret());
      assertThat(a.egressMac().digest()).isEqualTo(b.ingressMac().digest());
      assertThat(a.ingressMac().digest()).isEqualTo(b.egressMac().digest());
    }
  }

  @Test
  void corruptedOrMisaddressedAuthIsRejected() {
    byte[] packet = hex(AUTH_2);
    packet[100] ^= 1;
    assertThatThrownBy(() -> HandshakePackets.decryptAuth(KEY_B, packet))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("tag mismatch");
    assertThatThrownBy(() -> HandshakePackets.decryptAuth(KEY_A, hex(AUTH_2)))
        .isInstanceOf(WireFormatException.class);
    assertThatThrownBy(() -> HandshakePackets.decryptAuth(KEY_B, new byte[] {1}))
        .isInstanceOf(WireFormatException.class);
  }
}
