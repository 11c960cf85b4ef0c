package org.gridledger.network.rlpx;

import java.security.SecureRandom;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.crypto.Secp256k1;
import org.gridledger.evm.crypto.Signature;
import org.gridledger.evm.types.Keccak;
import org.gridledger.network.WireFormatException;
import org.gridledger.network.node.NodeId;

/**
 * The initiator's side of the RLPx handshake (rlpx.md "Initial Handshake", steps 1, 5): build and
 * send auth, receive ack, derive the {@link Secrets}. One instance per connection attempt; not
 * thread-safe.
 */
public final class InitiatorHandshake {
  private final PrivateKey staticKey;
  private final NodeId remoteId;
  private final PrivateKey ephemeralKey;
  private final byte[] nonce;
  private byte[] authSent;

  /**
   * @param staticKey this node's key
   * @param remoteId the recipient's static public key (from its enode URL)
   * @param ephemeralKey a fresh key for this connection only
   * @param nonce 32 fresh random bytes
   */
  public InitiatorHandshake(
      PrivateKey staticKey, NodeId remoteId, PrivateKey ephemeralKey, byte[] nonce) {
    if (nonce.length != 32) {
      throw new IllegalArgumentException("nonce must be 32 bytes");
    }
    this.staticKey = staticKey;
    this.remoteId = remoteId;
    this.ephemeralKey = ephemeralKey;
    this.nonce = nonce.clone();
  }

  /** The auth message: the ephemeral key's signature over {@code static-shared-secret ^ nonce}. */
  public AuthMessage authMessage() {
    byte[] shared = Ecdh.agree(staticKey, remoteId);
    byte[] signed = new byte[32];
    for (int i = 0; i < 32; i++) {
      signed[i] = (byte) (shared[i] ^ nonce[i]);
    }
    Signature sig = Secp256k1.sign(signed, ephemeralKey);
    return AuthMessage.of(sig, NodeId.of(staticKey), nonce);
  }

  /** The EIP-8 auth packet to send; remembered for the MAC derivation. */
  public byte[] authPacket(SecureRandom random) {
    authSent = HandshakePackets.encryptEip8(authMessage().encodeEip8(), remoteId, random);
    return authSent.clone();
  }

  /** A legacy (pre-EIP-8) auth packet to send; remembered for the MAC derivation. */
  public byte[] legacyAuthPacket(SecureRandom random) {
    byte[] plaintext = authMessage().encodeLegacy(Keccak.hash(ephemeralKey.publicKey()));
    authSent = HandshakePackets.encryptLegacy(plaintext, remoteId, random);
    return authSent.clone();
  }

  /**
   * Decrypts the recipient's ack and derives the session secrets.
   *
   * @throws WireFormatException if the ack does not decrypt or decode
   * @throws IllegalStateException if no auth packet was built yet
   */
  public Secrets onAck(byte[] ackPacket) {
    if (authSent == null) {
      throw new IllegalStateException("send the auth packet first");
    }
    return secrets(authSent, ackPacket);
  }

  /** Secrets for a given sent auth packet and received ack (used directly by the EIP-8 vectors). */
  public Secrets secrets(byte[] authPacket, byte[] ackPacket) {
    AckMessage ack = HandshakePackets.decryptAck(staticKey, ackPacket).message();
    byte[] ephemeralShared = Ecdh.agree(ephemeralKey, ack.ephemeralId());
    return Secrets.derive(
        true, ephemeralShared, nonce, ack.nonce(), authPacket, ackPacket, remoteId);
  }
}
