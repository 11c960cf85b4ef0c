package org.gridledger.network.p2p;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.gridledger.core.rlp.RlpException;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.network.WireFormatException;
import org.gridledger.network.node.NodeId;
import org.gridledger.network.rlpx.RlpxMessage;

/**
 * The messages of the "p2p" capability (rlpx.md "p2p Capability"), ids 0x00..0x03. Decoding follows
 * EIP-8: extra list elements are ignored and the Hello version is not checked.
 */
public sealed interface P2pMessage
    permits P2pMessage.Hello, P2pMessage.Disconnect, P2pMessage.Ping, P2pMessage.Pong {
  int HELLO = 0x00;
  int DISCONNECT = 0x01;
  int PING = 0x02;
  int PONG = 0x03;

  /**
   * The protocol version this implementation speaks (rlpx.md: "The current protocol version is 5").
   */
  int PROTOCOL_VERSION = 5;

  /** The message id. */
  int code();

  /** The RLP message data. */
  byte[] encodeData();

  default RlpxMessage toRlpx() {
    return new RlpxMessage(code(), encodeData());
  }

  /**
   * Decodes a p2p message from its id and data.
   *
   * @throws WireFormatException if the id is not a p2p message or the data is malformed
   */
  static P2pMessage decode(RlpxMessage message) {
    byte[] data = message.data();
    try {
      return switch (message.code()) {
        case HELLO -> Hello.decode(data);
        case DISCONNECT -> Disconnect.decode(data);
        case PING -> new Ping();
        case PONG -> new Pong();
        default ->
            throw new WireFormatException(
                "message id " + message.code() + " is not a p2p message", 0);
      };
    } catch (RlpException e) {
      throw new WireFormatException("malformed p2p message: " + e.getMessage(), e.offset(), e);
    }
  }

  /**
   * {@code [protocolVersion, clientId, capabilities, listenPort, nodeKey, ...]} (rlpx.md "Hello").
   */
  record Hello(
      long protocolVersion,
      String clientId,
      List<Capability> capabilities,
      int listenPort,
      NodeId nodeId)
      implements P2pMessage {
    public Hello {
      Objects.requireNonNull(clientId, "clientId");
      capabilities = List.copyOf(capabilities);
      Objects.requireNonNull(nodeId, "nodeId");
    }

    static Hello decode(byte[] data) {
      RlpReader list = RlpReader.single(data).readList();
      long version = list.readUnsignedLong();
      String clientId = new String(list.readBytes(), StandardCharsets.UTF_8);
      RlpReader capsList = list.readList();
      List<Capability> caps = new ArrayList<>();
      while (capsList.hasNext()) {
        RlpReader cap = capsList.readList();
        String name = new String(cap.readBytes(), StandardCharsets.US_ASCII);
        caps.add(new Capability(name, cap.readInt()));
      }
      long port = list.readLong();
      if (port > 0xffff) {
        throw new WireFormatException("listen port " + port + " is above 65535", 0);
      }
      int idAt = list.position();
      byte[] key = list.readBytes(64, "hello node key");
      NodeId id;
      try {
        id = NodeId.of(key);
      } catch (WireFormatException e) {
        throw new WireFormatException("hello node key is not a public key", idAt, e);
      }
      return new Hello(version, clientId, caps, (int) port, id);
    }

    @Override
    public int code() {
      return HELLO;
    }

    @Override
    public byte[] encodeData() {
      RlpWriter w = new RlpWriter();
      int outer = w.startList();
      w.writeUnsignedLong(protocolVersion);
      w.writeBytes(clientId.getBytes(StandardCharsets.UTF_8));
      int caps = w.startList();
      for (Capability c : capabilities) {
        int one = w.startList();
        w.writeBytes(c.name().getBytes(StandardCharsets.US_ASCII)).writeLong(c.version());
        w.endList(one);
      }
      w.endList(caps);
      w.writeLong(listenPort);
      w.writeBytes(nodeId.toArray());
      return w.endList(outer).toByteArray();
    }
  }

  /**
   * {@code [reason]} (rlpx.md "Disconnect"). Decoding also accepts an empty list and a bare
   * integer, which some clients send.
   *
   * @param reasonCode the wire code; see {@link #reason()} for the named reasons
   */
  record Disconnect(long reasonCode) implements P2pMessage {
    public Disconnect(DisconnectReason reason) {
      this(reason.code());
    }

    static Disconnect decode(byte[] data) {
      RlpReader r = RlpReader.single(data);
      if (r.nextIsList()) {
        RlpReader list = r.readList();
        return new Disconnect(list.hasNext() ? list.readUnsignedLong() : 0);
      }
      return new Disconnect(r.readUnsignedLong());
    }

    public Optional<DisconnectReason> reason() {
      return DisconnectReason.fromCode(reasonCode);
    }

    @Override
    public int code() {
      return DISCONNECT;
    }

    @Override
    public byte[] encodeData() {
      RlpWriter w = new RlpWriter();
      int mark = w.startList();
      w.writeUnsignedLong(reasonCode);
      return w.endList(mark).toByteArray();
    }
  }

  /** {@code []}: asks for a Pong. Its data is ignored when decoding. */
  record Ping() implements P2pMessage {
    @Override
    public int code() {
      return PING;
    }

    @Override
    public byte[] encodeData() {
      return new byte[] {(byte) 0xc0};
    }
  }

  /** {@code []}: the reply to Ping. Its data is ignored when decoding. */
  record Pong() implements P2pMessage {
    @Override
    public int code() {
      return PONG;
    }

    @Override
    public byte[] encodeData() {
      return new byte[] {(byte) 0xc0};
    }
  }
}
