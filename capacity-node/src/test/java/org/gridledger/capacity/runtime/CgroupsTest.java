package org.gridledger.capacity.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
