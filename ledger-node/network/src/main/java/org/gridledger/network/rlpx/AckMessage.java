package org.gridledger.network.rlpx;

import java.util.Arrays;
import org.gridledger.core.rlp.RlpException;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.network.WireFormatException;
import org.gridledger.network.node.NodeId;

/**
 * The recipient's handshake reply (rlpx.md "Initial Handshake", {@code ack-body}): its ephemeral
 * public key, its nonce and the version (4). EIP-8 encodes {@code [recipient-ephemeral-pubk,
 * recipient-nonce, ack-vsn, ...]} (extra elements and trailing padding ignored); the legacy layout
 * is {@code ephemeral-pubk(64) ‖ nonce(32) ‖ 0x00}. Immutable.
 */
public final class AckMessage {
  /** Size of the legacy plaintext. */
  public static final int LEGACY_SIZE = 64 + 32 + 1;

  private final NodeId ephemeralId;
  private final byte[] nonce;
  private final long version;

  private AckMessage(NodeId ephemeralId, byte[] nonce, long version) {
    this.ephemeralId = ephemeralId;
    this.nonce = nonce;
    this.version = version;
  }

  /** A version-4 ack. */
  public static AckMessage of(NodeId ephemeralId, byte[] nonce) {
    if (nonce.length != 32) {
      throw new IllegalArgumentException("nonce must be 32 bytes");
    }
    return new AckMessage(ephemeralId, nonce.clone(), 4);
  }

  /**
   * Decodes an EIP-8 ack body (first RLP item of {@code plaintext}; the rest is padding).
   *
   * @throws WireFormatException for malformed input
   */
  public static AckMessage decodeEip8(byte[] plaintext) {
    try {
      RlpReader list = new RlpReader(plaintext).readList();
      int idAt = list.position();
      NodeId id = nodeId(list.readBytes(64, "recipient ephemeral public key"), idAt);
      byte[] nonce = list.readBytes(32, "recipient nonce");
      long version = list.readUnsignedLong();
      return new AckMessage(id, nonce, version);
    } catch (RlpException e) {
      throw new WireFormatException("malformed ack body: " + e.getMessage(), e.offset(), e);
    }
  }

  /**
   * Decodes a legacy ack plaintext of exactly {@value #LEGACY_SIZE} bytes.
   *
   * @throws WireFormatException for a wrong size or an invalid public key
   */
  public static AckMessage decodeLegacy(byte[] plaintext) {
    if (plaintext.length != LEGACY_SIZE) {
      throw new WireFormatException(
          "legacy ack must be " + LEGACY_SIZE + " bytes, got " + plaintext.length, 0);
    }
    NodeId id = nodeId(Arrays.copyOfRange(plaintext, 0, 64), 0);
    return new AckMessage(id, Arrays.copyOfRange(plaintext, 64, 96), 4);
  }

  private static NodeId nodeId(byte[] key, int offset) {
    try {
      return NodeId.of(key);
    } catch (WireFormatException e) {
      throw new WireFormatException("ephemeral public key is not on the curve", offset, e);
    }
  }

  /** The EIP-8 body without padding. */
  public byte[] encodeEip8() {
    RlpWriter w = new RlpWriter();
    int mark = w.startList();
    w.writeBytes(ephemeralId.toArray()).writeBytes(nonce).writeUnsignedLong(version);
    return w.endList(mark).toByteArray();
  }

  /** The legacy layout. */
  public byte[] encodeLegacy() {
    byte[] out = new byte[LEGACY_SIZE];
    System.arraycopy(ephemeralId.toArray(), 0, out, 0, 64);
    System.arraycopy(nonce, 0, out, 64, 32);
    return out;
  }

  public NodeId ephemeralId() {
    return ephemeralId;
  }

  public byte[] nonce() {
    return nonce.clone();
  }

  /** The {@code ack-vsn}; peers must ignore mismatches (EIP-8). Legacy messages report 4. */
  public long version() {
    return version;
  }
}
