package org.gridledger.network.rlpx;

import java.security.MessageDigest;
import java.security.SecureRandom;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.crypto.Secp256k1;
import org.gridledger.evm.types.Keccak;
import org.gridledger.network.WireFormatException;
import org.gridledger.network.node.NodeId;

/**
 * The recipient's side of the RLPx handshake (rlpx.md "Initial Handshake", steps 2-4): decrypt and
 * verify auth (recover the initiator's ephemeral key from the signature), answer with ack in the
 * format the initiator used, derive the {@link Secrets}. One instance per accepted connection; not
 * thread-safe.
 */
public final class RecipientHandshake {
  private final PrivateKey staticKey;
  private final PrivateKey ephemeralKey;
  private final byte[] nonce;
  private AuthMessage auth;
  private boolean eip8;
  private byte[] authReceived;
  private NodeId remoteEphemeral;
  private byte[] ackSent;

  /**
   * @param staticKey this node's key
   * @param ephemeralKey a fresh key for this connection only
   * @param nonce 32 fresh random bytes
   */
  public RecipientHandshake(PrivateKey staticKey, PrivateKey ephemeralKey, byte[] nonce) {
    if (nonce.length != 32) {
      throw new IllegalArgumentException("nonce must be 32 bytes");
    }
    this.staticKey = staticKey;
    this.ephemeralKey = ephemeralKey;
    this.nonce = nonce.clone();
  }

  /**
   * Decrypts and verifies the initiator's auth packet.
   *
   * @throws WireFormatException if it does not decrypt, decode, or its signature does not recover
   *     to a key (or, in the legacy format, to the key whose hash it carries)
   */
  public AuthMessage onAuth(byte[] authPacket) {
    HandshakePackets.DecodedAuth decoded = HandshakePackets.decryptAuth(staticKey, authPacket);
    AuthMessage message = decoded.message();
    byte[] shared = Ecdh.agree(staticKey, message.initiatorId());
    byte[] nonceI = message.nonce();
    byte[] signed = new byte[32];
    for (int i = 0; i < 32; i++) {
      signed[i] = (byte) (shared[i] ^ nonceI[i]);
    }
    byte[] ephemeral = Secp256k1.recoverPublicKey(signed, message.signature());
    if (ephemeral == null) {
      throw new WireFormatException("auth signature does not recover to a public key", -1);
    }
    byte[] hash = message.ephemeralKeyHash();
    if (hash != null && !MessageDigest.isEqual(hash, Keccak.hash(ephemeral))) {
      throw new WireFormatException("auth ephemeral key hash does not match its signature", 65);
    }
    this.auth = message;
    this.eip8 = decoded.eip8();
    this.authReceived = authPacket.clone();
    this.remoteEphemeral = NodeId.of(ephemeral);
    return message;
  }

  /** The initiator's static public key, after {@link #onAuth}. */
  public NodeId remoteId() {
    requireAuth();
    return auth.initiatorId();
  }

  /** The initiator's ephemeral public key recovered from the auth signature. */
  public NodeId remoteEphemeralId() {
    requireAuth();
    return remoteEphemeral;
  }

  /** The ack packet to send, EIP-8 if the auth was EIP-8 and legacy otherwise; remembered. */
  public byte[] ackPacket(SecureRandom random) {
    requireAuth();
    AckMessage ack = AckMessage.of(NodeId.of(ephemeralKey), nonce);
    ackSent =
        eip8
            ? HandshakePackets.encryptEip8(ack.encodeEip8(), auth.initiatorId(), random)
            : HandshakePackets.encryptLegacy(ack.encodeLegacy(), auth.initiatorId(), random);
    return ackSent.clone();
  }

  /** The session secrets, after {@link #ackPacket}. */
  public Secrets secrets() {
    if (ackSent == null) {
      throw new IllegalStateException("send the ack packet first");
    }
    return secrets(ackSent);
  }

  /** Secrets for a given sent ack packet (used directly by the EIP-8 vectors). */
  public Secrets secrets(byte[] ackPacket) {
    requireAuth();
    byte[] ephemeralShared = Ecdh.agree(ephemeralKey, remoteEphemeral);
    return Secrets.derive(
        false, ephemeralShared, auth.nonce(), nonce, authReceived, ackPacket, auth.initiatorId());
  }

  private void requireAuth() {
    if (auth == null) {
      throw new IllegalStateException("no auth packet received yet");
    }
  }
}
