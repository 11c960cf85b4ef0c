package org.gridledger.network.discovery;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.crypto.Secp256k1;
import org.gridledger.evm.crypto.Signature;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.gridledger.network.WireFormatException;
import org.gridledger.network.node.NodeId;

/**
 * The discv4 datagram (discv4.md "Wire Protocol"): {@code hash(32) ‖ signature(65) ‖ packet-type(1)
 * ‖ packet-data}, where {@code signature = sign(keccak256(packet-type ‖ packet-data))} as {@code r
 * ‖ s ‖ v} and {@code hash = keccak256(signature ‖ packet-type ‖ packet-data)}. At most 1280 bytes.
 * The sender is the public key recovered from the signature. Stateless.
 */
public final class DiscoveryPacket {
  /** discv4.md: "The maximum size of any packet is 1280 bytes." */
  public static final int MAX_SIZE = 1280;

  /** hash, signature and type. */
  public static final int HEADER_SIZE = 32 + 65 + 1;

  private DiscoveryPacket() {}

  /** A decoded packet: its hash (what a Pong echoes), the recovered sender and the message. */
  public record Decoded(Hash hash, NodeId sender, DiscoveryMessage message) {}

  /** Signs and encodes a message. */
  public static byte[] encode(DiscoveryMessage message, PrivateKey key) {
    byte[] data = message.encode();
    byte[] signed = new byte[1 + data.length];
    signed[0] = (byte) message.type();
    System.arraycopy(data, 0, signed, 1, data.length);
    Signature sig = Secp256k1.sign(Keccak.hash(signed), key);
    byte[] packet = new byte[32 + 65 + signed.length];
    put32(sig.r(), packet, 32);
    put32(sig.s(), packet, 64);
    packet[96] = (byte) sig.recId();
    System.arraycopy(signed, 0, packet, 97, signed.length);
    byte[] hash = Keccak.hash(packet, 32, packet.length - 32);
    System.arraycopy(hash, 0, packet, 0, 32);
    if (packet.length > MAX_SIZE) {
      throw new IllegalArgumentException("packet of " + packet.length + " bytes exceeds 1280");
    }
    return packet;
  }

  /**
   * Decodes and authenticates a datagram: checks the size and hash, recovers the sender from the
   * signature and decodes the packet-data.
   *
   * @throws WireFormatException for any invalid datagram, naming the offset in it
   */
  public static Decoded decode(byte[] packet) {
    if (packet.length < HEADER_SIZE + 1) {
      throw new WireFormatException("packet of " + packet.length + " bytes is too short", 0);
    }
    if (packet.length > MAX_SIZE) {
      throw new WireFormatException("packet of " + packet.length + " bytes exceeds 1280", 0);
    }
    byte[] hash = Keccak.hash(packet, 32, packet.length - 32);
    if (!MessageDigest.isEqual(hash, Arrays.copyOf(packet, 32))) {
      throw new WireFormatException("packet hash mismatch", 0);
    }
    int recId = packet[96] & 0xff;
    if (recId > 1) {
      throw new WireFormatException("signature recovery id must be 0 or 1", 96);
    }
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(packet, 32, 64));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(packet, 64, 96));
    byte[] signedHash = Keccak.hash(packet, 97, packet.length - 97);
    byte[] sender = Secp256k1.recoverPublicKey(signedHash, recId, r, s);
    if (sender == null) {
      throw new WireFormatException("signature does not recover to a public key", 32);
    }
    int type = packet[97] & 0xff;
    byte[] data = Arrays.copyOfRange(packet, HEADER_SIZE, packet.length);
    DiscoveryMessage message;
    try {
      message = DiscoveryMessage.decode(type, data);
    } catch (WireFormatException e) {
      int offset = e.offset() < 0 ? -1 : HEADER_SIZE + e.offset();
      throw new WireFormatException(e.getMessage(), offset, e);
    }
    return new Decoded(Hash.wrap(hash), NodeId.of(sender), message);
  }

  private static void put32(BigInteger v, byte[] out, int offset) {
    byte[] b = v.toByteArray();
    int len = Math.min(b.length, 32);
    System.arraycopy(b, b.length - len, out, offset + 32 - len, len);
  }
}
