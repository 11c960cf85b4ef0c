package org.gridledger.capacity.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.gridledger.capacity.workload.WorkloadId;

/**
 * Reads a workload's cgroup accounting under the {@code cgroupsPath} the bundle sets ({@code
 * /gridledger/<id>}). On cgroup v1 the files are per controller, {@code
 * <mount>/<controller>/gridledger/<id>}; on a cgroup v2-only host (a {@code cgroup.controllers}
 * file at the mount) they are in one directory {@code <mount>/gridledger/<id>}. The v2 mapping is
 * written from the kernel's cgroup-v2 documentation and not exercised by the tests, which run on
 * v1. Values are read while the container exists; runc removes the cgroups on delete.
 */
public final class Cgroups {
  private final Path mount;
  private final boolean unified;

  public Cgroups(Path mount) {
    this.mount = mount;
    this.unified = Files.exists(mount.resolve("cgroup.controllers"));
  }

  /** Whether the host runs the cgroup v2 unified hierarchy only. */
  public boolean unified() {
    return unified;
  }

  /** The directory of {@code controller} for a workload (the same for every controller on v2). */
  public Path dir(String controller, WorkloadId id) {
    Path base = unified ? mount : mount.resolve(controller);
    return base.resolve("gridledger").resolve(id.value());
  }

  /** A snapshot of the workload's counters, or empty when its cgroup is gone. */
  public Optional<ResourceUsage> usage(WorkloadId id) {
    if (!Files.isDirectory(dir("memory", id))) {
      return Optional.empty();
    }
    try {
      return Optional.of(unified ? usageV2(dir("memory", id)) : usageV1(id));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty(); // removed between the check and the reads
    }
  }

  private ResourceUsage usageV1(WorkloadId id) throws IOException {
    return new ResourceUsage(
        number(dir("cpuacct", id).resolve("cpuacct.usage")),
        number(dir("memory", id).resolve("memory.usage_in_bytes")),
        number(dir("memory", id).resolve("memory.max_usage_in_bytes")),
        number(dir("memory", id).resolve("memory.failcnt")),
        keyed(dir("memory", id).resolve("memory.oom_control"), "oom_kill"),
        number(dir("pids", id).resolve("pids.current")),
        keyed(dir("pids", id).resolve("pids.events"), "max"));
  }

  private static ResourceUsage usageV2(Path dir) throws IOException {
    Path peak = dir.resolve("memory.peak"); // Linux 5.19+
    return new ResourceUsage(
        keyed(dir.resolve("cpu.stat"), "usage_usec") * 1000,
        number(dir.resolve("memory.current")),
        Files.exists(peak) ? number(peak) : number(dir.resolve("memory.current")),
        keyed(dir.resolve("memory.events"), "max"),
        keyed(dir.resolve("memory.events"), "oom_kill"),
        number(dir.resolve("pids.current")),
        keyed(dir.resolve("pids.events"), "max"));
  }

  private static long number(Path file) throws IOException {
    String s = Files.readString(file).trim();
    return s.equals("max") ? Long.MAX_VALUE : Long.parseLong(s);
  }

  /** A {@code key value} line of a flat-keyed file; 0 when the kernel does not report the key. */
  private static long keyed(Path file, String key) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    for (String line : Files.readAllLines(file)) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 2 && f[0].equals(key)) {
        return Long.parseLong(f[1]);
      }
    }
    return 0;
  }
}
