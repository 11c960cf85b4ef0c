package org.gridledger.capacity.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.gridledger.capacity.bundle.Bundle;
import org.gridledger.capacity.bundle.BundleBuilder;
import org.gridledger.capacity.bundle.IdMapping;
import org.gridledger.capacity.image.LayerUnpacker;
import org.gridledger.capacity.image.OciImage;
import org.gridledger.capacity.workload.PortMapping;
import org.gridledger.capacity.workload.WorkloadId;
import org.gridledger.capacity.workload.WorkloadLimits;
import org.gridledger.capacity.workload.WorkloadSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs workloads as runc containers and reports the actual set, for a reconciler that converges it
 * to the desired set: {@code for id in desired - actual: run(id, prepare(...))}, {@code for id in
 * actual - desired: stop(id)}.
 *
 * <p>The actual set comes from runc's own state ({@link #list()}), never from memory, so it is
 * right after an agent restart; {@link #reattach()} then reopens the published ports of the running
 * containers from their annotations. Each operation is idempotent where that makes sense: stopping
 * an unknown workload is a no-op, running a running one is refused.
 *
 * <p>Thread safety: operations on different workloads may run concurrently; the caller serialises
 * operations on one workload (the reconciler does).
 */
public final class ContainerRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerRuntime.class);

  /** Annotation keys written into config.json and read back through runc. */
  public static final String ANNOTATION_SLOT = "org.gridledger.network.slot";

  public static final String ANNOTATION_PORTS = "org.gridledger.ports";

  /** Size of each workload's user-namespace id range, and the first host id used. */
  static final long ID_RANGE = 65536;

  static final long ID_BASE = 1_000_000;

  private final RuntimeConfig config;
  private final Runc runc;
  private final Cgroups cgroups;
  private final BundleBuilder bundles = new BundleBuilder();
  private final Map<WorkloadId, List<PortForwarder>> forwarders = new ConcurrentHashMap<>();
  private final Set<Integer> reservedSlots = ConcurrentHashMap.newKeySet();

  public ContainerRuntime(RuntimeConfig config) {
    this.config = config;
    this.runc = new Runc(config.runcBinary(), config.runcRoot());
    this.cgroups = new Cgroups(config.cgroupMount());
  }

  public RuntimeConfig config() {
    return config;
  }

  public Cgroups cgroups() {
    return cgroups;
  }

  /**
   * Prepares a bundle: picks a free network slot (and with it the workload's user-namespace range),
   * unpacks the verified image and writes config.json. Nothing runs yet.
   */
  public Bundle prepare(WorkloadId id, OciImage image, WorkloadSpec spec, WorkloadLimits limits)
      throws IOException {
    return prepare(id, image, spec, limits, Map.of());
  }

  /**
   * As {@link #prepare(WorkloadId, OciImage, WorkloadSpec, WorkloadLimits)}, with extra annotations
   * written into config.json; {@link #list()} reads them back (the agent keeps the contract's
   * deployment hash there, so the actual set says which deployment each container runs).
   */
  public Bundle prepare(
      WorkloadId id,
      OciImage image,
      WorkloadSpec spec,
      WorkloadLimits limits,
      Map<String, String> extraAnnotations)
      throws IOException {
    if (state(id).isPresent()) {
      throw new ContainerException("workload " + id + " already exists");
    }
    if (config.features().userNamespaces()) {
      requireTraversable(bundleDir(id).getParent());
    }
    int slot = allocateSlot();
    try {
      Path dir = bundleDir(id);
      if (Files.exists(dir)) {
        LayerUnpacker.deleteRecursively(dir);
      }
      Optional<IdMapping> mapping =
          config.features().userNamespaces()
              ? Optional.of(new IdMapping(ID_BASE + slot * ID_RANGE, ID_RANGE))
              : Optional.empty();
      Map<String, String> annotations = new HashMap<>(extraAnnotations);
      annotations.put(ANNOTATION_SLOT, Integer.toString(slot));
      annotations.put(ANNOTATION_PORTS, formatPorts(spec.ports()));
      return bundles.build(id, image, spec, limits, dir, netnsName(id), mapping, annotations);
    } catch (IOException | RuntimeException e) {
      reservedSlots.remove(slot);
      throw e;
    }
  }

  /**
   * Sets up the host side (network namespace, volume, secrets tmpfs), creates and starts the
   * container and opens its published ports. On failure everything set up is removed again.
   */
  public ContainerState run(WorkloadId id, Bundle bundle) {
    if (!bundle.id().equals(id)) {
      throw new IllegalArgumentException("bundle of " + bundle.id() + " given for " + id);
    }
    if (state(id).isPresent()) {
      // Checked before anything is set up: the failure path below stops the workload.
      throw new ContainerException("workload " + id + " already exists");
    }
    WorkloadNetwork network = network(id, annotations(bundle));
    try {
      network.create();
      HostMounts.createVolume(bundle);
      HostMounts.createSecrets(bundle, bundle.secrets());
      runc.create(id.value(), bundle.dir(), logFile(id));
      runc.start(id.value());
      openPorts(id, network, parsePorts(annotations(bundle).get(ANNOTATION_PORTS)));
      LOG.atInfo().addKeyValue("workload", id).addKeyValue("slot", network.slot()).log("started");
      return state(id).orElseThrow(() -> new ContainerException(id + ": vanished after start"));
    } catch (IOException | RuntimeException e) {
      LOG.atWarn().addKeyValue("workload", id).addKeyValue("error", e.toString()).log("run failed");
      try {
        stop(id);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      cleanupHost(id, bundle.dir(), network);
      if (e instanceof ContainerException ce) {
        throw ce;
      }
      throw new ContainerException("workload " + id + ": " + e.getMessage(), e);
    } finally {
      reservedSlots.remove(network.slot());
    }
  }

  /**
   * Stops and removes a workload: kills it, records its final state, deletes the container (and
   * with it the cgroups), closes its ports, removes the network namespace, unmounts and deletes the
   * volume, the secrets tmpfs, the bundle and the log. Returns the final state, empty if it did not
   * exist.
   */
  public Optional<ContainerState> stop(WorkloadId id) {
    Optional<ContainerState> before = state(id);
    Optional<ContainerState> last = before;
    if (before.isPresent()) {
      if (before.get().status() == ContainerState.Status.PAUSED) {
        runc.resume(id.value()); // a frozen task cannot act on SIGKILL until thawed
      }
      if (before.get().status() != ContainerState.Status.STOPPED) {
        try {
          runc.kill(id.value(), "KILL");
        } catch (ContainerException e) {
          // raced with its own exit
        }
        last = awaitStopped(id, Duration.ofSeconds(10)).or(() -> before);
      }
      runc.delete(id.value());
    }
    Map<String, String> ann =
        before.map(ContainerState::annotations).orElseGet(() -> readAnnotations(id));
    WorkloadNetwork network = ann.containsKey(ANNOTATION_SLOT) ? network(id, ann) : null;
    cleanupHost(id, bundleDir(id), network);
    if (before.isPresent()) {
      LOG.atInfo().addKeyValue("workload", id).log("stopped and removed");
    }
    return last;
  }

  /** Freezes every task of the workload (cgroup freezer): it keeps its memory, gets no CPU. */
  public void pause(WorkloadId id) {
    runc.pause(id.value());
  }

  /** Thaws a paused workload. */
  public void resume(WorkloadId id) {
    runc.resume(id.value());
  }

  /** The workload's state, or empty if runc does not know it. */
  public Optional<ContainerState> state(WorkloadId id) {
    return runc.state(id.value()).map(this::toState);
  }

  /** The actual set: every container under this agent's runc root, by workload id. */
  public Map<WorkloadId, ContainerState> list() {
    Map<WorkloadId, ContainerState> out = new TreeMap<>((a, b) -> a.value().compareTo(b.value()));
    for (JsonNode c : runc.list()) {
      try {
        ContainerState s = toState(c);
        out.put(s.id(), s);
      } catch (IllegalArgumentException e) {
        LOG.atWarn().addKeyValue("id", c.path("id").asText()).log("foreign container ignored");
      }
    }
    return out;
  }

  /** The workload's cgroup counters, or empty when it has no cgroup (not running or removed). */
  public Optional<ResourceUsage> usage(WorkloadId id) {
    return cgroups.usage(id);
  }

  /**
   * Bytes relayed in both directions through the workload's published ports since this runtime
   * opened them (zero when none are open).
   */
  public long bytesRelayed(WorkloadId id) {
    List<PortForwarder> open = forwarders.get(id);
    return open == null ? 0 : open.stream().mapToLong(PortForwarder::bytesRelayed).sum();
  }

  /** The workload's bundle directory, present while the workload exists. */
  public Path bundleDirOf(WorkloadId id) {
    return bundleDir(id);
  }

  /** The address the workload has inside its network namespace. */
  public Optional<String> workloadAddress(WorkloadId id) {
    return state(id)
        .filter(s -> s.annotations().containsKey(ANNOTATION_SLOT))
        .map(s -> network(id, s.annotations()).workloadAddress());
  }

  /**
   * After an agent restart: reopens the published ports of every running or paused container found
   * in runc's state. Containers that stopped while the agent was away are left for the reconciler.
   */
  public void reattach() {
    for (ContainerState s : list().values()) {
      if (s.status() == ContainerState.Status.STOPPED || forwarders.containsKey(s.id())) {
        continue;
      }
      try {
        openPorts(
            s.id(),
            network(s.id(), s.annotations()),
            parsePorts(s.annotations().get(ANNOTATION_PORTS)));
      } catch (IOException | RuntimeException e) {
        LOG.atWarn()
            .addKeyValue("workload", s.id())
            .addKeyValue("error", e.toString())
            .log("reattach");
      }
    }
  }

  /**
   * Closes the published ports; containers keep running (they belong to the machine, not to us).
   */
  @Override
  public void close() {
    forwarders.values().forEach(list -> list.forEach(PortForwarder::close));
    forwarders.clear();
  }

  Path bundleDir(WorkloadId id) {
    return config.workDir().resolve("bundles").resolve(id.value());
  }

  Path logFile(WorkloadId id) {
    return config.workDir().resolve("logs").resolve(id.value() + ".log");
  }

  static String netnsName(WorkloadId id) {
    return "gl-" + id.value();
  }

  private ContainerState toState(JsonNode runcState) {
    WorkloadId id = new WorkloadId(runcState.path("id").asText());
    ContainerState.Status status = ContainerState.Status.parse(runcState.path("status").asText());
    Map<String, String> annotations = new HashMap<>();
    runcState
        .path("annotations")
        .properties()
        .forEach(e -> annotations.put(e.getKey(), e.getValue().asText()));
    boolean oom = cgroups.usage(id).map(u -> u.oomKills() > 0).orElse(false);
    long pid = status == ContainerState.Status.STOPPED ? 0 : runcState.path("pid").asLong();
    return new ContainerState(id, status, pid, oom, annotations);
  }

  private Optional<ContainerState> awaitStopped(WorkloadId id, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<ContainerState> s = state(id);
      if (s.isEmpty() || s.get().status() == ContainerState.Status.STOPPED) {
        return s;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return Optional.empty();
  }

  private void openPorts(WorkloadId id, WorkloadNetwork network, List<PortMapping> ports)
      throws IOException {
    List<PortForwarder> opened = new ArrayList<>();
    try {
      for (PortMapping p : ports) {
        opened.add(
            new PortForwarder(
                config.publishAddress(),
                p.hostPort(),
                new InetSocketAddress(network.workloadAddress(), p.containerPort())));
      }
    } catch (IOException e) {
      opened.forEach(PortForwarder::close);
      throw e;
    }
    forwarders.put(id, opened);
  }

  private void cleanupHost(WorkloadId id, Path bundleDir, WorkloadNetwork network) {
    List<PortForwarder> open = forwarders.remove(id);
    if (open != null) {
      open.forEach(PortForwarder::close);
    }
    if (network != null) {
      network.remove();
    } else if (Files.exists(Path.of("/var/run/netns", netnsName(id)))) {
      Commands.run(List.of("ip", "netns", "del", netnsName(id)));
    }
    // The same layout as Bundle#secretsMount and Bundle#volumeMount.
    HostMounts.unmountAll(bundleDir.resolve("secrets"), bundleDir.resolve("volume"));
    try {
      if (Files.exists(bundleDir)) {
        LayerUnpacker.deleteRecursively(bundleDir);
      }
      Files.deleteIfExists(logFile(id));
    } catch (IOException e) {
      throw new ContainerException("workload " + id + ": removing " + bundleDir + ": " + e, e);
    }
  }

  /**
   * With user namespaces the workload's root is an unprivileged host uid that must be able to reach
   * its rootfs: every directory above the bundles needs search permission for others (mode o+x;
   * 0711 is enough, nothing needs to be listable).
   */
  private static void requireTraversable(Path bundles) throws IOException {
    Files.createDirectories(bundles);
    // Ours to set (the work dir and its bundles/): created under the process umask, perhaps 077.
    Files.setAttribute(bundles, "unix:mode", 0711);
    Files.setAttribute(bundles.getParent(), "unix:mode", 0711);
    for (Path p = bundles.toAbsolutePath(); p != null; p = p.getParent()) {
      int mode = (Integer) Files.getAttribute(p, "unix:mode");
      if ((mode & 01) == 0) {
        throw new ContainerException(
            p
                + " is not searchable by other users (mode "
                + Integer.toOctalString(mode & 07777)
                + "): the workloads' user-namespace root ids cannot reach their bundles under it;"
                + " chmod o+x it or choose another work directory");
      }
    }
  }

  private int allocateSlot() {
    Set<Integer> used = new HashSet<>(reservedSlots);
    for (ContainerState s : list().values()) {
      String slot = s.annotations().get(ANNOTATION_SLOT);
      if (slot != null) {
        used.add(Integer.parseInt(slot));
      }
    }
    for (int slot = 0; slot < WorkloadNetwork.MAX_SLOTS; slot++) {
      if (!used.contains(slot)
          && !new WorkloadNetwork(slot, "probe").interfaceExists()
          && reservedSlots.add(slot)) {
        return slot;
      }
    }
    throw new ContainerException("no free network slot (" + WorkloadNetwork.MAX_SLOTS + " in use)");
  }

  private Map<String, String> annotations(Bundle bundle) {
    return readAnnotations(bundle.configJson());
  }

  private Map<String, String> readAnnotations(WorkloadId id) {
    return readAnnotations(bundleDir(id).resolve("config.json"));
  }

  private static Map<String, String> readAnnotations(Path configJson) {
    Map<String, String> out = new HashMap<>();
    if (!Files.isRegularFile(configJson)) {
      return out;
    }
    try {
      JsonNode ann =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(configJson.toFile())
              .path("annotations");
      ann.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
      return out;
    } catch (IOException e) {
      throw new ContainerException(configJson + ": unreadable: " + e.getMessage(), e);
    }
  }

  private static WorkloadNetwork network(WorkloadId id, Map<String, String> annotations) {
    String slot = annotations.get(ANNOTATION_SLOT);
    if (slot == null) {
      throw new ContainerException("workload " + id + ": no network slot annotation");
    }
    return new WorkloadNetwork(Integer.parseInt(slot), netnsName(id));
  }

  static String formatPorts(List<PortMapping> ports) {
    StringBuilder sb = new StringBuilder();
    for (PortMapping p : ports) {
      if (!sb.isEmpty()) {
        sb.append(',');
      }
      sb.append(p.containerPort()).append(':').append(p.hostPort());
    }
    return sb.toString();
  }

  static List<PortMapping> parsePorts(String text) {
    List<PortMapping> out = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String pair : text.split(",")) {
      String[] f = pair.split(":");
      out.add(new PortMapping(Integer.parseInt(f[0]), Integer.parseInt(f[1])));
    }
    return out;
  }
}
