package org.gridledger.capacity.agent;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gridledger.capacity.gateway.GatewayProxy;
import org.gridledger.capacity.gateway.RoutingTable;
import org.gridledger.capacity.identity.HostCapacity;
import org.gridledger.capacity.identity.NodeIdentity;
import org.gridledger.capacity.image.BlobStore;
import org.gridledger.capacity.image.ImageStore;
import org.gridledger.capacity.runtime.Cgroups;
import org.gridledger.capacity.runtime.ContainerException;
import org.gridledger.capacity.runtime.ContainerRuntime;
import org.gridledger.capacity.runtime.RuntimeConfig;
import org.gridledger.sdk.Capacity;
import org.gridledger.sdk.GridClient;
import org.gridledger.sdk.GridException;
import org.gridledger.sdk.NodeInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capacity node's main loop: connect, register (twin and node in the farm; waits for gas money
 * and for the farmer's approval, logging what it waits for), report uptime, then reconcile after
 * every new block and at least every {@code resyncInterval}, and report consumption periodically.
 * Start-up is the same loop: nothing is read from the work dir.
 *
 * <p>Lifecycle: {@link #run()} blocks until {@link #close()}; one thread does all chain and runtime
 * work, the {@link BlockWatcher} only wakes it.
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
  private static final Duration WAIT_LOG_EVERY = Duration.ofSeconds(30);

  private final AgentConfig config;
  private final NodeIdentity identity;
  private final Semaphore wake = new Semaphore(0);
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final long startedNanos = System.nanoTime();

  public Agent(AgentConfig config, NodeIdentity identity) {
    this.config = config;
    this.identity = identity;
  }

  /**
   * The directory of runc's state: on /run (a tmpfs, emptied at boot, exactly when the containers
   * die too), named after the node account so two agents on one host do not share it.
   */
  public static Path runcRoot(String address) {
    return Path.of("/run", "gridledger-" + address.substring(2, 14).toLowerCase());
  }

  /**
   * Runs until {@link #close()}.
   *
   * @throws ContainerException at once, before anything is registered, if the host lacks a cgroup
   *     controller the limits need or the configured runtime cannot use its cgroup layout
   */
  public void run() throws GridException, IOException, InterruptedException {
    RuntimeConfig defaults = RuntimeConfig.defaults(config.workDir());
    Cgroups cgroups = new Cgroups(defaults.cgroupMount());
    cgroups.requireControllers();
    cgroups.requireRuntimeSupport(config.runtimeBinary());
    GridClient client = connect();
    ChainView chain = new ChainView(client, identity.account());
    long nodeId = register(chain);
    awaitApproval(chain, nodeId);

    Files.createDirectories(config.workDir());
    RuntimeConfig rc =
        defaults
            .withRuncBinary(config.runtimeBinary())
            .withPublishAddress(InetAddress.getByName(config.publishAddress()))
            .withRuncRoot(runcRoot(identity.address()));
    RoutingTable routes = new RoutingTable();
    // Weighed as the cores the workloads can actually use: an overcommitted node (more cores
    // offered than the machine has) must not push the agent, whose deploys and port relays also
    // need CPU, down to a sliver of a core.
    long cores =
        Math.min(chain.node(nodeId).total().cru(), Runtime.getRuntime().availableProcessors());
    try {
      new Cgroups(rc.cgroupMount()).weighWorkloads(cores);
    } catch (IOException e) {
      LOG.atWarn()
          .addKeyValue("error", e.toString())
          .log("cannot weigh the workloads' parent cgroup; busy hosts will starve workloads");
    }
    try (ContainerRuntime runtime = new ContainerRuntime(rc);
        GatewayProxy gateway =
            config.gateway().isPresent()
                ? GatewayProxy.start(config.gateway().get(), routes)
                : null;
        BlockWatcher watcher =
            new BlockWatcher(
                config.wsUrl(), chain::blockNumber, config.pollInterval(), n -> wake.release())) {
      runtime.reattach();
      ImageStore images = new ImageStore(new BlobStore(config.imageCache(), config.imageSources()));
      DeploymentCheck check =
          new DeploymentCheck(
              client.chainId(),
              client.addresses().reservations(),
              nodeId,
              identity.deploymentKey().privateKey(),
              gateway != null,
              chain::nameHolder);
      Reconciler reconciler =
          new Reconciler(chain, runtime, images, check, nodeId, config, routes, chain::nameHolder);
      long uptimeEvery =
          Math.max(
              chain.minReportIntervalSeconds(), Math.max(1, chain.uptimeIntervalSeconds() / 2));
      watcher.start();
      LOG.atInfo()
          .addKeyValue("node", nodeId)
          .addKeyValue("uptimeEverySeconds", uptimeEvery)
          .log("reconciling");
      long nextUptime = 0;
      long nextConsumption = System.nanoTime() + config.consumptionInterval().toNanos();
      while (running.get()) {
        long now = System.nanoTime();
        if (now >= nextUptime) {
          reportUptime(chain);
          nextUptime = now + TimeUnit.SECONDS.toNanos(uptimeEvery);
        }
        try {
          Reconciler.Pass pass = reconciler.reconcile();
          if (!pass.actions().isEmpty()) {
            LOG.atInfo()
                .addKeyValue("desired", pass.desired())
                .addKeyValue("actions", pass.actions().size())
                .log("reconciled");
          }
        } catch (GridException | RuntimeException e) {
          LOG.atWarn().addKeyValue("error", e.toString()).log("reconciliation failed; will retry");
        }
        if (System.nanoTime() >= nextConsumption) {
          try {
            reconciler.reportConsumption();
          } catch (GridException | RuntimeException e) {
            LOG.atWarn().addKeyValue("error", e.toString()).log("consumption report failed");
          }
          nextConsumption = System.nanoTime() + config.consumptionInterval().toNanos();
        }
        wake.tryAcquire(config.resyncInterval().toMillis(), TimeUnit.MILLISECONDS);
        wake.drainPermits();
      }
    } finally {
      client.close();
    }
  }

  private GridClient connect() throws InterruptedException, GridException {
    long lastLog = 0;
    while (true) {
      try {
        return GridClient.connect(GridClient.Options.of(config.rpcUrl()), identity.account());
      } catch (GridException.RpcUnavailable e) {
        if (System.nanoTime() - lastLog > WAIT_LOG_EVERY.toNanos()) {
          LOG.atWarn()
              .addKeyValue("rpc", config.rpcUrl())
              .addKeyValue("error", e.getMessage())
              .log("waiting for the ledger node");
          lastLog = System.nanoTime();
        }
        Thread.sleep(2000);
      }
    }
  }

  private long register(ChainView chain) throws GridException, IOException, InterruptedException {
    var existing = chain.nodeIdOf(identity.address());
    if (existing.isPresent()) {
      LOG.atInfo().addKeyValue("node", existing.getAsLong()).log("registered node");
      return existing.getAsLong();
    }
    Capacity total =
        HostCapacity.detect(
            config.workDir(), config.cores(), config.memoryBytes(), config.diskBytes());
    long lastLog = 0;
    while (chain.balance(identity.address()).compareTo(BigInteger.ZERO) == 0) {
      if (System.nanoTime() - lastLog > WAIT_LOG_EVERY.toNanos()) {
        LOG.atWarn()
            .addKeyValue("account", identity.address())
            .log("the node account has no funds for gas: send some to it to register");
        lastLog = System.nanoTime();
      }
      Thread.sleep(2000);
    }
    long id =
        chain.register(
            config.farmId(), total, config.country(), config.city(), "gridledger-capacity-node");
    LOG.atInfo()
        .addKeyValue("node", id)
        .addKeyValue("farm", config.farmId())
        .addKeyValue("capacity", total)
        .log("registered twin and node");
    return id;
  }

  private void awaitApproval(ChainView chain, long nodeId)
      throws GridException, InterruptedException {
    long lastLog = 0;
    while (running.get()) {
      NodeInfo n = chain.node(nodeId);
      if (n.approved()) {
        return;
      }
      if (System.nanoTime() - lastLog > WAIT_LOG_EVERY.toNanos()) {
        LOG.atWarn()
            .addKeyValue("node", nodeId)
            .addKeyValue("farm", n.farmId())
            .log("waiting for the farmer to approve this node (grid farm approve-node)");
        lastLog = System.nanoTime();
      }
      Thread.sleep(config.pollInterval().toMillis());
    }
  }

  private void reportUptime(ChainView chain) {
    try {
      chain.reportUptime(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos));
    } catch (GridException | RuntimeException e) {
      LOG.atDebug().addKeyValue("error", e.toString()).log("uptime report not sent");
    }
  }

  @Override
  public void close() {
    running.set(false);
    wake.release();
  }
}
