package org.gridledger.capacity.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The host side of a workload's network: a named network namespace ({@code ip netns}, so runc joins
 * it by path and it outlives agent restarts) and a veth pair, host end {@code glh<slot>} and
 * workload end {@code glc<slot>}, on a private /30 of 10.89.0.0/16 (slot s uses 10.89.0.0 + 4s: .1
 * host, .2 workload). The host does not forward between interfaces (ip_forward stays as the
 * operator set it, 0 by default), so one workload cannot reach another's address; the published
 * ports are served by {@link PortForwarder} from the host.
 */
public record WorkloadNetwork(int slot, String namespace) {
  public static final int MAX_SLOTS = 16384;

  public WorkloadNetwork {
    if (slot < 0 || slot >= MAX_SLOTS) {
      throw new IllegalArgumentException("network slot " + slot + " outside 0.." + MAX_SLOTS);
    }
  }

  public String hostInterface() {
    return "glh" + Integer.toHexString(slot);
  }

  public String workloadInterface() {
    return "glc" + Integer.toHexString(slot);
  }

  public String hostAddress() {
    return address(1);
  }

  /** The workload's IPv4 address, the target of its published ports. */
  public String workloadAddress() {
    return address(2);
  }

  private String address(int host) {
    int base = slot * 4 + host;
    return "10.89." + (base >> 8) + "." + (base & 0xff);
  }

  /** Whether the host end of this slot's veth pair exists (the slot is taken). */
  boolean interfaceExists() {
    return Files.exists(Path.of("/sys/class/net", hostInterface()));
  }

  /** Creates namespace and veth pair and configures both ends. */
  void create() {
    remove();
    Commands.run(List.of("ip", "netns", "add", namespace));
    Commands.run(
        List.of(
            "ip",
            "link",
            "add",
            hostInterface(),
            "type",
            "veth",
            "peer",
            "name",
            workloadInterface()));
    Commands.run(List.of("ip", "link", "set", workloadInterface(), "netns", namespace));
    Commands.run(List.of("ip", "addr", "add", hostAddress() + "/30", "dev", hostInterface()));
    Commands.run(List.of("ip", "link", "set", hostInterface(), "up"));
    Commands.run(
        List.of(
            "ip",
            "-n",
            namespace,
            "addr",
            "add",
            workloadAddress() + "/30",
            "dev",
            workloadInterface()));
    Commands.run(List.of("ip", "-n", namespace, "link", "set", workloadInterface(), "up"));
    Commands.run(List.of("ip", "-n", namespace, "link", "set", "lo", "up"));
    // The namespace belongs to the host's user namespace, so a workload's root (in its own user
    // namespace) would not count as privileged for ports below 1024 in it. The namespace is the
    // workload's alone: every port in it may be bound.
    Commands.run(
        List.of(
            "ip",
            "netns",
            "exec",
            namespace,
            "sysctl",
            "-q",
            "-w",
            "net.ipv4.ip_unprivileged_port_start=0"));
    Commands.run(List.of("ip", "-n", namespace, "route", "add", "default", "via", hostAddress()));
  }

  /** Removes namespace and veth pair; missing pieces are fine. */
  void remove() {
    if (interfaceExists()) {
      try {
        Commands.run(List.of("ip", "link", "del", hostInterface()));
      } catch (ContainerException ignored) {
        // already gone with its namespace
      }
    }
    if (Files.exists(Path.of("/var/run/netns", namespace))) {
      Commands.run(List.of("ip", "netns", "del", namespace));
    }
  }
}
