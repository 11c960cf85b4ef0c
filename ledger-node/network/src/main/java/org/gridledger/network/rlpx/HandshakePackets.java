package org.gridledger.network.rlpx;

import java.security.SecureRandom;
import java.util.Arrays;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.network.WireFormatException;
import org.gridledger.network.node.NodeId;

/**
 * Encryption and decryption of the two handshake packets (rlpx.md "Initial Handshake", EIP-8). An
 * EIP-8 packet is {@code size(2, big-endian) ‖ ecies.encrypt(recipient, body ‖ padding, size)}: the
 * size prefix is the ECIES shared MAC data. A legacy packet is a bare ECIES ciphertext of a fixed
 * size ({@value #LEGACY_AUTH_SIZE} bytes for auth, {@value #LEGACY_ACK_SIZE} for ack) without
 * shared MAC data. Decryption accepts both (EIP-8: "all valid version 4 packets are still
 * accepted"). Stateless.
 */
public final class HandshakePackets {
  /** Size of a legacy auth packet: 194 bytes of plaintext plus the ECIES overhead. */
  public static final int LEGACY_AUTH_SIZE = AuthMessage.LEGACY_SIZE + Ecies.OVERHEAD;

  /** Size of a legacy ack packet: 97 bytes of plaintext plus the ECIES overhead. */
  public static final int LEGACY_ACK_SIZE = AckMessage.LEGACY_SIZE + Ecies.OVERHEAD;

  /** The largest EIP-8 packet this implementation reads; real ones are under 1 KiB. */
  public static final int MAX_EIP8_SIZE = 2048;

  private HandshakePackets() {}

  /** A decrypted auth packet and whether it used the EIP-8 format. */
  public record DecodedAuth(AuthMessage message, boolean eip8) {}

  /** A decrypted ack packet and whether it used the EIP-8 format. */
  public record DecodedAck(AckMessage message, boolean eip8) {}

  /**
   * An EIP-8 packet: {@code body} followed by 100..300 random padding bytes (EIP-8 recommends
   * padding so the format differs in size from the legacy one and varies between packets).
   */
  public static byte[] encryptEip8(byte[] body, NodeId recipient, SecureRandom random) {
    byte[] padding = new byte[100 + random.nextInt(201)];
    random.nextBytes(padding);
    byte[] plaintext = Arrays.copyOf(body, body.length + padding.length);
    System.arraycopy(padding, 0, plaintext, body.length, padding.length);
    int size = plaintext.length + Ecies.OVERHEAD;
    byte[] prefix = {(byte) (size >>> 8), (byte) size};
    byte[] ciphertext = Ecies.encrypt(recipient, plaintext, prefix, random);
    byte[] packet = new byte[2 + ciphertext.length];
    packet[0] = prefix[0];
    packet[1] = prefix[1];
    System.arraycopy(ciphertext, 0, packet, 2, ciphertext.length);
    return packet;
  }

  /** A legacy packet: the bare ECIES ciphertext of the fixed-layout plaintext. */
  public static byte[] encryptLegacy(byte[] plaintext, NodeId recipient, SecureRandom random) {
    return Ecies.encrypt(recipient, plaintext, new byte[0], random);
  }

  /**
   * Decrypts an auth packet in either format.
   *
   * @throws WireFormatException if it is neither a valid legacy nor a valid EIP-8 packet
   */
  public static DecodedAuth decryptAuth(PrivateKey key, byte[] packet) {
    if (packet.length == LEGACY_AUTH_SIZE && packet[0] == 0x04) {
      byte[] plaintext = tryLegacy(key, packet);
      if (plaintext != null) {
        return new DecodedAuth(AuthMessage.decodeLegacy(plaintext), false);
      }
    }
    return new DecodedAuth(AuthMessage.decodeEip8(decryptEip8(key, packet, "auth")), true);
  }

  /**
   * Decrypts an ack packet in either format.
   *
   * @throws WireFormatException if it is neither a valid legacy nor a valid EIP-8 packet
   */
  public static DecodedAck decryptAck(PrivateKey key, byte[] packet) {
    if (packet.length == LEGACY_ACK_SIZE && packet[0] == 0x04) {
      byte[] plaintext = tryLegacy(key, packet);
      if (plaintext != null) {
        return new DecodedAck(AckMessage.decodeLegacy(plaintext), false);
      }
    }
    return new DecodedAck(AckMessage.decodeEip8(decryptEip8(key, packet, "ack")), true);
  }

  private static byte[] tryLegacy(PrivateKey key, byte[] packet) {
    try {
      return Ecies.decrypt(key, packet, new byte[0]);
    } catch (WireFormatException notLegacy) {
      return null;
    }
  }

  private static byte[] decryptEip8(PrivateKey key, byte[] packet, String what) {
    if (packet.length < 2) {
      throw new WireFormatException(what + " packet has no size prefix", 0);
    }
    int size = ((packet[0] & 0xff) << 8) | (packet[1] & 0xff);
    if (size != packet.length - 2) {
      throw new WireFormatException(
          what + " size prefix says " + size + " bytes, packet has " + (packet.length - 2), 0);
    }
    return Ecies.decrypt(
        key, Arrays.copyOfRange(packet, 2, packet.length), new byte[] {packet[0], packet[1]});
  }
}
