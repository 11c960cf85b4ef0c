package org.gridledger.network.rlpx;

import org.bouncycastle.crypto.digests.KeccakDigest;
import org.gridledger.evm.types.Keccak;
import org.gridledger.network.node.NodeId;

/**
 * The session secrets of one side of an RLPx connection (rlpx.md "Initial Handshake", "MAC"):
 *
 * <pre>
 * shared-secret = keccak256(ephemeral-key ‖ keccak256(recipient-nonce ‖ initiator-nonce))
 * aes-secret    = keccak256(ephemeral-key ‖ shared-secret)
 * mac-secret    = keccak256(ephemeral-key ‖ aes-secret)
 * initiator: egress = keccak((mac-secret ^ recipient-nonce) ‖ auth), ingress = keccak((mac-secret ^ initiator-nonce) ‖ ack)
 * recipient: egress = keccak((mac-secret ^ initiator-nonce) ‖ ack),  ingress = keccak((mac-secret ^ recipient-nonce) ‖ auth)
 * </pre>
 *
 * where auth and ack are the whole packets as sent (with the EIP-8 size prefix). Immutable: the MAC
 * accessors return fresh copies of the initial states.
 */
public final class Secrets {
  private final byte[] aesSecret;
  private final byte[] macSecret;
  private final KeccakDigest egress;
  private final KeccakDigest ingress;
  private final NodeId remoteId;

  private Secrets(
      byte[] aesSecret,
      byte[] macSecret,
      KeccakDigest egress,
      KeccakDigest ingress,
      NodeId remoteId) {
    this.aesSecret = aesSecret;
    this.macSecret = macSecret;
    this.egress = egress;
    this.ingress = ingress;
    this.remoteId = remoteId;
  }

  /**
   * Derives the secrets from the ephemeral ECDH result, both nonces and both handshake packets.
   *
   * @param initiator whether these are the initiator's secrets
   * @param ephemeralShared {@code ecdh.agree(ephemeral-privkey, remote-ephemeral-pubk)}
   * @param remoteId the remote node's static public key
   */
  public static Secrets derive(
      boolean initiator,
      byte[] ephemeralShared,
      byte[] initiatorNonce,
      byte[] recipientNonce,
      byte[] authPacket,
      byte[] ackPacket,
      NodeId remoteId) {
    byte[] sharedSecret =
        Keccak.hash(concat(ephemeralShared, Keccak.hash(concat(recipientNonce, initiatorNonce))));
    byte[] aesSecret = Keccak.hash(concat(ephemeralShared, sharedSecret));
    byte[] macSecret = Keccak.hash(concat(ephemeralShared, aesSecret));
    KeccakDigest macOverAuth = mac(macSecret, recipientNonce, authPacket);
    KeccakDigest macOverAck = mac(macSecret, initiatorNonce, ackPacket);
    return initiator
        ? new Secrets(aesSecret, macSecret, macOverAuth, macOverAck, remoteId)
        : new Secrets(aesSecret, macSecret, macOverAck, macOverAuth, remoteId);
  }

  private static KeccakDigest mac(byte[] macSecret, byte[] nonce, byte[] packet) {
    KeccakDigest d = new KeccakDigest(256);
    byte[] x = new byte[32];
    for (int i = 0; i < 32; i++) {
      x[i] = (byte) (macSecret[i] ^ nonce[i]);
    }
    d.update(x, 0, 32);
    d.update(packet, 0, packet.length);
    return d;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** The AES-256-CTR key of the frame ciphers (both directions use it; rlpx.md "Known Issues"). */
  public byte[] aesSecret() {
    return aesSecret.clone();
  }

  public byte[] macSecret() {
    return macSecret.clone();
  }

  /** A fresh copy of the initial egress MAC state. */
  public MacState egressMac() {
    return new MacState(new KeccakDigest(egress), macSecret);
  }

  /** A fresh copy of the initial ingress MAC state. */
  public MacState ingressMac() {
    return new MacState(new KeccakDigest(ingress), macSecret);
  }

  /** The remote node's static public key, authenticated by the handshake. */
  public NodeId remoteId() {
    return remoteId;
  }
}
