package org.gridledger.capacity.gateway;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where the gateway listens and which domain it serves.
 *
 * @param bindAddress the address the gateway listens on (default 0.0.0.0: it is a public gateway)
 * @param port its TCP port (0: any free port, for tests)
 * @param domain the parent domain; {@code <name>.<domain>} is routed to the holder of {@code name}
 * @param connectTimeout how long a connection to a workload may take before the request gets 502
 * @param responseTimeout how long the workload may stay silent (no response head, no body bytes)
 *     before the request gets 504 (or the connection is reset, once the response has started)
 * @param idleTimeout a client connection with no traffic for this long is closed
 */
public record GatewayConfig(
    String bindAddress,
    int port,
    String domain,
    Duration connectTimeout,
    Duration responseTimeout,
    Duration idleTimeout) {

  /** A DNS name of at least two labels, each 1-63 of [a-z0-9-] not starting or ending in '-'. */
  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");

  public GatewayConfig {
    if (bindAddress == null || bindAddress.isBlank()) {
      throw new IllegalArgumentException("gateway bind address is empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("gateway port must be 0..65535: " + port);
    }
    domain = domain == null ? "" : domain.toLowerCase(Locale.ROOT);
    if (domain.endsWith(".")) {
      domain = domain.substring(0, domain.length() - 1);
    }
    if (!DOMAIN.matcher(domain).matches()) {
      throw new IllegalArgumentException(
          "gateway domain must be a DNS name of two or more labels like gw.example.org: " + domain);
    }
    for (Duration d : new Duration[] {connectTimeout, responseTimeout, idleTimeout}) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("gateway time-outs must be positive");
      }
    }
  }

  /** The defaults: 5 s to connect, 60 s of workload silence, 120 s of client idleness. */
  public static GatewayConfig of(String bindAddress, int port, String domain) {
    return new GatewayConfig(
        bindAddress,
        port,
        domain,
        Duration.ofSeconds(5),
        Duration.ofSeconds(60),
        Duration.ofSeconds(120));
  }

  public GatewayConfig withTimeouts(Duration connect, Duration response, Duration idle) {
    return new GatewayConfig(bindAddress, port, domain, connect, response, idle);
  }

  public GatewayConfig withPort(int newPort) {
    return new GatewayConfig(
        bindAddress, newPort, domain, connectTimeout, responseTimeout, idleTimeout);
  }
}
