package org.gridledger.capacity.gateway;

import java.util.Optional;
import org.gridledger.sdk.GatewayName;
import org.gridledger.sdk.GridException;

/**
 * Reads the gateway name out of a {@code Host} header value (RFC 9110 §7.2: {@code uri-host [ ":"
 * port ]}). Host names compare case-insensitively (RFC 4343) and a trailing dot names the same host
 * (an absolute DNS name), so both are normalised; anything else that is not exactly {@code
 * <name>.<domain>} with a valid gateway name (the rules of {@code createNameContract}) is no name:
 * IP literals, other domains, deeper subdomains, non-ASCII, control characters, bad ports.
 */
public final class GatewayHost {
  /** Longer than any DNS name plus ":65535": not worth looking at. */
  private static final int MAX_LENGTH = 260;

  private GatewayHost() {}

  /**
   * The gateway name {@code host} addresses under {@code domain} (lower case, without a trailing
   * dot), or empty. Never throws.
   */
  public static Optional<String> nameOf(String host, String domain) {
    if (host == null || host.isEmpty() || host.length() > MAX_LENGTH || domain.isEmpty()) {
      return Optional.empty();
    }
    String h = host;
    int colon = h.indexOf(':');
    if (colon >= 0) {
      if (!validPort(h.substring(colon + 1))) {
        return Optional.empty(); // also every IPv6 literal: '[' is not a name character anyway
      }
      h = h.substring(0, colon);
    }
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    StringBuilder lower = new StringBuilder(h.length());
    for (int i = 0; i < h.length(); i++) {
      char c = h.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      } else if (c > 0x7e || c <= 0x20) {
        return Optional.empty();
      }
      lower.append(c);
    }
    String suffix = "." + domain;
    if (lower.length() <= suffix.length() || !lower.toString().endsWith(suffix)) {
      return Optional.empty();
    }
    String name = lower.substring(0, lower.length() - suffix.length());
    try {
      return Optional.of(GatewayName.parse(name).value()); // no '.': exactly one label
    } catch (GridException.InvalidInput notAName) {
      return Optional.empty();
    }
  }

  /** An empty port is allowed by RFC 3986 §3.2.3; otherwise 1-5 digits up to 65535. */
  private static boolean validPort(String p) {
    if (p.length() > 5) {
      return false;
    }
    for (int i = 0; i < p.length(); i++) {
      if (p.charAt(i) < '0' || p.charAt(i) > '9') {
        return false;
      }
    }
    return p.isEmpty() || Integer.parseInt(p) <= 65535;
  }
}
