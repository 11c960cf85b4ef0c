package org.gridledger.capacity.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.gridledger.capacity.TestImages;
import org.gridledger.capacity.bundle.Bundle;
import org.gridledger.capacity.image.BlobSource;
import org.gridledger.capacity.image.BlobStore;
import org.gridledger.capacity.image.Digest;
import org.gridledger.capacity.image.ImageException;
import org.gridledger.capacity.image.ImageStore;
import org.gridledger.capacity.image.OciImage;
import org.gridledger.capacity.workload.PortMapping;
import org.gridledger.capacity.workload.WorkloadId;
import org.gridledger.capacity.workload.WorkloadLimits;
import org.gridledger.capacity.workload.WorkloadSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real runc containers from a busybox image built by our own layout writer. Needs root, runc and
 * busybox-static (the module's build installs them); run alone with {@code -Dgroups=container}.
 */
@Tag("container")
class ContainerRuntimeTest {
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final WorkloadLimits SMALL = new WorkloadLimits(500, 64L << 20, 32L << 20, 64);

  @TempDir static Path shared;
  static Path layout;
  static Digest manifest;
  static OciImage image;

  @TempDir Path tmp;
  ContainerRuntime runtime;

  @BeforeAll
  static void image() throws IOException {
    assertThat(System.getProperty("user.name"))
        .as("the container tests run runc and mount file systems: run them as root")
        .isEqualTo("root");
    layout = shared.resolve("layout");
    manifest = TestImages.busybox(layout);
    image =
        new ImageStore(
                new BlobStore(shared.resolve("cache"), List.of(new BlobSource.LayoutDir(layout))))
            .pull(manifest);
  }

  @BeforeEach
  void runtime() {
    runtime = new ContainerRuntime(RuntimeConfig.defaults(tmp.resolve("work")));
  }

  @AfterEach
  void cleanUp() {
    for (WorkloadId id : runtime.list().keySet()) {
      runtime.stop(id);
    }
    runtime.close();
  }

  static WorkloadId newId(String stem) {
    return new WorkloadId(
        "t" + ProcessHandle.current().pid() + "-" + stem + "-" + SEQ.incrementAndGet());
  }

  ContainerState start(WorkloadId id, WorkloadSpec spec, WorkloadLimits limits) throws IOException {
    Bundle bundle = runtime.prepare(id, image, spec, limits);
    return runtime.run(id, bundle);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  static String httpGet(int port) {
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/index.html"))
                  .timeout(Duration.ofSeconds(3))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : "HTTP " + r.statusCode();
    } catch (IOException e) {
      return "error " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  ContainerState stateOf(WorkloadId id) {
    return runtime.state(id).orElseThrow();
  }

  @Test
  void servesHttpOnThePublishedPort() throws IOException {
    WorkloadId id = newId("httpd");
    int port = freePort();
    ContainerState s =
        start(
            id,
            WorkloadSpec.command("httpd", "-f", "-p", "8080", "-h", "/www")
                .withPorts(new PortMapping(8080, port)),
            SMALL);
    assertThat(s.status()).isEqualTo(ContainerState.Status.RUNNING);
    assertThat(s.pid()).isPositive();
    await(
        "httpd answers", Duration.ofSeconds(15), () -> httpGet(port).equals(TestImages.INDEX_HTML));
    assertThat(runtime.list()).containsKey(id);
    // Starting it again is refused and leaves the running one alone.
    assertThatThrownBy(() -> runtime.prepare(id, image, WorkloadSpec.command("true"), SMALL))
        .isInstanceOf(ContainerException.class);
    Bundle other =
        new Bundle(id, tmp.resolve("other"), SMALL, Map.of(), "gl-x", java.util.Optional.empty());
    assertThatThrownBy(() -> runtime.run(id, other)).isInstanceOf(ContainerException.class);
    assertThat(httpGet(port)).isEqualTo(TestImages.INDEX_HTML);
  }

  @Test
  void allocatingMoreThanTheMemoryLimitIsOomKilledAndDetected() throws IOException {
    WorkloadId id = newId("oom");
    start(
        id,
        WorkloadSpec.command("dd", "if=/dev/zero", "of=/dev/null", "bs=256M", "count=1"),
        new WorkloadLimits(500, 32L << 20, 16L << 20, 16));
    await(
        "the workload stops",
        Duration.ofSeconds(20),
        () -> stateOf(id).status() == ContainerState.Status.STOPPED);
    ContainerState s = stateOf(id);
    assertThat(s.oomKilled()).isTrue();
    ResourceUsage u = runtime.usage(id).orElseThrow();
    assertThat(u.oomKills()).isPositive();
    assertThat(u.maxMemoryBytes()).isLessThanOrEqualTo(32L << 20);
    // No swap on top: memory+swap is limited to the same 32 MiB (where the kernel accounts swap).
    Path memsw = runtime.cgroups().dir("memory", id).resolve("memory.memsw.limit_in_bytes");
    if (Files.exists(memsw)) {
      assertThat(Long.parseLong(Files.readString(memsw).trim())).isEqualTo(32L << 20);
    }
    assertThat(runtime.stop(id).orElseThrow().oomKilled()).isTrue();
  }

  @Test
  void aForkBombHitsThePidsLimit() throws IOException {
    WorkloadId id = newId("forkbomb");
    start(
        id,
        WorkloadSpec.command("sh", "-c", "b() { b | b & }; b; sleep 60"),
        new WorkloadLimits(500, 64L << 20, 16L << 20, 24));
    await(
        "forks refused by the pids limit",
        Duration.ofSeconds(20),
        () -> runtime.usage(id).map(u -> u.pidsLimitHits() > 0).orElse(false));
    ResourceUsage u = runtime.usage(id).orElseThrow();
    assertThat(u.pids()).isLessThanOrEqualTo(24);
    // The machine is still fine: a new workload starts and answers.
    assertThat(runtime.stop(id)).isPresent();
    assertThat(runtime.state(id)).isEmpty();
  }

  @Test
  void cpuBoundWorkIsHeldToItsQuota() throws IOException, InterruptedException {
    WorkloadId id = newId("cpu");
    // Three busy loops could use three cores; the quota is half a core.
    start(
        id,
        WorkloadSpec.command(
            "sh", "-c", "while :; do :; done & while :; do :; done & while :; do :; done"),
        new WorkloadLimits(500, 64L << 20, 16L << 20, 32));
    Thread.sleep(500);
    long cpu0 = runtime.usage(id).orElseThrow().cpuNanos();
    long t0 = System.nanoTime();
    Thread.sleep(4000);
    long cpu1 = runtime.usage(id).orElseThrow().cpuNanos();
    long t1 = System.nanoTime();
    double ratio = (double) (cpu1 - cpu0) / (t1 - t0);
    System.out.printf(
        "cpu quota 0.5 core: measured %.3f cores over %.1f s%n", ratio, (t1 - t0) / 1e9);
    // Above the quota is a failure of the limit; well below it only means a busy host.
    assertThat(ratio).isLessThanOrEqualTo(0.55).isGreaterThan(0.25);
  }

  @Test
  void workloadsSeeNeitherTheHostNorTheAgentNorEachOther() throws IOException {
    Path agentSecret = tmp.resolve("work/identity.sealed");
    Files.createDirectories(agentSecret.getParent());
    Files.writeString(agentSecret, "agent identity");
    Path hostFile = tmp.resolve("host-only-file");
    Files.writeString(hostFile, "host");

    WorkloadId a = newId("iso-a");
    start(
        a,
        WorkloadSpec.command("sh", "-c", "echo a-private > /data/a-file; httpd -f -p 8080 -h /www"),
        SMALL);
    String aAddress = runtime.workloadAddress(a).orElseThrow();
    Path aVolume = runtime.bundleDir(a).resolve("volume");
    await(
        "a wrote its file", Duration.ofSeconds(10), () -> Files.exists(aVolume.resolve("a-file")));

    WorkloadId b = newId("iso-b");
    String probes =
        String.join(
            " ",
            agentSecret.toString(),
            agentSecret.getParent().toString(),
            hostFile.toString(),
            aVolume.toString(),
            aVolume.resolve("a-file").toString(),
            "/usr/bin/busybox",
            "/sys/class",
            "/run/secrets/../../" + tmp);
    String script =
        "for p in "
            + probes
            + "; do if [ -e $p ]; then echo VISIBLE $p; fi; done;"
            + " ls /proc | grep -c '^[0-9]' > /data/pids;"
            + " cat /run/secrets/token > /data/secret;"
            + " touch /rootfs-probe 2>/dev/null && echo ROOTFS-WRITABLE;"
            + " wget -q -T 3 -O- http://"
            + aAddress
            + ":8080/index.html && echo REACHED-A;"
            + " cat /proc/self/uid_map > /data/uid_map;"
            + " grep -E '^(NoNewPrivs|Seccomp|CapEff):' /proc/self/status > /data/status;"
            + " mount -t tmpfs none /tmp 2>/dev/null && echo MOUNTED;"
            + " unshare -n true 2>/dev/null && echo UNSHARED;"
            + " ls /sys 2>/dev/null | grep -q . && echo SYSFS;"
            + " echo done";
    Bundle bundleB =
        runtime.prepare(
            b,
            image,
            WorkloadSpec.command("sh", "-c", script + " > /data/report 2>&1")
                .withSecrets(Map.of("token", "s3cret-token".getBytes())),
            SMALL);
    runtime.run(b, bundleB);
    await(
        "b finished",
        Duration.ofSeconds(20),
        () -> stateOf(b).status() == ContainerState.Status.STOPPED);
    String report = Files.readString(bundleB.volumeMount().resolve("report"));
    assertThat(report)
        .contains("done")
        .doesNotContain("VISIBLE", "ROOTFS-WRITABLE", "REACHED-A", "MOUNTED", "UNSHARED", "SYSFS");
    String status = Files.readString(bundleB.volumeMount().resolve("status"));
    assertThat(status).contains("NoNewPrivs:\t1").contains("Seccomp:\t2");
    // CAP_CHOWN..CAP_SETPCAP (bits 0-8 except CAP_DAC_READ_SEARCH, 2) and CAP_NET_BIND_SERVICE
    // (10).
    assertThat(status).contains("CapEff:\t00000000000005fb");
    assertThat(Files.readString(bundleB.volumeMount().resolve("secret"))).isEqualTo("s3cret-token");
    // Only b's own shell, ls and grep in its pid namespace (none of the host's or a's).
    assertThat(Integer.parseInt(Files.readString(bundleB.volumeMount().resolve("pids")).trim()))
        .isLessThanOrEqualTo(4);
    if (runtime.config().features().userNamespaces()) {
      assertThat(Files.readString(bundleB.volumeMount().resolve("uid_map")).trim().split("\\s+"))
          .containsExactly("0", Long.toString(bundleB.hostRootId()), "65536");
    }
    // The secret is on a tmpfs, not on disk.
    assertThat(HostMounts.isMountPoint(bundleB.secretsMount())).isTrue();
  }

  @Test
  void theWritableVolumeIsLimitedToItsSizeAndTheRootfsIsReadOnly() throws IOException {
    WorkloadId id = newId("disk");
    Bundle bundle =
        runtime.prepare(
            id,
            image,
            WorkloadSpec.command(
                "sh",
                "-c",
                "dd if=/dev/zero of=/data/big bs=1M count=64 2>/data/dd.err;"
                    + " touch /bin/x 2>/data/rootfs.err || echo read-only > /data/rootfs; sleep 60"),
            new WorkloadLimits(500, 64L << 20, 16L << 20, 16));
    runtime.run(id, bundle);
    await(
        "the writes finish",
        Duration.ofSeconds(20),
        () -> Files.exists(bundle.volumeMount().resolve("rootfs")));
    assertThat(Files.size(bundle.volumeMount().resolve("big"))).isLessThanOrEqualTo(16L << 20);
    assertThat(Files.readString(bundle.volumeMount().resolve("dd.err"))).contains("No space left");
    assertThat(bundle.rootfs().resolve("bin/x")).doesNotExist();
    // Sparse: the 16 MiB image does not take 16 MiB of host disk up front (here: what dd wrote).
    assertThat(Files.size(bundle.volumeImage())).isEqualTo(16L << 20);
  }

  @Test
  void pauseFreezesAndResumeThaws() throws IOException, InterruptedException {
    WorkloadId id = newId("pause");
    start(id, WorkloadSpec.command("sh", "-c", "while :; do :; done"), SMALL);
    runtime.pause(id);
    assertThat(stateOf(id).status()).isEqualTo(ContainerState.Status.PAUSED);
    Path freezer = runtime.cgroups().dir("freezer", id);
    if (runtime.cgroups().unified()) {
      assertThat(Files.readString(freezer.resolve("cgroup.freeze")).trim()).isEqualTo("1");
    } else {
      assertThat(Files.readString(freezer.resolve("freezer.state")).trim()).isEqualTo("FROZEN");
    }
    long frozen0 = runtime.usage(id).orElseThrow().cpuNanos();
    Thread.sleep(1000);
    assertThat(runtime.usage(id).orElseThrow().cpuNanos() - frozen0).isLessThan(5_000_000);
    runtime.resume(id);
    assertThat(stateOf(id).status()).isEqualTo(ContainerState.Status.RUNNING);
    long thawed0 = runtime.usage(id).orElseThrow().cpuNanos();
    Thread.sleep(1000);
    assertThat(runtime.usage(id).orElseThrow().cpuNanos() - thawed0).isGreaterThan(50_000_000);
    // Stopping a paused workload works too.
    assertThat(runtime.stop(id)).isPresent();
    assertThat(runtime.state(id)).isEmpty();
  }

  @Test
  void stopRemovesTheContainerAndItsWritableData() throws IOException {
    WorkloadId id = newId("stop");
    int port = freePort();
    Bundle bundle =
        runtime.prepare(
            id,
            image,
            WorkloadSpec.command("sh", "-c", "echo data > /data/file; httpd -f -p 80 -h /www")
                .withPorts(new PortMapping(80, port)),
            SMALL);
    runtime.run(id, bundle);
    await(
        "data written",
        Duration.ofSeconds(10),
        () -> Files.exists(bundle.volumeMount().resolve("file")));
    await(
        "httpd answers", Duration.ofSeconds(15), () -> httpGet(port).equals(TestImages.INDEX_HTML));

    assertThat(runtime.stop(id)).isPresent();
    assertThat(runtime.state(id)).isEmpty();
    assertThat(runtime.list()).doesNotContainKey(id);
    assertThat(bundle.dir()).doesNotExist();
    assertThat(HostMounts.isMountPoint(bundle.volumeMount())).isFalse();
    assertThat(HostMounts.isMountPoint(bundle.secretsMount())).isFalse();
    assertThat(Path.of("/var/run/netns", ContainerRuntime.netnsName(id))).doesNotExist();
    assertThat(runtime.cgroups().dir("memory", id)).doesNotExist();
    assertThat(httpGet(port)).startsWith("error");
    assertThat(runtime.stop(id)).isEmpty(); // idempotent
  }

  @Test
  void aTamperedLayerIsRefusedAndNothingRuns() throws IOException {
    Path bad = tmp.resolve("bad-layout");
    Digest m = TestImages.busybox(bad);
    ImageStore store =
        new ImageStore(new BlobStore(tmp.resolve("cache"), List.of(new BlobSource.LayoutDir(bad))));
    Path layer = bad.resolve("blobs/sha256/" + image.layers().get(0).descriptor().digest().hex());
    byte[] bytes = Files.readAllBytes(layer);
    bytes[100] ^= 0x40;
    Files.write(layer, bytes);
    int before = runtime.list().size();
    assertThatThrownBy(() -> store.pull(m))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("refused");
    assertThat(runtime.list()).hasSize(before);
    assertThat(tmp.resolve("cache/sha256/" + image.layers().get(0).descriptor().digest().hex()))
        .doesNotExist();
  }

  @Test
  void theActualSetSurvivesAnAgentRestart() throws IOException {
    WorkloadId id = newId("restart");
    int port = freePort();
    start(
        id,
        WorkloadSpec.command("httpd", "-f", "-p", "8080", "-h", "/www")
            .withPorts(new PortMapping(8080, port)),
        SMALL);
    await(
        "httpd answers", Duration.ofSeconds(15), () -> httpGet(port).equals(TestImages.INDEX_HTML));
    runtime.close(); // the agent goes away; the container keeps running
    assertThat(httpGet(port)).startsWith("error");

    runtime = new ContainerRuntime(RuntimeConfig.defaults(tmp.resolve("work")));
    assertThat(runtime.list()).containsKey(id);
    assertThat(runtime.list().get(id).status()).isEqualTo(ContainerState.Status.RUNNING);
    runtime.reattach();
    await(
        "httpd answers again",
        Duration.ofSeconds(15),
        () -> httpGet(port).equals(TestImages.INDEX_HTML));
  }
}
