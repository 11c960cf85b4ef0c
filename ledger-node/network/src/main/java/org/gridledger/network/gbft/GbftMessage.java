package org.gridledger.network.gbft;

import java.util.Arrays;
import org.gridledger.core.rlp.RlpException;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.network.WireFormatException;
import org.gridledger.network.p2p.Capability;
import org.gridledger.network.p2p.SharedCapabilities;

/**
 * One consensus message of {@code gbft/1}: message id 0x00 (relative to the capability offset),
 * data {@code rlp(payload)}, the payload an opaque consensus message of at most {@link
 * #MAX_PAYLOAD} bytes. Immutable.
 */
public final class GbftMessage {
  public static final Capability CAPABILITY = new Capability("gbft", 1);

  /** The only message id. */
  public static final int CONSENSUS = 0x00;

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
