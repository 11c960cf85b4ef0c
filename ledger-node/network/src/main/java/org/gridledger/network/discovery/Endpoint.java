package org.gridledger.network.discovery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.network.WireFormatException;

/**
 * A discv4 endpoint {@code [ip, udp-port, tcp-port]} (discv4.md "Ping Packet"): the IP is 4 or 16
 * bytes, the ports are 16-bit.
 */
public record Endpoint(InetAddress ip, int udpPort, int tcpPort) {
  public Endpoint {
    Objects.requireNonNull(ip, "ip");
    if (udpPort < 0 || udpPort > 0xffff || tcpPort < 0 || tcpPort > 0xffff) {
      throw new IllegalArgumentException("ports must be in 0..65535");
    }
  }

  void writeTo(RlpWriter w) {
    int mark = w.startList();
    w.writeBytes(ip.getAddress()).writeLong(udpPort).writeLong(tcpPort);
    w.endList(mark);
  }

  /** Reads {@code [ip, udp, tcp, ...]} (extra elements ignored). */
  static Endpoint readFrom(RlpReader r) {
    return readFields(r.readList());
  }

  /** Reads ip, udp and tcp from the current position of a list. */
  static Endpoint readFields(RlpReader list) {
    int at = list.position();
    InetAddress ip = ip(list.readBytes(), at);
    int udp = port(list);
    int tcp = port(list);
    return new Endpoint(ip, udp, tcp);
  }

  static InetAddress ip(byte[] bytes, int offset) {
    if (bytes.length != 4 && bytes.length != 16) {
      throw new WireFormatException(
          "IP address must be 4 or 16 bytes, got " + bytes.length, offset);
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are always an address", e);
    }
  }

  static int port(RlpReader r) {
    int at = r.position();
    long p = r.readLong();
    if (p > 0xffff) {
      throw new WireFormatException("port " + p + " is above 65535", at);
    }
    return (int) p;
  }
}
