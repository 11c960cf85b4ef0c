package org.gridledger.capacity.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gridledger.capacity.workload.WorkloadId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The counters from files in the kernel's formats (Documentation/admin-guide/cgroup-v1, -v2). */
class CgroupsTest {
  @TempDir Path tmp;
  final WorkloadId id = new WorkloadId("w1");

  static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  @Test
  void readsCgroupV1Controllers() throws IOException {
    Path m = tmp.resolve("v1");
    String leaf = "gridledger/w1/";
    write(m.resolve("cpuacct/" + leaf + "cpuacct.usage"), "123456789\n");
    write(m.resolve("memory/" + leaf + "memory.usage_in_bytes"), "1000\n");
    write(m.resolve("memory/" + leaf + "memory.max_usage_in_bytes"), "2000\n");
    write(m.resolve("memory/" + leaf + "memory.failcnt"), "7\n");
    write(
        m.resolve("memory/" + leaf + "memory.oom_control"),
        "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
    write(m.resolve("pids/" + leaf + "pids.current"), "5\n");
    write(m.resolve("pids/" + leaf + "pids.events"), "max 9\n");
    Cgroups c = new Cgroups(m);
    assertThat(c.unified()).isFalse();
    assertThat(c.usage(id)).contains(new ResourceUsage(123456789, 1000, 2000, 7, 2, 5, 9));
    assertThat(c.usage(new WorkloadId("absent"))).isEmpty();
  }

  @Test
  void readsTheUnifiedHierarchy() throws IOException {
    Path m = tmp.resolve("v2");
    write(m.resolve("cgroup.controllers"), "cpu memory pids\n");
    Path d = m.resolve("gridledger/w1");
    write(d.resolve("cpu.stat"), "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\n");
    write(d.resolve("memory.current"), "4096\n");
    write(d.resolve("memory.peak"), "8192\n");
    write(d.resolve("memory.events"), "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");
    write(d.resolve("pids.current"), "4\n");
    write(d.resolve("pids.events"), "max 6\n");
    Cgroups c = new Cgroups(m);
    assertThat(c.unified()).isTrue();
    assertThat(c.dir("freezer", id)).isEqualTo(d);
    assertThat(c.usage(id)).contains(new ResourceUsage(1_500_000, 4096, 8192, 3, 1, 4, 6));
  }

  @Test
  void v1HostWithEveryControllerPassesTheCheck() throws IOException {
    Path m = tmp.resolve("v1-full");
    for (String c : List.of("cpu,cpuacct", "memory", "pids", "freezer", "devices")) {
      write(m.resolve(c).resolve("cgroup.procs"), "");
    }
    // systemd's layout: cpu and cpuacct are symlinks to the joint mount.
    Files.createSymbolicLink(m.resolve("cpu"), Path.of("cpu,cpuacct"));
    Files.createSymbolicLink(m.resolve("cpuacct"), Path.of("cpu,cpuacct"));
    Cgroups c = new Cgroups(m);
    assertThat(c.missingControllers()).isEmpty();
    c.requireControllers();
  }

  @Test
  void v1HostWithoutTheMemoryCgroupIsRefusedByName() throws IOException {
    Path m = tmp.resolve("v1-no-memory");
    for (String c : List.of("cpu", "cpuacct", "pids", "freezer", "devices")) {
      write(m.resolve(c).resolve("cgroup.procs"), "");
    }
    Files.createDirectories(
        m.resolve("memory")); // an empty mount point is not a mounted controller
    Cgroups c = new Cgroups(m);
    assertThat(c.missingControllers()).containsExactly("memory");
    assertThatThrownBy(c::requireControllers)
        .isInstanceOf(ContainerException.class)
        .hasMessageContaining("cgroup v1 controllers not mounted at " + m + ": memory")
        .hasMessageContaining("cgroup_enable=memory");
  }

  @Test
  void v2HostNeedsCpuMemoryAndPidsInCgroupControllers() throws IOException {
    Path m = tmp.resolve("v2-partial");
    write(m.resolve("cgroup.controllers"), "cpuset io memory hugetlb rdma misc\n");
    Cgroups c = new Cgroups(m);
    assertThat(c.unified()).isTrue();
    assertThat(c.missingControllers()).containsExactly("cpu", "pids");
    assertThatThrownBy(c::requireControllers)
        .isInstanceOf(ContainerException.class)
        .hasMessageContaining("cgroup v2 at " + m + " does not offer the controllers cpu, pids");
    write(m.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");
    assertThat(new Cgroups(m).missingControllers()).isEmpty();
  }

  @Test
  void noCgroupFileSystemAtAllIsRefused() {
    Cgroups c = new Cgroups(tmp.resolve("nothing"));
    assertThat(c.missingControllers()).isEqualTo(Cgroups.V1_CONTROLLERS);
    assertThatThrownBy(c::requireControllers).isInstanceOf(ContainerException.class);
  }

  @Test
  void thisHostHasWhatTheRuntimeNeeds() {
    // The container tests run here; whichever hierarchy it has, nothing may be missing.
    assertThat(new Cgroups(Path.of("/sys/fs/cgroup")).missingControllers()).isEmpty();
  }

  @Test
  void workloadsAsAWholeWeighAsMuchAsTheOfferedCores() throws IOException {
    Path v1 = tmp.resolve("v1-weight");
    new Cgroups(v1).weighWorkloads(6);
    assertThat(Files.readString(v1.resolve("cpu/gridledger/cpu.shares"))).isEqualTo("6144");
    new Cgroups(v1).weighWorkloads(100_000); // capped at the kernel's maximum
    assertThat(Files.readString(v1.resolve("cpu/gridledger/cpu.shares"))).isEqualTo("262144");

    Path v2 = tmp.resolve("v2-weight");
    write(v2.resolve("cgroup.controllers"), "cpu memory pids\n");
    new Cgroups(v2).weighWorkloads(6);
    // The cpu controller had to be enabled for the root's children first.
    assertThat(Files.readString(v2.resolve("cgroup.subtree_control"))).isEqualTo("+cpu");
    // 6144 shares: 1 + (6142 * 9999) / 262142 (runc's map from shares to weight).
    assertThat(Files.readString(v2.resolve("gridledger/cpu.weight"))).isEqualTo("235");
  }

  @Test
  void sharesMapToWeightsAtBothEnds() {
    assertThat(Cgroups.sharesToWeight(2)).isEqualTo(1);
    assertThat(Cgroups.sharesToWeight(1024)).isEqualTo(39);
    assertThat(Cgroups.sharesToWeight(262144)).isEqualTo(10000);
  }

  @Test
  void crunIsRefusedOnAHybridHostAndRuncIsNot() throws IOException {
    Path m = tmp.resolve("hybrid");
    for (String c : Cgroups.V1_CONTROLLERS) {
      write(m.resolve(c).resolve("cgroup.procs"), "");
    }
    write(m.resolve("unified/cgroup.controllers"), "hugetlb\n"); // as on the project machine
    Cgroups c = new Cgroups(m);
    assertThat(c.unified()).isFalse();
    assertThat(c.hybrid()).isTrue();
    c.requireRuntimeSupport("runc");
    assertThatThrownBy(() -> c.requireRuntimeSupport("/usr/bin/crun"))
        .isInstanceOf(ContainerException.class)
        .hasMessageContaining("crun does not run containers on a hybrid cgroup host")
        .hasMessageContaining("runtime.binary: runc");

    write(m.resolve("unified/cgroup.controllers"), "\n"); // an empty unified mount is plain v1
    assertThat(new Cgroups(m).hybrid()).isFalse();
    new Cgroups(m).requireRuntimeSupport("crun");

    Path v2 = tmp.resolve("v2-crun");
    write(v2.resolve("cgroup.controllers"), "cpu memory pids\n");
    assertThat(new Cgroups(v2).hybrid()).isFalse();
    new Cgroups(v2).requireRuntimeSupport("crun");
  }
}
