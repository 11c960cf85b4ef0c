package org.gridledger.network.discovery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.gridledger.core.rlp.RlpException;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.evm.types.Hash;
import org.gridledger.network.WireFormatException;
import org.gridledger.network.node.NodeId;
import org.gridledger.network.node.NodeRecord;

/**
 * The packet-data of the discv4 packet types (discv4.md "Wire Protocol"). Decoding follows EIP-8:
 * the Ping version is not checked, extra list elements and data after the list are ignored.
 * Expirations are absolute UNIX times in seconds, unsigned 64-bit.
 */
public sealed interface DiscoveryMessage
    permits DiscoveryMessage.Ping,
        DiscoveryMessage.Pong,
        DiscoveryMessage.FindNode,
        DiscoveryMessage.Neighbors,
        DiscoveryMessage.EnrRequest,
        DiscoveryMessage.EnrResponse {
  int PING = 0x01;
  int PONG = 0x02;
  int FIND_NODE = 0x03;
  int NEIGHBORS = 0x04;
  int ENR_REQUEST = 0x05;
  int ENR_RESPONSE = 0x06;

  /** The packet-type byte. */
  int type();

  /** The RLP packet-data. */
  byte[] encode();

  /**
   * Decodes packet-data of a packet type: the first RLP item of {@code data} (anything after it is
   * ignored), which must be a list.
   *
   * @throws WireFormatException for an unknown type or malformed data; offsets are into {@code
   *     data}
   */
  static DiscoveryMessage decode(int type, byte[] data) {
    try {
      RlpReader list = new RlpReader(data).readList();
      return switch (type) {
        case PING -> Ping.decode(list);
        case PONG -> Pong.decode(list);
        case FIND_NODE -> FindNode.decode(list);
        case NEIGHBORS -> Neighbors.decode(list);
        case ENR_REQUEST -> new EnrRequest(list.readUnsignedLong());
        case ENR_RESPONSE -> EnrResponse.decode(list);
        default -> throw new WireFormatException("unknown discovery packet type " + type, 0);
      };
    } catch (RlpException e) {
      throw new WireFormatException("malformed packet-data: " + e.getMessage(), e.offset(), e);
    }
  }

  /**
   * EIP-868's optional {@code enr-seq}: present when the next element is an integer of at most 8
   * bytes. Anything else there is an EIP-8 extra element and ignored.
   */
  private static OptionalLong optionalSeq(RlpReader list) {
    if (!list.hasNext() || list.nextIsList()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(list.readUnsignedLong());
    } catch (RlpException notAnInteger) {
      return OptionalLong.empty();
    }
  }

  private static void writeSeq(RlpWriter w, OptionalLong seq) {
    if (seq.isPresent()) {
      w.writeUnsignedLong(seq.getAsLong());
    }
  }

  /** {@code [version, from, to, expiration, enr-seq?, ...]}. */
  record Ping(long version, Endpoint from, Endpoint to, long expiration, OptionalLong enrSeq)
      implements DiscoveryMessage {
    public Ping {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(enrSeq, "enrSeq");
    }

    static Ping decode(RlpReader list) {
      long version = list.readUnsignedLong();
      Endpoint from = Endpoint.readFrom(list);
      Endpoint to = Endpoint.readFrom(list);
      long expiration = list.readUnsignedLong();
      return new Ping(version, from, to, expiration, optionalSeq(list));
    }

    @Override
    public int type() {
      return PING;
    }

    @Override
    public byte[] encode() {
      RlpWriter w = new RlpWriter();
      int mark = w.startList();
      w.writeUnsignedLong(version);
      from.writeTo(w);
      to.writeTo(w);
      w.writeUnsignedLong(expiration);
      writeSeq(w, enrSeq);
      return w.endList(mark).toByteArray();
    }
  }

  /** {@code [to, ping-hash, expiration, enr-seq?, ...]}. */
  record Pong(Endpoint to, Hash pingHash, long expiration, OptionalLong enrSeq)
      implements DiscoveryMessage {
    public Pong {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(pingHash, "pingHash");
      Objects.requireNonNull(enrSeq, "enrSeq");
    }

    static Pong decode(RlpReader list) {
      Endpoint to = Endpoint.readFrom(list);
      Hash hash = Hash.wrap(list.readBytes(32, "ping hash"));
      long expiration = list.readUnsignedLong();
      return new Pong(to, hash, expiration, optionalSeq(list));
    }

    @Override
    public int type() {
      return PONG;
    }

    @Override
    public byte[] encode() {
      RlpWriter w = new RlpWriter();
      int mark = w.startList();
      to.writeTo(w);
      w.writeBytes(pingHash.toArray());
      w.writeUnsignedLong(expiration);
      writeSeq(w, enrSeq);
      return w.endList(mark).toByteArray();
    }
  }

  /**
   * {@code [target, expiration, ...]}. The target is 64 bytes but need not be a curve point:
   * lookups for random targets send random bytes, so it is not a {@link NodeId}.
   */
  final class FindNode implements DiscoveryMessage {
    private final byte[] target;
    private final long expiration;

    public FindNode(byte[] target, long expiration) {
      if (target.length != 64) {
        throw new IllegalArgumentException("target must be 64 bytes");
      }
      this.target = target.clone();
      this.expiration = expiration;
    }

    static FindNode decode(RlpReader list) {
      byte[] target = list.readBytes(64, "findnode target");
      return new FindNode(target, list.readUnsignedLong());
    }

    public byte[] target() {
      return target.clone();
    }

    public long expiration() {
      return expiration;
    }

    @Override
    public int type() {
      return FIND_NODE;
    }

    @Override
    public byte[] encode() {
      RlpWriter w = new RlpWriter();
      int mark = w.startList();
      w.writeBytes(target).writeUnsignedLong(expiration);
      return w.endList(mark).toByteArray();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof FindNode f
          && f.expiration == expiration
          && Arrays.equals(f.target, target);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(target) + Long.hashCode(expiration);
    }

    @Override
    public String toString() {
      return "FindNode[expiration=" + expiration + "]";
    }
  }

  /** One entry of Neighbors: {@code [ip, udp-port, tcp-port, node-id]}. */
  record NeighborNode(Endpoint endpoint, NodeId id) {
    public NeighborNode {
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(id, "id");
    }
  }

  /** {@code [nodes, expiration, ...]}. */
  record Neighbors(List<NeighborNode> nodes, long expiration) implements DiscoveryMessage {
    public Neighbors {
      nodes = List.copyOf(nodes);
    }

    static Neighbors decode(RlpReader list) {
      RlpReader nodesList = list.readList();
      List<NeighborNode> nodes = new ArrayList<>();
      while (nodesList.hasNext()) {
        RlpReader node = nodesList.readList();
        Endpoint endpoint = Endpoint.readFields(node);
        int at = node.position();
        byte[] key = node.readBytes(64, "neighbor node id");
        NodeId id;
        try {
          id = NodeId.of(key);
        } catch (WireFormatException e) {
          throw new WireFormatException("neighbor node id is not a public key", at, e);
        }
        nodes.add(new NeighborNode(endpoint, id));
      }
      return new Neighbors(nodes, list.readUnsignedLong());
    }

    @Override
    public int type() {
      return NEIGHBORS;
    }

    @Override
    public byte[] encode() {
      RlpWriter w = new RlpWriter();
      int mark = w.startList();
      int nodesMark = w.startList();
      for (NeighborNode n : nodes) {
        int one = w.startList();
        w.writeBytes(n.endpoint().ip().getAddress());
        w.writeLong(n.endpoint().udpPort()).writeLong(n.endpoint().tcpPort());
        w.writeBytes(n.id().toArray());
        w.endList(one);
      }
      w.endList(nodesMark);
      w.writeUnsignedLong(expiration);
      return w.endList(mark).toByteArray();
    }
  }

  /** {@code [expiration, ...]} (EIP-868). */
  record EnrRequest(long expiration) implements DiscoveryMessage {
    @Override
    public int type() {
      return ENR_REQUEST;
    }

    @Override
    public byte[] encode() {
      RlpWriter w = new RlpWriter();
      int mark = w.startList();
      w.writeUnsignedLong(expiration);
      return w.endList(mark).toByteArray();
    }
  }

  /** {@code [request-hash, ENR, ...]} (EIP-868). */
  record EnrResponse(Hash requestHash, NodeRecord record) implements DiscoveryMessage {
    public EnrResponse {
      Objects.requireNonNull(requestHash, "requestHash");
      Objects.requireNonNull(record, "record");
    }

    static EnrResponse decode(RlpReader list) {
      Hash hash = Hash.wrap(list.readBytes(32, "request hash"));
      int at = list.position();
      byte[] raw = list.readRaw();
      try {
        return new EnrResponse(hash, NodeRecord.decode(raw));
      } catch (WireFormatException e) {
        throw new WireFormatException("bad node record: " + e.getMessage(), at, e);
      }
    }

    @Override
    public int type() {
      return ENR_RESPONSE;
    }

    @Override
    public byte[] encode() {
      RlpWriter w = new RlpWriter();
      int mark = w.startList();
      w.writeBytes(requestHash.toArray()).writeRaw(record.encoded());
      return w.endList(mark).toByteArray();
    }
  }
}
