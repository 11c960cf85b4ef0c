package org.gridledger.network.rlpx;

import org.gridledger.core.rlp.RlpException;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.network.WireFormatException;

/**
 * One message as carried in a frame (rlpx.md "Message Encoding"): {@code frame-data = msg-id ‖
 * msg-data}, the id an RLP integer, the data the RLP of the message (Snappy-compressed by {@link
 * org.gridledger.network.p2p.P2pPeer} after Hello when both sides speak p2p version 5). The id
 * space is shared by the capabilities (rlpx.md "Message ID-based Multiplexing"). Immutable.
 */
public final class RlpxMessage {
  private final int code;
  private final byte[] data;

  public RlpxMessage(int code, byte[] data) {
    if (code < 0) {
      throw new IllegalArgumentException("message id must be non-negative");
    }
    this.code = code;
    this.data = data.clone();
  }

  /**
   * Splits frame data into id and data.
   *
   * @throws WireFormatException if the frame data does not start with an RLP integer
   */
  public static RlpxMessage decode(byte[] frameData) {
    try {
      RlpReader r = new RlpReader(frameData);
      int code = r.readInt();
      byte[] data = new byte[frameData.length - r.position()];
      System.arraycopy(frameData, r.position(), data, 0, data.length);
      return new RlpxMessage(code, data);
    } catch (RlpException e) {
      throw new WireFormatException("malformed message id: " + e.getMessage(), e.offset(), e);
    }
  }

  /** {@code rlp(code) ‖ data}. */
  public byte[] frameData() {
    byte[] id = new RlpWriter().writeLong(code).toByteArray();
    byte[] out = new byte[id.length + data.length];
    System.arraycopy(id, 0, out, 0, id.length);
    System.arraycopy(data, 0, out, id.length, data.length);
    return out;
  }

  public int code() {
    return code;
  }

  public byte[] data() {
    return data.clone();
  }
}
