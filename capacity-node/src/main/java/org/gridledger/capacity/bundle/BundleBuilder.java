package org.gridledger.capacity.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridledger.capacity.image.LayerUnpacker;
import org.gridledger.capacity.image.OciImage;
import org.gridledger.capacity.workload.WorkloadId;
import org.gridledger.capacity.workload.WorkloadLimits;
import org.gridledger.capacity.workload.WorkloadSpec;

/**
 * Builds an OCI runtime bundle for one workload: unpacks the image into {@code rootfs} (owned by
 * the workload's user-namespace range) and writes {@code config.json} per the OCI runtime spec
 * 1.0.2. docs/capacity-node.md explains each setting; in short:
 *
 * <ul>
 *   <li>namespaces: pid, ipc, uts, mount, cgroup, network (an existing named namespace the runtime
 *       wires with a veth pair), and user when {@link HostFeatures#userNamespaces()};
 *   <li>limits: CFS quota {@code cpuMillis/1000 * period} with period 100 ms and cpu shares in
 *       proportion; memory limit = mru and memory+swap = mru (no swap); pids limit;
 *   <li>file system: read-only rootfs; {@code /data} the writable volume; {@code /run/secrets} a
 *       read-only tmpfs; {@code /tmp}, {@code /dev/shm} small tmpfs (charged to the memory limit);
 *       no {@code /sys};
 *   <li>privileges: no new privileges, a minimal capability set, the default seccomp allow-list
 *       ({@code default-seccomp.json}), the usual masked and read-only {@code /proc} paths, no
 *       devices beyond runc's defaults (null, zero, full, random, urandom, tty).
 * </ul>
 */
public final class BundleBuilder {
  /** Where the writable volume appears inside the workload. */
  public static final String DATA_PATH = "/data";

  /** Where the secrets appear inside the workload (read-only, one file per secret). */
  public static final String SECRETS_PATH = "/run/secrets";

  static final long CPU_PERIOD_US = 100_000;
  static final String CGROUP_PARENT = "/gridledger";

  /**
   * Docker's default capability set without NET_RAW, MKNOD, AUDIT_WRITE, SETFCAP and SYS_CHROOT:
   * enough for a service to drop to another user and bind a low port, nothing that reaches the
   * kernel's administrative interfaces.
   */
  static final List<String> CAPABILITIES =
      List.of(
          "CAP_CHOWN",
          "CAP_DAC_OVERRIDE",
          "CAP_FOWNER",
          "CAP_FSETID",
          "CAP_KILL",
          "CAP_SETGID",
          "CAP_SETUID",
          "CAP_SETPCAP",
          "CAP_NET_BIND_SERVICE");

  private static final List<String> MASKED_PATHS =
      List.of(
          "/proc/acpi",
          "/proc/asound",
          "/proc/kcore",
          "/proc/keys",
          "/proc/latency_stats",
          "/proc/timer_list",
          "/proc/timer_stats",
          "/proc/sched_debug",
          "/proc/scsi",
          "/sys/firmware");
  private static final List<String> READONLY_PATHS =
      List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final JsonNode seccomp;

