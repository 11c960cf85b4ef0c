package org.gridledger.network.rlpx;

import java.math.BigInteger;
import java.util.Arrays;
import org.gridledger.core.rlp.RlpException;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.evm.crypto.Signature;
import org.gridledger.network.WireFormatException;
import org.gridledger.network.node.NodeId;

/**
 * The initiator's handshake message (rlpx.md "Initial Handshake", {@code auth-body}): the signature
 * by the initiator's ephemeral key over {@code static-shared-secret ^ initiator-nonce}, the
 * initiator's static public key, its nonce and the version (4).
 *
 * <p>Two plaintext encodings exist: EIP-8's RLP list {@code [sig, initiator-pubk, initiator-nonce,
 * auth-vsn, ...]} (extra elements and trailing padding ignored), and the legacy pre-EIP-8 fixed
 * layout {@code sig(65) ‖ keccak256(ephemeral-pubk)(32) ‖ pubk(64) ‖ nonce(32) ‖ 0x00}, which also
 * carries the hash of the ephemeral key. Immutable.
 */
public final class AuthMessage {
  /** Size of the legacy plaintext. */
  public static final int LEGACY_SIZE = 65 + 32 + 64 + 32 + 1;

  private final byte[] signature;
  private final NodeId initiatorId;
  private final byte[] nonce;
  private final long version;
  private final byte[] ephemeralKeyHash;

  private AuthMessage(
      byte[] signature, NodeId initiatorId, byte[] nonce, long version, byte[] ephemeralKeyHash) {
    this.signature = signature;
    this.initiatorId = initiatorId;
    this.nonce = nonce;
    this.version = version;
    this.ephemeralKeyHash = ephemeralKeyHash;
  }

  /** A version-4 auth message (EIP-8 format) from a signature and the initiator's values. */
  public static AuthMessage of(Signature signature, NodeId initiatorId, byte[] nonce) {
    if (nonce.length != 32) {
      throw new IllegalArgumentException("nonce must be 32 bytes");
    }
    return new AuthMessage(encodeSignature(signature), initiatorId, nonce.clone(), 4, null);
  }

  /**
   * Decodes an EIP-8 auth body: the first RLP item of {@code plaintext} (anything after it is
   * padding), a list whose extra elements are ignored.
   *
   * @throws WireFormatException for malformed input
   */
  public static AuthMessage decodeEip8(byte[] plaintext) {
    try {
      RlpReader list = new RlpReader(plaintext).readList();
      byte[] sig = list.readBytes(65, "auth signature");
      int idAt = list.position();
      NodeId id = nodeId(list.readBytes(64, "initiator public key"), idAt);
      byte[] nonce = list.readBytes(32, "initiator nonce");
      long version = list.readUnsignedLong();
      checkRecoveryId(sig);
      return new AuthMessage(sig, id, nonce, version, null);
    } catch (RlpException e) {
      throw new WireFormatException("malformed auth body: " + e.getMessage(), e.offset(), e);
    }
  }

  /**
   * Decodes a legacy (pre-EIP-8) auth plaintext of exactly {@value #LEGACY_SIZE} bytes.
   *
   * @throws WireFormatException for a wrong size or an invalid public key
   */
  public static AuthMessage decodeLegacy(byte[] plaintext) {
    if (plaintext.length != LEGACY_SIZE) {
      throw new WireFormatException(
          "legacy auth must be " + LEGACY_SIZE + " bytes, got " + plaintext.length, 0);
    }
    byte[] sig = Arrays.copyOfRange(plaintext, 0, 65);
    checkRecoveryId(sig);
    byte[] hash = Arrays.copyOfRange(plaintext, 65, 97);
    NodeId id = nodeId(Arrays.copyOfRange(plaintext, 97, 161), 97);
    byte[] nonce = Arrays.copyOfRange(plaintext, 161, 193);
    return new AuthMessage(sig, id, nonce, 4, hash);
  }

  private static void checkRecoveryId(byte[] sig) {
    if ((sig[64] & 0xff) > 1) {
      throw new WireFormatException("auth signature recovery id must be 0 or 1", 64);
    }
  }

  private static NodeId nodeId(byte[] key, int offset) {
    try {
      return NodeId.of(key);
    } catch (WireFormatException e) {
      throw new WireFormatException("initiator public key is not on the curve", offset, e);
    }
  }

  /** The EIP-8 body {@code [sig, initiator-pubk, initiator-nonce, auth-vsn]}, without padding. */
  public byte[] encodeEip8() {
    RlpWriter w = new RlpWriter();
    int mark = w.startList();
    w.writeBytes(signature).writeBytes(initiatorId.toArray()).writeBytes(nonce);
    w.writeUnsignedLong(version);
    return w.endList(mark).toByteArray();
  }

  /**
   * The legacy layout; {@code ephemeralKeyHash} is keccak256 of the initiator's ephemeral public
   * key (the field EIP-8 removed as redundant).
   */
  public byte[] encodeLegacy(byte[] ephemeralKeyHash) {
    byte[] out = new byte[LEGACY_SIZE];
    System.arraycopy(signature, 0, out, 0, 65);
    System.arraycopy(ephemeralKeyHash, 0, out, 65, 32);
    System.arraycopy(initiatorId.toArray(), 0, out, 97, 64);
    System.arraycopy(nonce, 0, out, 161, 32);
    return out;
  }

  /** The signature as r, s and recovery id. */
  public Signature signature() {
    return new Signature(
        new BigInteger(1, Arrays.copyOfRange(signature, 0, 32)),
        new BigInteger(1, Arrays.copyOfRange(signature, 32, 64)),
        signature[64] & 0xff);
  }

  public NodeId initiatorId() {
    return initiatorId;
  }

  public byte[] nonce() {
    return nonce.clone();
  }

  /** The {@code auth-vsn}; peers must ignore mismatches (EIP-8). Legacy messages report 4. */
  public long version() {
    return version;
  }

  /** keccak256 of the ephemeral public key: present only in legacy messages. */
  public byte[] ephemeralKeyHash() {
    return ephemeralKeyHash == null ? null : ephemeralKeyHash.clone();
  }

  static byte[] encodeSignature(Signature sig) {
    byte[] out = new byte[65];
    put32(sig.r(), out, 0);
    put32(sig.s(), out, 32);
    out[64] = (byte) sig.recId();
    return out;
  }

  static void put32(BigInteger v, byte[] out, int offset) {
    byte[] b = v.toByteArray();
    int len = Math.min(b.length, 32);
    System.arraycopy(b, b.length - len, out, offset + 32 - len, len);
  }
}
