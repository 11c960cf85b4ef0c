package org.gridledger.network.node;

import java.util.Objects;
import java.util.regex.Pattern;
import org.gridledger.network.WireFormatException;

/**
 * An {@code enode://} URL: {@code enode://<node id hex>@<host>:<tcp port>[?discport=<udp port>]}
 * (devp2p README "enode URL scheme"; geth's format). The host is an IPv4 literal, an IPv6 literal
 * in brackets, or a DNS name; it is kept as text and never resolved here. The UDP (discovery) port
 * equals the TCP port unless {@code discport} says otherwise.
 *
 * @param nodeId the node's public key
 * @param host IP literal (IPv6 without brackets) or DNS name
 * @param tcpPort RLPx listening port, 0..65535
 * @param udpPort discovery port, 0..65535
 */
public record EnodeUrl(NodeId nodeId, String host, int tcpPort, int udpPort) {
  private static final Pattern HEX128 = Pattern.compile("[0-9a-fA-F]{128}");
  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]{2,45}");
  private static final Pattern DNS =
      Pattern.compile(
          "(?=.{1,253}$)[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*");

  public EnodeUrl {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(host, "host");
    if (tcpPort < 0 || tcpPort > 0xffff || udpPort < 0 || udpPort > 0xffff) {
      throw new IllegalArgumentException("ports must be in 0..65535");
    }
  }

  /**
   * Parses an {@code enode://} URL.
   *
   * @throws WireFormatException naming the malformed part and its offset in the text
   */
  public static EnodeUrl parse(String url) {
    String prefix = "enode://";
    if (url == null || !url.startsWith(prefix)) {
      throw new WireFormatException("enode URL must start with enode://", 0);
    }
    int at = url.indexOf('@', prefix.length());
    if (at < 0) {
      throw new WireFormatException("enode URL has no '@' after the node id", prefix.length());
    }
    String idHex = url.substring(prefix.length(), at);
    if (!HEX128.matcher(idHex).matches()) {
      throw new WireFormatException("node id must be 128 hex digits", prefix.length());
    }
    NodeId id;
    try {
      id = NodeId.fromHex(idHex);
    } catch (WireFormatException e) {
      throw new WireFormatException(e.getMessage(), prefix.length(), e);
    }
    int q = url.indexOf('?', at);
    String authority = q < 0 ? url.substring(at + 1) : url.substring(at + 1, q);
    int hostStart = at + 1;
    String host;
    String portText;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0 || close + 1 >= authority.length() || authority.charAt(close + 1) != ':') {
        throw new WireFormatException("IPv6 host must be [addr]:port", hostStart);
      }
      host = authority.substring(1, close);
      if (!IPV6.matcher(host).matches() || !host.contains(":")) {
        throw new WireFormatException("malformed IPv6 literal", hostStart + 1);
      }
      portText = authority.substring(close + 2);
    } else {
      int colon = authority.lastIndexOf(':');
      if (colon < 0) {
        throw new WireFormatException("enode URL has no port", hostStart);
      }
      host = authority.substring(0, colon);
      portText = authority.substring(colon + 1);
      if (!IPV4.matcher(host).matches() && !DNS.matcher(host).matches()) {
        throw new WireFormatException("malformed host '" + host + "'", hostStart);
      }
    }
    int portOffset = hostStart + authority.length() - portText.length();
    int tcp = port(portText, portOffset);
    int udp = tcp;
    if (q >= 0) {
      String query = url.substring(q + 1);
      String key = "discport=";
      if (!query.startsWith(key)) {
        throw new WireFormatException("unknown query '" + query + "' (only discport)", q + 1);
      }
      udp = port(query.substring(key.length()), q + 1 + key.length());
    }
    return new EnodeUrl(id, host, tcp, udp);
  }

  private static int port(String text, int offset) {
    if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new WireFormatException("port must be a decimal number", offset);
    }
    int p = Integer.parseInt(text);
    if (p > 0xffff) {
      throw new WireFormatException("port " + p + " is above 65535", offset);
    }
    return p;
  }

  /** The URL text; {@code ?discport=} only when the UDP port differs from the TCP port. */
  public String format() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    String base = "enode://" + nodeId.toHex() + "@" + h + ":" + tcpPort;
    return udpPort == tcpPort ? base : base + "?discport=" + udpPort;
  }

  @Override
  public String toString() {
    return format();
  }
}
