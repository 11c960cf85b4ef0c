package org.gridledger.capacity.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridledger.capacity.TestImages;
import org.gridledger.capacity.image.BlobSource;
import org.gridledger.capacity.image.BlobStore;
import org.gridledger.capacity.image.ImageConfig;
import org.gridledger.capacity.image.ImageStore;
import org.gridledger.capacity.image.OciImage;
import org.gridledger.capacity.workload.WorkloadId;
import org.gridledger.capacity.workload.WorkloadLimits;
import org.gridledger.capacity.workload.WorkloadSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleBuilderTest {
  @TempDir Path tmp;
  OciImage image;

  @BeforeEach
  void image() throws IOException {
    Path layout = tmp.resolve("layout");
    image =
        new ImageStore(
                new BlobStore(tmp.resolve("cache"), List.of(new BlobSource.LayoutDir(layout))))
            .pull(TestImages.busybox(layout));
  }

  JsonNode build(WorkloadSpec spec, WorkloadLimits limits, Optional<IdMapping> mapping)
      throws IOException {
    Bundle b =
        new BundleBuilder()
            .build(
                new WorkloadId("w1"),
                image,
                spec,
                limits,
                tmp.resolve("bundle"),
                "gl-w1",
                mapping,
                Map.of("org.gridledger.ports", "80:8080"));
    assertThat(b.rootfs().resolve("bin/busybox")).isRegularFile();
    return new ObjectMapper().readTree(b.configJson().toFile());
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.isTextual() ? n.asText() : n.path("type").asText()));
    return out;
  }

  @Test
  void mapsReservationUnitsToCgroupLimits() throws IOException {
    // 2 cru, 256 MiB mru, 1 GiB sru.
    WorkloadLimits limits = WorkloadLimits.fromUnits(2, 256L << 20, 1L << 30, 100);
    assertThat(limits.cpuMillis()).isEqualTo(2000);
    JsonNode res =
        build(WorkloadSpec.command("true"), limits, Optional.empty())
            .path("linux")
            .path("resources");
    assertThat(res.path("cpu").path("period").asLong()).isEqualTo(100_000);
    assertThat(res.path("cpu").path("quota").asLong()).isEqualTo(200_000); // two full periods
    assertThat(res.path("cpu").path("shares").asLong()).isEqualTo(2048);
    assertThat(res.path("memory").path("limit").asLong()).isEqualTo(256L << 20);
    assertThat(res.path("memory").path("swap").asLong()).isEqualTo(256L << 20);
    assertThat(res.path("pids").path("limit").asLong()).isEqualTo(100);
    assertThat(res.path("devices").get(0).path("allow").asBoolean()).isFalse();
  }

  @Test
  void appliesTheIsolationSettings() throws IOException {
    JsonNode c =
        build(
            WorkloadSpec.command("httpd", "-f"),
            new WorkloadLimits(500, 64L << 20, 64L << 20, 32),
            Optional.of(new IdMapping(1_000_000, 65536)));
    assertThat(c.path("root").path("readonly").asBoolean()).isTrue();
    assertThat(c.path("process").path("noNewPrivileges").asBoolean()).isTrue();
    assertThat(texts(c.path("process").path("capabilities").path("bounding")))
        .containsExactlyElementsOf(BundleBuilder.CAPABILITIES)
        .doesNotContain("CAP_SYS_ADMIN", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_SYS_PTRACE");
    assertThat(c.path("process").path("capabilities").path("ambient")).isEmpty();
    JsonNode linux = c.path("linux");
    assertThat(texts(linux.path("namespaces")))
        .containsExactlyInAnyOrder("pid", "ipc", "uts", "mount", "cgroup", "network", "user");
    for (JsonNode ns : linux.path("namespaces")) {
      if (ns.path("type").asText().equals("network")) {
        assertThat(ns.path("path").asText()).isEqualTo("/var/run/netns/gl-w1");
      }
    }
    assertThat(linux.path("uidMappings").get(0).path("hostID").asLong()).isEqualTo(1_000_000);
    assertThat(linux.path("cgroupsPath").asText()).isEqualTo("/gridledger/w1");
    assertThat(c.path("annotations").path("org.gridledger.ports").asText()).isEqualTo("80:8080");
    Map<String, JsonNode> mounts = new java.util.HashMap<>();
    c.path("mounts").forEach(m -> mounts.put(m.path("destination").asText(), m));
    assertThat(mounts)
        .containsKeys("/proc", "/dev", "/tmp", "/data", "/run/secrets")
        .doesNotContainKey("/sys");
    assertThat(texts(mounts.get("/run/secrets").path("options"))).contains("ro", "noexec");
    assertThat(mounts.get("/data").path("source").asText()).endsWith("bundle/volume");
    // The rootfs belongs to the mapped root.
    assertThat(Files.getAttribute(tmp.resolve("bundle/rootfs/bin/busybox"), "unix:uid"))
        .isEqualTo(1_000_000);
  }

  @Test
  void theSeccompProfileIsAnAllowListWithoutAdministrativeCalls() {
    JsonNode p = new BundleBuilder().seccompProfile();
    assertThat(p.path("defaultAction").asText()).isEqualTo("SCMP_ACT_ERRNO");
    List<String> allowed = new ArrayList<>();
    for (JsonNode rule : p.path("syscalls")) {
      if (rule.path("action").asText().equals("SCMP_ACT_ALLOW")
          && rule.path("args").isMissingNode()) {
        allowed.addAll(texts(rule.path("names")));
      }
    }
    assertThat(allowed).contains("read", "write", "execve", "socket", "accept4", "futex");
    assertThat(allowed)
        .doesNotContain(
            "mount",
            "umount2",
            "ptrace",
            "bpf",
            "kexec_load",
            "init_module",
            "unshare",
            "setns",
            "pivot_root",
            "reboot",
            "swapon",
            "keyctl",
            "perf_event_open",
            "clone",
            "clone3");
  }

  @Test
  void argsEnvAndUserComeFromTheImageUnlessTheSpecSaysOtherwise() throws IOException {
    JsonNode process =
        build(
                new WorkloadSpec(
                    List.of(), Map.of("GREETING", "hello", "EXTRA", "1"), Map.of(), List.of()),
                new WorkloadLimits(500, 64L << 20, 64L << 20, 32),
                Optional.empty())
            .path("process");
    assertThat(texts(process.path("args"))).containsExactly("sh"); // the image's cmd
    assertThat(texts(process.path("env"))).contains("GREETING=hello", "EXTRA=1");
    assertThat(BundleBuilder.user("nobody", tmp.resolve("bundle/rootfs")))
        .containsExactly(65534, 65534);
    assertThat(BundleBuilder.user("12:34", tmp)).containsExactly(12, 34);
    assertThatThrownBy(() -> BundleBuilder.user("ghost", tmp.resolve("bundle/rootfs")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesAWorkloadWithNothingToRun() throws IOException {
    Path layout = tmp.resolve("empty-layout");
    var m =
        new org.gridledger.capacity.image.OciLayoutWriter(layout)
            .image(
                "none",
                new ImageConfig(List.of(), List.of(), List.of(), "/", ""),
                List.of(new byte[1024]));
    OciImage noCmd =
        new ImageStore(
                new BlobStore(tmp.resolve("cache2"), List.of(new BlobSource.LayoutDir(layout))))
            .pull(m);
    assertThatThrownBy(
            () ->
                new BundleBuilder()
                    .build(
                        new WorkloadId("w2"),
                        noCmd,
                        new WorkloadSpec(List.of(), Map.of(), Map.of(), List.of()),
                        new WorkloadLimits(500, 64L << 20, 64L << 20, 32),
                        tmp.resolve("b2"),
                        "gl-w2",
                        Optional.empty(),
                        Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no args");
  }
}
