package org.gridledger.capacity.workload;

import java.util.regex.Pattern;

/**
 * A workload's name on this machine: the runc container id, and the stem of its network namespace,
 * bundle directory and cgroup. Lowercase letters, digits and '-', 1 to 40 characters, so it is safe
 * in paths, interface-independent names and command lines.
 */
public record WorkloadId(String value) {
  private static final Pattern SAFE = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

  public WorkloadId {
    if (value == null || !SAFE.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "workload id must match [a-z0-9][a-z0-9-]{0,39}, got " + value);
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
