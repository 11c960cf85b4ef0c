package org.gridledger.network.gbft;

import java.util.Arrays;
import java.util.List;
import org.gridledger.core.rlp.RlpException;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.evm.types.Hash;
import org.gridledger.network.WireFormatException;
import org.gridledger.network.p2p.Capability;
import org.gridledger.network.p2p.SharedCapabilities;

/**
 * One consensus message of {@code gbft}: message id 0x00 (relative to the capability offset), data
 * {@code rlp(payload)}, the payload an opaque consensus message of at most {@link #MAX_PAYLOAD}
 * bytes. Immutable.
 *
 * <p>{@code gbft/2} adds message id 0x01, Have: data {@code rlp(keccak256(payload))}, telling a
 * peer that the sender holds that consensus payload, so the peer need not relay it there ({@link
 * #encodeHave}, {@link #decodeHave}). {@code gbft/1} has the consensus message only.
 */
public final class GbftMessage {
  /** {@code gbft/1}: consensus messages only. */
  public static final Capability CAPABILITY = new Capability("gbft", 1);

  /** {@code gbft/2}: consensus messages and Have. */
  public static final Capability CAPABILITY_2 = new Capability("gbft", 2);

  /** The versions this node speaks, newest first. */
  public static final List<Integer> VERSIONS = List.of(2, 1);

  /** The consensus message's id. */
  public static final int CONSENSUS = 0x00;

  /** Have's id ({@code gbft/2}). */
  public static final int HAVE = 0x01;

  /** gbft/1's message count. */
  public static final int MESSAGE_COUNT = 1;

  /** Consensus messages are small (votes, round changes, a proposal referencing a block). */
  public static final int MAX_PAYLOAD = 1 << 20;

  public static final SharedCapabilities.Supported SUPPORTED =
      new SharedCapabilities.Supported(CAPABILITY, MESSAGE_COUNT);

  private final byte[] payload;

  public GbftMessage(byte[] payload) {
    if (payload.length > MAX_PAYLOAD) {
      throw new IllegalArgumentException("consensus payload above " + MAX_PAYLOAD + " bytes");
    }
    this.payload = payload.clone();
  }

  /**
   * Decodes a message from its relative id and data.
   *
   * @throws WireFormatException for another id, data that is not one RLP string, or a payload above
   *     {@link #MAX_PAYLOAD}
   */
  public static GbftMessage decode(int code, byte[] data) {
    if (code != CONSENSUS) {
      throw new WireFormatException("gbft message id " + code + " is unknown", 0);
    }
    try {
      RlpReader r = RlpReader.single(data);
      if (r.nextIsList()) {
        throw new WireFormatException("gbft payload must be an RLP string", 0);
      }
      byte[] payload = r.readBytes();
      if (payload.length > MAX_PAYLOAD) {
        throw new WireFormatException(
            "gbft payload of " + payload.length + " bytes above " + MAX_PAYLOAD, 0);
      }
      return new GbftMessage(payload);
    } catch (RlpException e) {
      throw new WireFormatException("malformed gbft message: " + e.getMessage(), e.offset(), e);
    }
  }

  /** {@code gbft/<version>}. */
  public static Capability capability(int version) {
    return new Capability("gbft", version);
  }

  /** How many message ids {@code gbft/<version>} uses. */
  public static int messageCount(int version) {
    return version >= 2 ? 2 : 1;
  }

  /** Have's data: {@code rlp(hash)}, the Keccak-256 of the payload the sender holds. */
  public static byte[] encodeHave(Hash payloadHash) {
    return RlpWriter.encodeBytes(payloadHash.toArray());
  }

  /**
   * The payload hash of a Have message.
   *
   * @throws WireFormatException for data that is not one RLP string of 32 bytes
   */
  public static Hash decodeHave(byte[] data) {
    try {
      RlpReader r = RlpReader.single(data);
      if (r.nextIsList()) {
        throw new WireFormatException("gbft Have must be an RLP string", 0);
      }
      byte[] hash = r.readBytes();
      if (hash.length != Hash.SIZE) {
        throw new WireFormatException("gbft Have of " + hash.length + " bytes, not 32", 0);
      }
      return Hash.wrap(hash);
    } catch (RlpException e) {
      throw new WireFormatException("malformed gbft Have: " + e.getMessage(), e.offset(), e);
    }
  }

  public byte[] encodeData() {
    return RlpWriter.encodeBytes(payload);
  }

  public byte[] payload() {
    return payload.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GbftMessage m && Arrays.equals(payload, m.payload);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "GbftMessage[" + payload.length + " bytes]";
  }
}
