package org.gridledger.capacity.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gridledger.capacity.gateway.GatewayConfig;
import org.gridledger.capacity.gateway.Route;
import org.gridledger.capacity.gateway.RoutingTable;
import org.gridledger.capacity.image.Digest;
import org.gridledger.capacity.image.ImageException;
import org.gridledger.capacity.image.ImageStore;
import org.gridledger.capacity.image.OciImage;
import org.gridledger.capacity.runtime.ContainerException;
import org.gridledger.capacity.runtime.ContainerRuntime;
import org.gridledger.capacity.runtime.ContainerState;
import org.gridledger.capacity.workload.PortMapping;
import org.gridledger.capacity.workload.WorkloadId;
import org.gridledger.capacity.workload.WorkloadLimits;
import org.gridledger.capacity.workload.WorkloadSpec;
import org.gridledger.sdk.ContractInfo;
import org.gridledger.sdk.GridException;
import org.gridledger.sdk.spec.DeploymentSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converges the containers of one node with the chain. {@link #reconcile()} computes the desired
 * set (the node's contracts in state Created or GracePeriod, read with the contracts' views) and
 * the actual set ({@link ContainerRuntime#list()}) and acts on the difference:
 *
 * <ul>
 *   <li>desired, not running (or running an older deployment hash, or with its bundle gone): fetch,
 *       check ({@link DeploymentCheck}), pull by digest, run, report the result encrypted to the
 *       owner; a refusal is reported with {@code reportFailure} (reason encrypted to the owner,
 *       billing stops) and nothing runs;
 *   <li>GracePeriod: pause; Created again (top-up): resume;
 *   <li>Deleted, or not a contract of this node at all: stop and wipe;
 *   <li>exited (crash, OOM): restarted at most {@link #MAX_RESTARTS} times per deployment, then
 *       reported failed once.
 *   <li>a workload whose spec names a {@code gateway}: routed by the gateway's {@link RoutingTable}
 *       while its container exists and the name's contract is live and its twin's (paused while
 *       either contract is in its grace period), unrouted as soon as that no longer holds. Only the
 *       names of this node's workloads are looked up ({@code nameContractOf}).
 * </ul>
 *
 * <p>Everything it knows it reads again on every pass; what it keeps in memory only saves work
 * (contracts known deleted, deployments already refused, restart counts, bytes already reported),
 * so a restarted agent with an empty work dir converges to the same state.
 *
 * <p>Thread safety: one thread calls {@link #reconcile()} and {@link #reportConsumption()}.
 */
public final class Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  /** Annotation: the contract id a container serves. */
  public static final String ANNOTATION_CONTRACT = "org.gridledger.contract";

  /** Annotation: the deployment hash (0x hex) a container runs. */
  public static final String ANNOTATION_HASH = "org.gridledger.deployment-hash";

  /** Annotation: the host ports the agent allocated, comma separated. */
  public static final String ANNOTATION_HOST_PORTS = "org.gridledger.agent.host-ports";

  /** Annotation: the published ports as {@code containerPort:hostPort}, comma separated. */
  public static final String ANNOTATION_PORT_MAP = "org.gridledger.agent.ports";

  /**
   * Annotation: the workload's gateway name and the container port it routes to, {@code name:port}.
   */
  public static final String ANNOTATION_GATEWAY = "org.gridledger.agent.gateway";

  /** A workload is restarted after it exits at most this many times, then reported failed. */
  public static final int MAX_RESTARTS = 3;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ChainView chain;
  private final ContainerRuntime runtime;
  private final ImageStore images;
  private final DeploymentCheck check;
  private final long nodeId;
  private final AgentConfig config;
  private final Pattern ours;
  private final Set<Long> deleted = new HashSet<>();
  private final Map<Long, String> refused = new HashMap<>();
  private final Map<Long, Restarts> restarts = new HashMap<>();
  private final Map<WorkloadId, Long> bytesReported = new HashMap<>();
  private final Set<WorkloadId> reported = new HashSet<>();
  private final RoutingTable routes;
  private final GatewayNames names;
  private final Map<String, Route> wantedRoutes = new HashMap<>();

  /** A reconciler for a node without a gateway. */
  public Reconciler(
      ChainView chain,
      ContainerRuntime runtime,
      ImageStore images,
      DeploymentCheck check,
      long nodeId,
      AgentConfig config) {
    this(chain, runtime, images, check, nodeId, config, new RoutingTable(), GatewayNames.NONE);
  }

  /**
   * @param routes the gateway's routing table, which this reconciler alone writes
   * @param names who holds a gateway name (checked on every pass for each routed workload)
   */
  public Reconciler(
      ChainView chain,
      ContainerRuntime runtime,
      ImageStore images,
      DeploymentCheck check,
      long nodeId,
      AgentConfig config,
      RoutingTable routes,
      GatewayNames names) {
    this.routes = routes;
    this.names = names;
    this.chain = chain;
    this.runtime = runtime;
    this.images = images;
    this.check = check;
    this.nodeId = nodeId;
    this.config = config;
    this.ours = Pattern.compile("n" + nodeId + "-c([0-9]{1,19})");
  }

  /** The container name of a contract on this node. */
  public static WorkloadId workloadId(long nodeId, long contractId) {
    return new WorkloadId("n" + nodeId + "-c" + contractId);
  }

  /** How often the workload of one deployment exited. */
  private record Restarts(String deploymentHash, int count) {}

  /** What one pass did, for logs and tests. */
  public record Pass(int desired, int running, List<String> actions) {}

  /** One reconciliation pass. RPC failures end the pass early; the next pass retries. */
  public Pass reconcile() throws GridException {
    Map<WorkloadId, ContainerState> actual =
        new TreeMap<>(java.util.Comparator.comparing(WorkloadId::value));
    for (var e : runtime.list().entrySet()) {
      if (ours.matcher(e.getKey().value()).matches()) {
        actual.put(e.getKey(), e.getValue());
      }
    }
    List<String> actions = new ArrayList<>();
    wantedRoutes.clear();
    Map<WorkloadId, ContractInfo> desired = new LinkedHashMap<>();
    for (long id : chain.nodeContractIds(nodeId)) {
      if (deleted.contains(id)) {
        continue;
      }
      ContractInfo c = chain.contract(id);
      if (c.state().equals("Deleted")) {
        deleted.add(id);
        refused.remove(id);
        restarts.remove(id);
        continue;
      }
      if (c.kind().equals("Node") && c.live()) {
        desired.put(workloadId(nodeId, id), c);
      }
    }
    // Not desired (deleted, cancelled, never ours): stop and wipe.
    for (var e : actual.entrySet()) {
      if (!desired.containsKey(e.getKey())) {
        stop(e.getKey(), "not an active contract of this node", actions);
      }
    }
    for (var e : desired.entrySet()) {
      WorkloadId wid = e.getKey();
      ContractInfo c = e.getValue();
      ContainerState s = actual.get(wid);
      if (s != null && !Files.exists(runtime.bundleDirOf(wid).resolve("config.json"))) {
        stop(wid, "its bundle is gone (work dir wiped)", actions);
        s = null;
      }
      if (s != null && !c.deploymentHash().equals(s.annotations().get(ANNOTATION_HASH))) {
        stop(wid, "the contract has a new deployment", actions);
        s = null;
      }
      if (s != null && s.status() == ContainerState.Status.STOPPED) {
        // Counted per deployment: a new deployment from the owner starts from zero.
        Restarts previous = restarts.get(c.id());
        int n =
            previous != null && previous.deploymentHash().equals(c.deploymentHash())
                ? previous.count() + 1
                : 1;
        restarts.put(c.id(), new Restarts(c.deploymentHash(), n));
        boolean oom = s.oomKilled();
        stop(wid, oom ? "it was OOM-killed" : "it exited", actions);
        s = null;
        if (n > MAX_RESTARTS) {
          // Reported failed once: the deployment is then remembered as refused, not run again.
          refuse(
              c,
              "the workload exited "
                  + n
                  + " times"
                  + (oom ? " (the last time OOM-killed: more memory than reserved)" : ""),
              actions);
          continue;
        }
      }
      if (s != null
          && c.state().equals("Created")
          && s.status() != ContainerState.Status.STOPPED
          && !reported.contains(wid)) {
        // Running, but this process has not reported it: an earlier run may have died between
        // starting it and reporting, or the report transaction failed. Report unless the chain's
        // latest report for the current deployment is a fulfilment.
        if (chain.latestReportSinceDeployment(c.id()).orElse(null) == ChainView.Report.FULFILLED) {
          reported.add(wid);
        } else {
          report(
              c,
              parsePortMap(s.annotations().get(ANNOTATION_PORT_MAP)),
              gatewayName(s.annotations()),
              actions);
        }
      }
      if (s == null) {
        if (c.state().equals("GracePeriod")) {
          continue; // deployed again once topped up (a report in grace would revert)
        }
        if (c.deploymentHash().equals(refused.get(c.id()))) {
          continue;
        }
        deploy(wid, c, actions);
      } else if (c.state().equals("GracePeriod") && s.status() == ContainerState.Status.RUNNING) {
        runtime.pause(wid);
        actions.add("paused " + wid);
        LOG.atInfo().addKeyValue("contract", c.id()).log("grace period: workload paused");
      } else if (c.state().equals("Created") && s.status() == ContainerState.Status.PAUSED) {
        runtime.resume(wid);
        actions.add("resumed " + wid);
        LOG.atInfo().addKeyValue("contract", c.id()).log("topped up: workload resumed");
      }
      if (s != null) {
        wantRoute(wid, c, s.annotations());
      }
    }
    syncRoutes(actions);
    return new Pass(desired.size(), actual.size(), actions);
  }

  private static Optional<String> gatewayName(Map<String, String> annotations) {
    String v = annotations.get(ANNOTATION_GATEWAY);
    return v == null || v.indexOf(':') < 0
        ? Optional.empty()
        : Optional.of(v.substring(0, v.indexOf(':')));
  }

  /**
   * Wants the gateway route of a workload that exists, if its spec named a gateway and the name is
   * still held by a live name contract of the workload's twin; paused while either contract is in
   * its grace period.
   */
  private void wantRoute(WorkloadId wid, ContractInfo c, Map<String, String> annotations)
      throws GridException {
    String v = annotations.get(ANNOTATION_GATEWAY);
    if (v == null || v.indexOf(':') < 0) {
      return;
    }
    String name = v.substring(0, v.indexOf(':'));
    int port = Integer.parseInt(v.substring(v.indexOf(':') + 1));
    Optional<ContractInfo> holder = names.holderOf(name);
    if (holder.isEmpty() || holder.get().twinId() != c.twinId()) {
      if (routes.lookup(name).isPresent()) {
        LOG.atInfo()
            .addKeyValue("contract", c.id())
            .addKeyValue("name", name)
            .log("gateway name no longer held by the owner: route removed");
      }
      return;
    }
    Optional<String> address = runtime.workloadAddress(wid);
    if (address.isEmpty()) {
      return;
    }
    boolean paused = c.state().equals("GracePeriod") || holder.get().state().equals("GracePeriod");
    wantedRoutes.put(name, new Route(name, wid, address.get(), port, paused));
  }

  /** Makes the gateway's table equal to the routes this pass wants. */
  private void syncRoutes(List<String> actions) {
    for (String name : routes.snapshot().keySet()) {
      if (!wantedRoutes.containsKey(name)) {
        routes.remove(name);
        actions.add("unrouted " + name);
      }
    }
    for (Route r : wantedRoutes.values()) {
      Optional<Route> now = routes.lookup(r.name());
      if (now.isEmpty() || !now.get().equals(r)) {
        routes.put(r);
        actions.add((r.paused() ? "paused route " : "routed ") + r.name());
        LOG.atInfo()
            .addKeyValue("name", r.name())
            .addKeyValue("workload", r.workload())
            .addKeyValue("paused", r.paused())
            .log("gateway route set");
      }
    }
  }

  private void stop(WorkloadId wid, String why, List<String> actions) {
    try {
      runtime.stop(wid);
      routes.forget(wid);
      bytesReported.remove(wid);
      reported.remove(wid);
      actions.add("stopped " + wid);
      LOG.atInfo().addKeyValue("workload", wid).addKeyValue("reason", why).log("stopped");
    } catch (ContainerException e) {
      LOG.atWarn().addKeyValue("workload", wid).addKeyValue("error", e.getMessage()).log("stop");
    }
  }

  private void deploy(WorkloadId wid, ContractInfo c, List<String> actions) throws GridException {
    Optional<byte[]> envelope = chain.latestDeployment(c.id());
    if (envelope.isEmpty()) {
      refuse(c, "no DeploymentPublished event for the contract", actions);
      return;
    }
    DeploymentCheck.Outcome outcome = check.check(c, envelope.get());
    if (outcome instanceof DeploymentCheck.Refused r) {
      refuse(c, r.reason(), actions);
      return;
    }
    DeploymentSpec spec = ((DeploymentCheck.Accepted) outcome).spec();
    for (DeploymentSpec.Port p : spec.ports()) {
      if (!p.protocol().equalsIgnoreCase("tcp")) {
        refuse(
            c, "port " + p.port() + "/" + p.protocol() + ": only TCP ports are published", actions);
        return;
      }
    }
    var r = c.resources();
    if (r.cru() < 1
        || r.mru() < WorkloadLimits.MIN_MEMORY_BYTES
        || r.sru() < WorkloadLimits.MIN_DISK_BYTES) {
      refuse(
          c,
          "the reservation is below a container's minimum (1 core, 8 MiB memory, 8 MiB disk)",
          actions);
      return;
    }
    OciImage image;
    try {
      image = images.pull(Digest.parse(spec.image().digest()));
    } catch (ImageException | IllegalArgumentException e) {
      refuse(c, "image " + spec.image().digest() + ": " + e.getMessage(), actions);
      return;
    }
    List<Integer> hostPorts = allocatePorts(c.id(), spec.ports().size());
    List<PortMapping> mappings = new ArrayList<>();
    for (int i = 0; i < spec.ports().size(); i++) {
      mappings.add(new PortMapping(spec.ports().get(i).port(), hostPorts.get(i)));
    }
    WorkloadSpec ws;
    try {
      Map<String, byte[]> secrets = new TreeMap<>();
      spec.secrets().forEach((k, v) -> secrets.put(k, v.getBytes(StandardCharsets.UTF_8)));
      ws = new WorkloadSpec(List.of(), spec.env(), secrets, mappings);
    } catch (IllegalArgumentException e) {
      refuse(c, e.getMessage(), actions);
      return;
    }
    WorkloadLimits limits = WorkloadLimits.fromUnits(r.cru(), r.mru(), r.sru(), config.pidsLimit());
    Map<String, String> annotations = new HashMap<>();
    spec.gateway()
        .ifPresent(
            g -> annotations.put(ANNOTATION_GATEWAY, g + ":" + DeploymentCheck.firstTcpPort(spec)));
    annotations.putAll(
        Map.of(
            ANNOTATION_CONTRACT,
            Long.toString(c.id()),
            ANNOTATION_HASH,
            c.deploymentHash(),
            ANNOTATION_HOST_PORTS,
            String.join(",", hostPorts.stream().map(String::valueOf).toList()),
            ANNOTATION_PORT_MAP,
            String.join(
                ",", mappings.stream().map(m -> m.containerPort() + ":" + m.hostPort()).toList())));
    try {
      runtime.run(wid, runtime.prepare(wid, image, ws, limits, annotations));
    } catch (IOException | ContainerException e) {
      LOG.atWarn()
          .addKeyValue("contract", c.id())
          .addKeyValue("error", e.getMessage())
          .log("run failed");
      refuse(c, "the container did not start: " + e.getMessage(), actions);
      return;
    }
    bytesReported.put(wid, 0L);
    reported.remove(wid);
    actions.add("deployed " + wid);
    LOG.atInfo()
        .addKeyValue("contract", c.id())
        .addKeyValue("image", spec.image().digest())
        .addKeyValue("hostPorts", hostPorts)
        .log("workload running");
    if (spec.gateway().isPresent()) {
      // Checked by DeploymentCheck a moment ago; routed now so the report's gateway works at once.
      String name = spec.gateway().get();
      Optional<String> address = runtime.workloadAddress(wid);
      if (address.isPresent()) {
        Route route =
            new Route(name, wid, address.get(), DeploymentCheck.firstTcpPort(spec), false);
        wantedRoutes.put(name, route);
        routes.put(route);
        actions.add("routed " + name);
        LOG.atInfo()
            .addKeyValue("name", name)
            .addKeyValue("workload", wid)
            .addKeyValue("paused", false)
            .log("gateway route set");
      }
    }
    report(c, mappings, spec.gateway(), actions);
  }

  /** Reports the workload of {@code c} running with these published ports. */
  private void report(
      ContractInfo c, List<PortMapping> mappings, Optional<String> gateway, List<String> actions)
      throws GridException {
    ObjectNode result = JSON.createObjectNode();
    result.put("status", "running");
    if (gateway.isPresent() && config.gateway().isPresent()) {
      GatewayConfig g = config.gateway().get();
      result.put(
          "gateway",
          "http://"
              + gateway.get()
              + "."
              + g.domain()
              + (g.port() == 80 ? "" : ":" + g.port())
              + "/");
    }
    if (!mappings.isEmpty()) {
      result.put("endpoint", config.endpointHost() + ":" + mappings.get(0).hostPort());
      ObjectNode ports = result.putObject("ports");
      for (PortMapping m : mappings) {
        ports.put(Integer.toString(m.containerPort()), config.endpointHost() + ":" + m.hostPort());
      }
    }
    chain.reportFulfilment(c.id(), result.toString());
    reported.add(workloadId(nodeId, c.id()));
    actions.add("reported " + c.id());
  }

  private static List<PortMapping> parsePortMap(String text) {
    List<PortMapping> out = new ArrayList<>();
    if (text != null && !text.isEmpty()) {
      for (String pair : text.split(",")) {
        String[] p = pair.split(":");
        out.add(new PortMapping(Integer.parseInt(p[0]), Integer.parseInt(p[1])));
      }
    }
    return out;
  }

  /**
   * Reports a failure with {@code reportFailure} (billing stops), unless the chain's latest report
   * for this deployment already is a failure (an earlier run of the agent reported it), then
   * remembers the deployment as refused: it is not run again until the owner publishes a new one
   * (or the agent restarts: a retry that succeeds reports a fulfilment, and billing starts again).
   */
  private void refuse(ContractInfo c, String reason, List<String> actions) throws GridException {
    actions.add("refused " + c.id() + ": " + reason);
    LOG.atWarn()
        .addKeyValue("contract", c.id())
        .addKeyValue("reason", reason)
        .log("deployment failed");
    if (c.live()
        && chain.latestReportSinceDeployment(c.id()).orElse(null) != ChainView.Report.FAILED) {
      ObjectNode result = JSON.createObjectNode();
      result.put("status", "failed");
      result.put("error", reason);
      chain.reportFailure(c.id(), result.toString());
      actions.add("reported failed " + c.id());
    }
    // Only once reported: if the report fails (RPC), the pass ends here and the next one tries
    // the deployment, and the report, again.
    refused.put(c.id(), c.deploymentHash());
  }

  /**
   * Host ports for a contract: the first candidate is derived from the contract id, so a workload
   * deployed again (after a restart with a wiped work dir) usually gets the same ports; taken or
   * unbindable ports are skipped.
   */
  private List<Integer> allocatePorts(long contractId, int count) {
    Set<Integer> used = new HashSet<>();
    for (ContainerState s : runtime.list().values()) {
      String v = s.annotations().get(ANNOTATION_HOST_PORTS);
      if (v != null && !v.isEmpty()) {
        for (String p : v.split(",")) {
          used.add(Integer.parseInt(p));
        }
      }
    }
    int size = config.portTo() - config.portFrom() + 1;
    List<Integer> out = new ArrayList<>();
    long start = Math.floorMod(contractId * 8, size);
    for (int i = 0; i < size && out.size() < count; i++) {
      int port = config.portFrom() + (int) ((start + i) % size);
      if (!used.contains(port) && bindable(port)) {
        out.add(port);
        used.add(port);
      }
    }
    if (out.size() < count) {
      throw new ContainerException(
          "no free host port in " + config.portFrom() + ".." + config.portTo());
    }
    return out;
  }

  private boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getByName(config.publishAddress()), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Reports, per running workload of a live contract, the bytes its published ports and its gateway
   * route relayed since the last report (counted by the agent's port proxy and the gateway; bytes
   * relayed since the last report are lost if the agent is killed).
   */
  public void reportConsumption() throws GridException {
    for (var e : runtime.list().entrySet()) {
      Matcher m = ours.matcher(e.getKey().value());
      if (!m.matches()) {
        continue;
      }
      long contractId = Long.parseLong(m.group(1));
      long total = runtime.bytesRelayed(e.getKey()) + routes.bytesRelayed(e.getKey());
      long before = bytesReported.getOrDefault(e.getKey(), 0L);
      long delta = total - before;
      if (delta > 0 && !deleted.contains(contractId)) {
        chain.reportConsumption(contractId, delta);
        bytesReported.put(e.getKey(), total);
        LOG.atInfo()
            .addKeyValue("contract", contractId)
            .addKeyValue("bytes", delta)
            .log("consumption reported");
      }
    }
  }
}
