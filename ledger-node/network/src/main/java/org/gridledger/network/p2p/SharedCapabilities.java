package org.gridledger.network.p2p;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The capabilities both peers share and the message-id ranges they get (rlpx.md "Message ID-based
 * Multiplexing"): a capability is shared when both advertise the same name and version; of several
 * shared versions of one name the highest wins; shared capabilities take compact id ranges from
 * 0x10 in alphabetical order of name, each as wide as its message count. Immutable.
 */
public final class SharedCapabilities {
  /** Ids 0x00..0x0f belong to the p2p capability itself. */
  public static final int FIRST_OFFSET = 0x10;

  /** A capability this node implements and how many message ids it uses. */
  public record Supported(Capability capability, int messageCount) {
    public Supported {
      if (messageCount < 1) {
        throw new IllegalArgumentException("a capability uses at least one message id");
      }
    }
  }

  /** A shared capability and its id range {@code [offset, offset + messageCount)}. */
  public record Negotiated(Capability capability, int offset, int messageCount) {
    public boolean contains(int code) {
      return code >= offset && code < offset + messageCount;
    }
  }

  private final List<Negotiated> negotiated;

  private SharedCapabilities(List<Negotiated> negotiated) {
    this.negotiated = List.copyOf(negotiated);
  }

  /** Negotiates from this node's supported capabilities and those the remote Hello advertised. */
  public static SharedCapabilities negotiate(List<Supported> local, List<Capability> remote) {
    TreeMap<String, Supported> best = new TreeMap<>();
    for (Supported s : local) {
      if (!remote.contains(s.capability())) {
        continue;
      }
      Supported current = best.get(s.capability().name());
      if (current == null || current.capability().version() < s.capability().version()) {
        best.put(s.capability().name(), s);
      }
    }
    List<Negotiated> out = new ArrayList<>();
    int offset = FIRST_OFFSET;
    for (Supported s : best.values()) {
      out.add(new Negotiated(s.capability(), offset, s.messageCount()));
      offset += s.messageCount();
    }
    return new SharedCapabilities(out);
  }

  /** The shared capabilities in id order. */
  public List<Negotiated> capabilities() {
    return negotiated;
  }

  /** The shared capability whose id range holds {@code code}. */
  public Optional<Negotiated> forMessageCode(int code) {
    return negotiated.stream().filter(n -> n.contains(code)).findFirst();
  }

  /** The negotiated range of a capability name, if shared. */
  public Optional<Negotiated> byName(String name) {
    return negotiated.stream().filter(n -> n.capability().name().equals(name)).findFirst();
  }

  public boolean isEmpty() {
    return negotiated.isEmpty();
  }
}
