package org.gridledger.capacity.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the host kernel offers that the bundle depends on.
 *
 * @param userNamespaces user namespaces can be created: {@code /proc/self/ns/user} exists and
 *     {@code /proc/sys/user/max_user_namespaces} is above zero (Debian kernels may also gate
 *     unprivileged use with {@code kernel.unprivileged_userns_clone}, which does not apply to the
 *     root agent)
 */
public record HostFeatures(boolean userNamespaces) {

  /** Probes the running kernel. */
  public static HostFeatures detect() {
    return new HostFeatures(userNamespacesAvailable());
  }

  private static boolean userNamespacesAvailable() {
    if (!Files.exists(Path.of("/proc/self/ns/user"))) {
      return false;
    }
    try {
      String max = Files.readString(Path.of("/proc/sys/user/max_user_namespaces")).trim();
      return Long.parseLong(max) > 0;
    } catch (IOException | NumberFormatException e) {
      return false;
    }
  }
}
