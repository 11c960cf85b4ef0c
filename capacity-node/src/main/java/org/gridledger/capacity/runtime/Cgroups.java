package org.gridledger.capacity.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.gridledger.capacity.workload.WorkloadId;

/**
 * Reads a workload's cgroup v1 accounting files under {@code <mount>/<controller>/gridledger/<id>}
 * (the {@code cgroupsPath} the bundle sets). Values are read while the container exists; runc
 * removes the cgroups on delete.
 */
public final class Cgroups {
  private final Path mount;

  public Cgroups(Path mount) {
    this.mount = mount;
  }

  /** The directory of {@code controller} for a workload. */
  public Path dir(String controller, WorkloadId id) {
    return mount.resolve(controller).resolve("gridledger").resolve(id.value());
  }

  /** A snapshot of the workload's counters, or empty when its cgroup is gone. */
  public Optional<ResourceUsage> usage(WorkloadId id) {
    if (!Files.isDirectory(dir("memory", id))) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new ResourceUsage(
              number(dir("cpuacct", id).resolve("cpuacct.usage")),
              number(dir("memory", id).resolve("memory.usage_in_bytes")),
              number(dir("memory", id).resolve("memory.max_usage_in_bytes")),
              number(dir("memory", id).resolve("memory.failcnt")),
              keyed(dir("memory", id).resolve("memory.oom_control"), "oom_kill"),
              number(dir("pids", id).resolve("pids.current")),
              keyed(dir("pids", id).resolve("pids.events"), "max")));
    } catch (IOException e) {
      return Optional.empty(); // removed between the check and the reads
    }
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