  public BundleBuilder() {
    try (InputStream in = BundleBuilder.class.getResourceAsStream("default-seccomp.json")) {
      if (in == null) {
        throw new IllegalStateException("default-seccomp.json missing from the class path");
      }
      this.seccomp = JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The seccomp profile placed in every bundle (the default allow-list). */
  public JsonNode seccompProfile() {
    return seccomp.deepCopy();
  }

  /**
   * Unpacks {@code image} into {@code bundleDir/rootfs} and writes {@code bundleDir/config.json}.
   *
   * @param netnsName the named network namespace (under /var/run/netns) the workload joins
   * @param annotations stored in config.json and reported back by {@code runc state}: the runtime
   *     keeps what it needs after a restart there
   */
  public Bundle build(
      WorkloadId id,
      OciImage image,
      WorkloadSpec spec,
      WorkloadLimits limits,
      Path bundleDir,
      String netnsName,
      Optional<IdMapping> idMapping,
      Map<String, String> annotations)
      throws IOException {
    Bundle bundle = new Bundle(id, bundleDir, limits, spec.secrets(), netnsName, idMapping);
    Files.createDirectories(bundleDir);
    Files.setAttribute(bundleDir, "unix:mode", 0711);
    new LayerUnpacker(bundle.hostRootId()).unpack(image, bundle.rootfs());
    ObjectNode config = config(bundle, image, spec, annotations);
    Files.write(bundle.configJson(), JSON.writeValueAsBytes(config));
    return bundle;
  }

  ObjectNode config(
      Bundle bundle, OciImage image, WorkloadSpec spec, Map<String, String> annotations)
      throws IOException {
    ObjectNode c = JSON.createObjectNode();
    c.put("ociVersion", "1.0.2");

    ObjectNode process = c.putObject("process");
    process.put("terminal", false);
    long[] user = user(image.config().user(), bundle.rootfs());
    ObjectNode u = process.putObject("user");
    u.put("uid", user[0]);
    u.put("gid", user[1]);
    List<String> args = new ArrayList<>(spec.args());
    if (args.isEmpty()) {
      args.addAll(image.config().entrypoint());
      args.addAll(image.config().cmd());
    }
    if (args.isEmpty()) {
      throw new IllegalArgumentException(
          "workload " + bundle.id() + ": no args and the image has no entrypoint or cmd");
    }
    args.forEach(process.putArray("args")::add);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    for (String kv : image.config().env()) {
      int eq = kv.indexOf('=');
      if (eq > 0) {
        env.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
    }
    env.putAll(new java.util.TreeMap<>(spec.env()));
    ArrayNode envArray = process.putArray("env");
    env.forEach((k, v) -> envArray.add(k + "=" + v));
    process.put("cwd", image.config().workingDir());
    ObjectNode caps = process.putObject("capabilities");
    for (String set : List.of("bounding", "effective", "permitted")) {
      CAPABILITIES.forEach(caps.putArray(set)::add);
    }
    caps.putArray("inheritable");
    caps.putArray("ambient");
    ObjectNode nofile = process.putArray("rlimits").addObject();
    nofile.put("type", "RLIMIT_NOFILE");
    nofile.put("hard", 1024);
    nofile.put("soft", 1024);
    process.put("noNewPrivileges", true);

    ObjectNode root = c.putObject("root");
    root.put("path", "rootfs");
    root.put("readonly", true);
    c.put("hostname", bundle.id().value());

    ArrayNode mounts = c.putArray("mounts");
    mount(mounts, "/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev"));
    mount(
        mounts,
        "/dev",
        "tmpfs",
        "tmpfs",
        List.of("nosuid", "strictatime", "mode=755", "size=65536k"));
    mount(
        mounts,
        "/dev/pts",
        "devpts",
        "devpts",
        List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"));
    mount(
        mounts,
        "/dev/shm",
        "tmpfs",
        "shm",
        List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k"));
    mount(mounts, "/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev"));
    mount(mounts, "/tmp", "tmpfs", "tmpfs", List.of("nosuid", "nodev", "mode=1777", "size=65536k"));
    mount(
        mounts,
        DATA_PATH,
        "bind",
        bundle.volumeMount().toString(),
        List.of("rbind", "rw", "nosuid", "nodev"));
    mount(
        mounts,
        SECRETS_PATH,
        "bind",
        bundle.secretsMount().toString(),
        List.of("rbind", "ro", "nosuid", "nodev", "noexec"));

    ObjectNode linux = c.putObject("linux");
    ArrayNode ns = linux.putArray("namespaces");
    for (String type : List.of("pid", "ipc", "uts", "mount", "cgroup")) {
      ns.addObject().put("type", type);
    }
    ns.addObject().put("type", "network").put("path", "/var/run/netns/" + bundle.netnsName());
    if (bundle.idMapping().isPresent()) {
      IdMapping m = bundle.idMapping().get();
      ns.addObject().put("type", "user");
      for (String field : List.of("uidMappings", "gidMappings")) {
        ObjectNode e = linux.putArray(field).addObject();
        e.put("containerID", 0);
        e.put("hostID", m.hostId());
        e.put("size", m.size());
      }
    }
    linux.put("cgroupsPath", CGROUP_PARENT + "/" + bundle.id().value());
    ObjectNode res = linux.putObject("resources");
    ObjectNode deny = res.putArray("devices").addObject();
    deny.put("allow", false);
    deny.put("access", "rwm");
    WorkloadLimits limits = bundle.limits();
    ObjectNode memory = res.putObject("memory");
    memory.put("limit", limits.memoryBytes());
    memory.put("swap", limits.memoryBytes());
    memory.put("disableOOMKiller", false);
    ObjectNode cpu = res.putObject("cpu");
    cpu.put("shares", Math.max(2, limits.cpuMillis() * 1024 / 1000));
    cpu.put("quota", limits.cpuMillis() * CPU_PERIOD_US / 1000);
    cpu.put("period", CPU_PERIOD_US);
    res.putObject("pids").put("limit", limits.pids());
    MASKED_PATHS.forEach(linux.putArray("maskedPaths")::add);
    READONLY_PATHS.forEach(linux.putArray("readonlyPaths")::add);
    linux.set("seccomp", seccomp.deepCopy());

    ObjectNode ann = c.putObject("annotations");
    new java.util.TreeMap<>(annotations).forEach(ann::put);
    return c;
  }

  private static void mount(
      ArrayNode mounts, String destination, String type, String source, List<String> options) {
    ObjectNode m = mounts.addObject();
    m.put("destination", destination);
    m.put("type", type);
    m.put("source", source);
    options.forEach(m.putArray("options")::add);
  }

  /**
   * The image config's {@code User}: numeric {@code uid[:gid]}, or a name looked up in the rootfs's
   * {@code /etc/passwd}. Empty means root.
   */
  static long[] user(String spec, Path rootfs) throws IOException {
    if (spec.isEmpty()) {
      return new long[] {0, 0};
    }
    String[] parts = spec.split(":", 2);
    long uid;
    long gid = -1;
    if (parts[0].matches("[0-9]+")) {
      uid = Long.parseLong(parts[0]);
    } else {
      long[] entry = passwd(parts[0], rootfs);
      uid = entry[0];
      gid = entry[1];
    }
    if (parts.length == 2) {
      if (!parts[1].matches("[0-9]+")) {
        throw new IllegalArgumentException("image user group must be numeric: " + spec);
      }
      gid = Long.parseLong(parts[1]);
    }
    return new long[] {uid, gid < 0 ? uid : gid};
  }

  private static long[] passwd(String name, Path rootfs) throws IOException {
    Path passwd = rootfs.resolve("etc/passwd");
    if (!Files.isRegularFile(passwd, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException("image user " + name + ": no /etc/passwd in the image");
    }
    for (String line : Files.readAllLines(passwd)) {
      String[] f = line.split(":");
      if (f.length >= 4 && f[0].equals(name)) {
        return new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])};
      }
    }
    throw new IllegalArgumentException("image user " + name + " not in /etc/passwd");
  }
}
