package org.gridledger.network.p2p;

import java.util.Objects;

/**
 * A capability name and version as advertised in Hello (rlpx.md "Hello"), e.g. {@code eth/68}.
 * Names are case-sensitive ASCII of at most 8 characters.
 */
public record Capability(String name, int version) implements Comparable<Capability> {
  public Capability {
    Objects.requireNonNull(name, "name");
    if (version < 0) {
      throw new IllegalArgumentException("capability version must be non-negative");
    }
  }

  /** Name order (byte-wise, as names are ASCII), then version. */
  @Override
  public int compareTo(Capability o) {
    int c = name.compareTo(o.name);
    return c != 0 ? c : Integer.compare(version, o.version);
  }

  @Override
  public String toString() {
    return name + "/" + version;
  }
}
