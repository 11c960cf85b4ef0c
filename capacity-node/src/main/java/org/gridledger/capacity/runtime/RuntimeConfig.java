package org.gridledger.capacity.runtime;

import java.net.InetAddress;
import java.nio.file.Path;
import org.gridledger.capacity.bundle.HostFeatures;

/**
 * Where and how the runtime runs containers.
 *
 * @param workDir the agent's work directory: {@code runc/} (runc state), {@code bundles/<id>/},
 *     {@code logs/<id>.log}
 * @param runcBinary the OCI runtime executable with runc's command line (name on PATH or a path):
 *     {@code runc} by default, or {@code crun} (docs/capacity-node.md, "Runtime choice")
 * @param cgroupMount where the cgroup v1 controllers are mounted
 * @param publishAddress the host address published ports listen on
 * @param features what the kernel offers (user namespaces are used when available)
 * @param runcRoot runc's state directory ({@code runc --root}); {@code <workDir>/runc} by default.
 *     The agent puts it on {@code /run} so that it lives exactly as long as the containers do
 *     (docs/capacity-node.md, "Statelessness")
 */
public record RuntimeConfig(
    Path workDir,
    String runcBinary,
    Path cgroupMount,
    InetAddress publishAddress,
    HostFeatures features,
    Path runcRoot) {

  public RuntimeConfig(
      Path workDir,
      String runcBinary,
      Path cgroupMount,
      InetAddress publishAddress,
      HostFeatures features) {
    this(workDir, runcBinary, cgroupMount, publishAddress, features, workDir.resolve("runc"));
  }

  /**
   * Defaults for a work directory: runc from PATH, /sys/fs/cgroup, all addresses, probed kernel.
   */
  public static RuntimeConfig defaults(Path workDir) {
    return new RuntimeConfig(
        workDir,
        "runc",
        Path.of("/sys/fs/cgroup"),
        new java.net.InetSocketAddress(0).getAddress(),
        HostFeatures.detect());
  }

  public RuntimeConfig withFeatures(HostFeatures f) {
    return new RuntimeConfig(workDir, runcBinary, cgroupMount, publishAddress, f, runcRoot);
  }

  public RuntimeConfig withRuncRoot(Path root) {
    return new RuntimeConfig(workDir, runcBinary, cgroupMount, publishAddress, features, root);
  }

  /** The same with another OCI runtime binary ({@code runc}, {@code crun}, or a path to one). */
  public RuntimeConfig withRuncBinary(String binary) {
    return new RuntimeConfig(workDir, binary, cgroupMount, publishAddress, features, runcRoot);
  }

  public RuntimeConfig withPublishAddress(InetAddress address) {
    return new RuntimeConfig(workDir, runcBinary, cgroupMount, address, features, runcRoot);
  }
}
