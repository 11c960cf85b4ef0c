package org.gridledger.capacity.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

  /**
   * The cgroup v1 controllers the bundle's limits and the usage counters need, each mounted at
   * {@code <mount>/<name>} (a symlink such as {@code cpu -> cpu,cpuacct} counts).
   */
  public static final List<String> V1_CONTROLLERS =
      List.of("cpu", "cpuacct", "memory", "pids", "freezer", "devices");

  /**
   * The cgroup v2 controllers that must be listed in {@code <mount>/cgroup.controllers}. Freezing
   * is the core file {@code cgroup.freeze} and device rules are eBPF programs on v2: neither is a
   * controller there.
   */
  public static final List<String> V2_CONTROLLERS = List.of("cpu", "memory", "pids");

  /** The controllers this host lacks (empty when it has all that the runtime needs). */
  public List<String> missingControllers() {
    List<String> missing = new ArrayList<>();
    if (unified) {
      List<String> have;
      try {
        have = List.of(Files.readString(mount.resolve("cgroup.controllers")).trim().split("\\s+"));
      } catch (IOException e) {
        have = List.of();
      }
      for (String c : V2_CONTROLLERS) {
        if (!have.contains(c)) {
          missing.add(c);
        }
      }
    } else {
      for (String c : V1_CONTROLLERS) {
        if (!Files.exists(mount.resolve(c).resolve("cgroup.procs"))) {
          missing.add(c);
        }
      }
    }
    return missing;
  }

  /**
   * Fails with a message naming the hierarchy, the mount and the missing controllers, before any
   * container is started, when the host cannot enforce a reservation's limits.
   *
   * @throws ContainerException if a controller is missing
   */
  public void requireControllers() {
    List<String> missing = missingControllers();
    if (missing.isEmpty()) {
      return;
    }
    if (unified) {
      throw new ContainerException(
          "cgroup v2 at "
              + mount
              + " does not offer the controllers "
              + String.join(", ", missing)
              + " (cgroup.controllers lists what the kernel enables; the runtime needs "
              + String.join(", ", V2_CONTROLLERS)
              + ": docs/capacity-node.md, \"Runtime choice\")");
    }
    throw new ContainerException(
        "cgroup v1 controllers not mounted at "
            + mount
            + ": "
            + String.join(", ", missing)
            + " (each must be at "
            + mount
            + "/<controller>; a kernel booted without the memory cgroup needs"
            + " cgroup_enable=memory cgroup_memory=1 on its command line: docs/operator-guide.md)");
  }

  /** cpu.shares of one core: the kernel's default weight of a task group (and runc's of 1 cru). */
  static final long SHARES_PER_CORE = 1024;

  /** The largest cpu.shares the kernel accepts (v1); runc maps it to the largest cpu.weight. */
  static final long MAX_SHARES = 262144;

  /**
   * Gives the parent of all workloads ({@code gridledger}) the CPU weight of {@code cores} cores
   * (the agent passes the offered cores, at most the machine's): 1024 shares per core, as each
   * workload has 1024 per reserved core. Without it the parent has the default weight of a single
   * task, so when the host is busy all workloads together get one task's share of the CPU and a
   * workload's requests wait behind its busy neighbours for the parent's turn (docs/performance.md,
   * "Noisy neighbour"). Creates the parent if it does not exist yet; runc creates the workloads'
   * groups below it.
   *
   * @throws IOException if the cgroup files cannot be written
   */
  public void weighWorkloads(long cores) throws IOException {
    long shares = Math.max(2, Math.min(MAX_SHARES, SHARES_PER_CORE * Math.max(1, cores)));
    if (unified) {
      Path parent = mount.resolve("gridledger");
      Files.createDirectories(parent);
      Path weight = parent.resolve("cpu.weight");
      if (!Files.exists(weight)) {
        // The cpu controller is not enabled for the root's children yet.
        Files.writeString(mount.resolve("cgroup.subtree_control"), "+cpu");
      }
      Files.writeString(weight, Long.toString(sharesToWeight(shares)));
    } else {
      Path parent = mount.resolve("cpu").resolve("gridledger");
      Files.createDirectories(parent);
      Files.writeString(parent.resolve("cpu.shares"), Long.toString(shares));
    }
  }

  /**
   * cgroup v1 cpu.shares [2, 262144] to v2 cpu.weight [1, 10000], the linear map runc and crun use
   * (runc's ConvertCPUSharesToCgroupV2Value), so that parent and workloads are weighed alike.
   */
  static long sharesToWeight(long shares) {
    return 1 + ((shares - 2) * 9999) / 262142;
  }

  /**
   * Whether this is a hybrid host: v1 controllers plus a cgroup2 mount at {@code <mount>/unified}
   * that offers controllers (systemd's "hybrid" layout). runc treats it as v1; crun 1.8 refuses
   * every container on it ("cgroups in hybrid mode not supported").
   */
  public boolean hybrid() {
    if (unified) {
      return false;
    }
    try {
      return !Files.readString(mount.resolve("unified").resolve("cgroup.controllers")).isBlank();
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Fails when {@code runtimeBinary} cannot run containers on this host's cgroup layout: crun on a
   * {@linkplain #hybrid() hybrid} host. Checked at start so that no deployment is reported failed
   * for a setting of the operator's.
   *
   * @throws ContainerException naming the layout and the way out
   */
  public void requireRuntimeSupport(String runtimeBinary) {
    boolean crun = Path.of(runtimeBinary).getFileName().toString().equals("crun");
    if (crun && hybrid()) {
      throw new ContainerException(
          "runtime.binary "
              + runtimeBinary
              + ": crun does not run containers on a hybrid cgroup host (v1 controllers at "
              + mount
              + " plus cgroup v2 controllers at "
              + mount.resolve("unified")
              + "); use runtime.binary: runc, or boot the host with cgroup v2 only");
    }
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
