package org.gridledger.bench.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.gridledger.capacity.image.Digest;
import org.gridledger.capacity.runtime.ContainerRuntime;
import org.gridledger.capacity.runtime.RuntimeConfig;
import org.gridledger.capacity.workload.WorkloadId;
import org.gridledger.sdk.Capacity;
import org.gridledger.sdk.GridClient;
import org.gridledger.sdk.NodeOperator;
import org.gridledger.sdk.Progress;
import org.gridledger.sdk.account.Keystore;
import org.gridledger.sdk.account.TwinKeys;
import org.gridledger.sdk.account.UnlockedAccount;
import org.gridledger.sdk.spec.DeploymentSpec;
import org.gridledger.sdk.spec.SpecParser;
import org.gridledger.testsupport.DevNode;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.utils.Numeric;

/**
 * {@code make bench-capacity}: the capacity node agent's resident memory with 0 and 20 workloads,
 * and the noisy-neighbour latency of a running workload. Needs root, runc and busybox-static (the
 * agent's own requirements).
 *
 * <p>One {@code gridledger dev} (a block per transaction) and one agent, started through {@code
 * capacity-node/bin/capacity-node} exactly as the operator guide runs it (its default JVM flags,
 * unless {@code gridledger.capacity.agentJavaOpts} replaces them). The owner deploys through the
 * SDK.
 *
 * <ol>
 *   <li><b>RSS</b>: {@code VmRSS} of the agent sampled every 250 ms for {@code sampleSeconds} with
 *       no workload, then again with {@code workloads} busybox httpd workloads fulfilled and
 *       answering, while a transfer makes a block every 5 s (each block wakes a reconciliation;
 *       {@code resyncSeconds} is 10, so full passes run too). {@code VmHWM} at the end.
 *   <li><b>Noisy neighbour</b>: all but one workload cancelled; that one's HTTP latency through its
 *       published port, {@code requests} sequential requests (a) alone, (b) while {@code
 *       neighbours} workloads of 1 cru each spinning a shell loop are deployed next to it, and (c)
 *       once they all run.
 * </ol>
 *
 * <p>System properties ({@code gridledger.capacity.*}): {@code workloads} (20), {@code neighbours}
 * (10), {@code sampleSeconds} (60), {@code requests} (2000), {@code kdf} (standard: the operator
 * guide's default), {@code agentJavaOpts} (replaces the launcher's JVM flags), {@code
 * agentExtraOpts} (added to them), {@code runtime} (the agent's {@code runtime.binary}: runc),
 * {@code parts} (rss,noisy).
 */
public final class CapacityBenchmark {
  static final long CHAIN_ID = 1337;
  static final String PASSPHRASE = "capacity bench passphrase";
  static final ObjectMapper JSON = new ObjectMapper();

  private final Path repo;
  private final Path base;
  private final int workloads = Integer.getInteger("gridledger.capacity.workloads", 20);
  private final int neighbours = Integer.getInteger("gridledger.capacity.neighbours", 10);
  private final int sampleSeconds = Integer.getInteger("gridledger.capacity.sampleSeconds", 60);
  private final int requests = Integer.getInteger("gridledger.capacity.requests", 2000);
  private final String kdf = System.getProperty("gridledger.capacity.kdf", "standard");
  private final String runtimeBinary = System.getProperty("gridledger.capacity.runtime", "runc");
  private final List<String> parts =
      List.of(System.getProperty("gridledger.capacity.parts", "rss,noisy").split(","));
  private final List<String> report = new ArrayList<>();

  private DevNode devnet;
  private Process agent;
  private Path agentLog;
  private Path dataDir;
  private String nodeAddress;
  private long nodeId;
  private Digest httpd;
  private Digest busy;
  private int portFrom;

  private CapacityBenchmark(Path repo) {
    this.repo = repo;
    this.base = repo.resolve("bench/target/capacity-" + ProcessHandle.current().pid());
  }

  public static void main(String[] args) throws Exception {
    Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    CapacityBenchmark b = new CapacityBenchmark(repo);
    try {
      b.run();
    } finally {
      b.cleanUp();
    }
    System.out.println();
    System.out.println("== capacity node benchmark ==");
    b.report.forEach(System.out::println);
  }

  private void run() throws Exception {
    if (!System.getProperty("user.name").equals("root")) {
      throw new IllegalStateException("the agent runs containers: run the benchmark as root");
    }
    System.setProperty(
        "gridledger.app.jar",
        System.getProperty(
            "gridledger.app.jar",
            repo.resolve("ledger-node/app/target/gridledger.jar").toString()));
    Files.createDirectories(base);
    // The workloads' mapped root users must be able to search down to their rootfs.
    Files.setAttribute(base, "unix:mode", 0711);
    devnet =
        DevNode.start(
            base.resolve("dev.log"),
            "--block-time",
            "0",
            "--data-dir",
            base.resolve("chain").toString());
    Path layout = base.resolve("images");
    httpd = BenchImages.httpd(layout);
    busy = BenchImages.busy(layout);
    long farmId;
    try (GridClient f = client(dev(1))) {
      f.registerTwin("");
      farmId = f.createFarm("capacity-bench", 1).id();
    }
    try (GridClient u = client(dev(2))) {
      u.registerTwin("");
    }
    // Container, cgroup and netns names are n<node>-c<contract>, the same on every fresh devnet:
    // six placeholder nodes first make this run's node 7, so the agent's names do not collide with
    // those of another agent on this host that runs on its own devnet (the tests' node is 1).
    for (int i = 4; i <= 9; i++) {
      try (GridClient n = client(dev(i))) {
        new NodeOperator(n, dev(i))
            .register(farmId, new Capacity(1, 1L << 30, 1L << 30, 0), "", "", "placeholder");
      }
    }
    dataDir = base.resolve("data");
    agentLog = base.resolve("agent.log");
    int ports = workloads + neighbours + 10;
    portFrom = freePortRange(ports);
    Path config = base.resolve("node.yaml");
    Files.writeString(
        config,
        """
        rpcUrl: %s
        farmId: %d
        dataDir: %s
        identityKdf: %s
        imageSources: [%s]
        capacity: {cores: %d, memory: 8GiB, disk: 8GiB}
        endpointHost: 127.0.0.1
        publishAddress: 127.0.0.1
        ports: {from: %d, to: %d}
        pidsLimit: 64
        pollSeconds: 2
        resyncSeconds: 10
        consumptionSeconds: 60
        runtime: {binary: %s}
        """
            .formatted(
                devnet.rpcUrl(),
                farmId,
                dataDir,
                kdf,
                layout,
                workloads + neighbours + 4,
                portFrom,
                portFrom + ports - 1,
                runtimeBinary));
    long t0 = System.nanoTime();
    startAgent(config);
    await(
        "the agent creates its identity", Duration.ofSeconds(180), () -> identityAddress() != null);
    nodeAddress = identityAddress();
    fund(nodeAddress, Numeric.toBigInt("0x56bc75e2d63100000")); // 100 ether
    try (GridClient f = client(dev(1))) {
      await(
          "the agent registers its node",
          Duration.ofSeconds(180),
          () -> {
            try {
              return f.nodeIdOf(nodeAddress).isPresent();
            } catch (Exception e) {
              return false;
            }
          });
      nodeId = f.nodeIdOf(nodeAddress).orElseThrow();
      f.approveNode(nodeId);
    }
    await("the agent reconciles", Duration.ofSeconds(60), () -> log().contains("reconciling"));
    MemorySampler mem = new MemorySampler(agent.pid());
    MemorySampler.Reading started = mem.read();
    line("OCI runtime: %s", runtimeBinary);
    line(
        "agent JVM flags: %s",
        System.getProperty("gridledger.capacity.agentJavaOpts", "(launcher defaults)")
            + " "
            + System.getProperty("gridledger.capacity.agentExtraOpts", ""));
    line(
        "agent started, registered, approved in %.1f s; VmHWM so far %s (identity KDF: %s), VmRSS now %s",
        (System.nanoTime() - t0) / 1e9, mib(started.hwmKiB()), kdf, mib(started.rssKiB()));

    List<Long> contracts = new ArrayList<>();
    List<Integer> webPorts = new ArrayList<>();
    if (parts.contains("rss")) {
      MemorySampler.Window idle = mem.sample("0 workloads", sampleSeconds * 1000L, 250, blocks(5));
      line("%s", window(idle));
      long deployStart = System.nanoTime();
      double cpuBefore = mem.read().cpuSeconds();
      deployWeb(workloads, contracts, webPorts);
      double deploySeconds = (System.nanoTime() - deployStart) / 1e9;
      line(
          "%d workloads deployed through the SDK, fulfilled and answering in %.1f s (agent CPU %.1f s)",
          workloads, deploySeconds, mem.read().cpuSeconds() - cpuBefore);
      MemorySampler.Window loaded =
          mem.sample(workloads + " workloads", sampleSeconds * 1000L, 250, blocks(5));
      for (int port : webPorts) {
        if (new Latency(port, BenchImages.INDEX_HTML).once() < 0) {
          throw new IllegalStateException("workload on port " + port + " stopped answering");
        }
      }
      if (Boolean.getBoolean("gridledger.capacity.diagnose")) {
        diagnose();
      }
      MemorySampler.Reading end = mem.read();
      line("%s", window(loaded));
      line(
          "agent VmHWM (peak resident since start, start-up included) %s; VmRSS now %s; goal <= 128 MiB with %d workloads: %s",
          mib(end.hwmKiB()),
          mib(end.rssKiB()),
          workloads,
          loaded.maxRssKiB() <= 128 * 1024 ? "met (sampled peak)" : "NOT met (sampled peak)");
    }
    if (parts.contains("noisy")) {
      noisyNeighbour(mem, contracts, webPorts);
    }
  }

  private void noisyNeighbour(MemorySampler mem, List<Long> contracts, List<Integer> webPorts)
      throws Exception {
    if (contracts.isEmpty()) {
      deployWeb(1, contracts, webPorts);
    }
    try (GridClient u = client(dev(2))) {
      for (long id : contracts.subList(1, contracts.size())) {
        u.cancel(id);
      }
    }
    await("only one workload runs", Duration.ofSeconds(300), () -> running().size() == 1);
    Latency probe = new Latency(webPorts.getFirst(), BenchImages.INDEX_HTML);
    // The same workload from the host at its own address, past the agent's port proxy: what the
    // workload's scheduling costs without the proxy's.
    Latency direct;
    try (ContainerRuntime rt = runtime()) {
      WorkloadId web = running().getFirst();
      direct =
          new Latency(
              rt.workloadAddress(web).orElseThrow(),
              BenchImages.HTTPD_PORT,
              BenchImages.INDEX_HTML);
    }
    probe.run("warm-up", 300);
    direct.run("warm-up", 300);
    Latency.Summary alone = probe.run("(a) alone", requests);
    line("%s", summary(alone));
    Latency.Summary aloneDirect = direct.run("(a) alone, direct (no proxy)", requests);
    line("%s", summary(aloneDirect));

    AtomicBoolean allRunning = new AtomicBoolean(false);
    AtomicReference<Exception> failed = new AtomicReference<>();
    List<Long> busyContracts = new ArrayList<>();
    double cpu0 = mem.read().cpuSeconds();
    long deployStart = System.nanoTime();
    Thread deployer =
        Thread.ofPlatform()
            .name("deploy-neighbours")
            .start(
                () -> {
                  try (GridClient u = client(dev(2))) {
                    for (int i = 1; i <= neighbours; i++) {
                      busyContracts.add(
                          u.deploy(
                                  spec("busy-%02d".formatted(i), busy, "16MiB", false),
                                  nodeId,
                                  1,
                                  Progress.Listener.NONE)
                              .contractId());
                    }
                    for (long id : busyContracts) {
                      String text =
                          u.awaitFulfilment(id, Duration.ofSeconds(600), Progress.Listener.NONE)
                              .text();
                      if (!JSON.readTree(text).path("status").asText().equals("running")) {
                        throw new IllegalStateException("contract " + id + ": " + text);
                      }
                    }
                    allRunning.set(true);
                  } catch (Exception e) {
                    failed.set(e);
                  }
                });
    Latency.Summary deploying =
        probe.runWhile(
            "(b) while " + neighbours + " busy neighbours are deployed", deployer::isAlive);
    deployer.join();
    if (failed.get() != null) {
      throw failed.get();
    }
    double deploySeconds = (System.nanoTime() - deployStart) / 1e9;
    double agentCpu = mem.read().cpuSeconds() - cpu0;
    line("%s", summary(deploying));
    line(
        "    the %d neighbours took %.1f s to deploy; agent CPU meanwhile %.1f s (%.0f%% of one core)",
        neighbours, deploySeconds, agentCpu, 100 * agentCpu / deploySeconds);
    List<WorkloadId> busyIds =
        busyContracts.stream().map(id -> new WorkloadId("n" + nodeId + "-c" + id)).toList();
    long busyCpu0 = busyCpuNanos(busyIds);
    long t1 = System.nanoTime();
    Latency.Summary loaded =
        probe.run("(c) with " + neighbours + " busy neighbours running", requests);
    Latency.Summary loadedDirect =
        direct.run(
            "(c) with " + neighbours + " busy neighbours running, direct (no proxy)", requests);
    double busyCores = (busyCpuNanos(busyIds) - busyCpu0) / (double) (System.nanoTime() - t1);
    line("%s", summary(loaded));
    line("%s", summary(loadedDirect));
    line(
        "    the neighbours used %.2f cores meanwhile (the machine has %d)",
        busyCores, Runtime.getRuntime().availableProcessors());
    line(
        "ratio (b)/(a): p50 %.2fx, p99 %.2fx; ratio (c)/(a): p50 %.2fx, p99 %.2fx",
        ratio(deploying.p50Micros(), alone.p50Micros()),
        ratio(deploying.p99Micros(), alone.p99Micros()),
        ratio(loaded.p50Micros(), alone.p50Micros()),
        ratio(loaded.p99Micros(), alone.p99Micros()));
    line(
        "direct (no proxy) ratio (c)/(a): p50 %.2fx, p99 %.2fx",
        ratio(loadedDirect.p50Micros(), aloneDirect.p50Micros()),
        ratio(loadedDirect.p99Micros(), aloneDirect.p99Micros()));
    try (GridClient u = client(dev(2))) {
      for (long id : busyContracts) {
        u.cancel(id);
      }
    }
  }

  /**
   * With {@code -Dgridledger.capacity.diagnose=true}: the agent's heap histogram and, when it runs
   * with {@code -XX:NativeMemoryTracking=summary}, its native memory summary, into the run's
   * directory (jcmd of the JDK running the benchmark).
   */
  private void diagnose() throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    for (String[] c :
        List.of(
            new String[] {"GC.class_histogram", "histogram.txt"},
            new String[] {"VM.native_memory summary", "nmt.txt"},
            new String[] {"VM.flags", "flags.txt"})) {
      List<String> cmd = new ArrayList<>(List.of(jcmd.toString(), Long.toString(agent.pid())));
      cmd.addAll(List.of(c[0].split(" ")));
      Path out = base.resolve(c[1]);
      new ProcessBuilder(cmd)
          .redirectErrorStream(true)
          .redirectOutput(out.toFile())
          .start()
          .waitFor(60, TimeUnit.SECONDS);
      line("jcmd %s: %s", c[0], out);
    }
  }

  private long busyCpuNanos(List<WorkloadId> ids) {
    long sum = 0;
    try (ContainerRuntime rt = runtime()) {
      for (WorkloadId id : ids) {
        sum += rt.usage(id).map(u -> u.cpuNanos()).orElse(0L);
      }
    }
    return sum;
  }

  private void deployWeb(int count, List<Long> contracts, List<Integer> ports) throws Exception {
    try (GridClient u = client(dev(2))) {
      List<Long> ids = new ArrayList<>();
      for (int i = 1; i <= count; i++) {
        ids.add(
            u.deploy(
                    spec("web-%02d".formatted(i), httpd, "16MiB", true),
                    nodeId,
                    1,
                    Progress.Listener.NONE)
                .contractId());
      }
      for (long id : ids) {
        String text = u.awaitFulfilment(id, Duration.ofSeconds(600), Progress.Listener.NONE).text();
        JsonNode r = JSON.readTree(text);
        if (!r.path("status").asText().equals("running")) {
          throw new IllegalStateException("contract " + id + ": " + text);
        }
        String endpoint = r.path("endpoint").asText();
        int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
        Latency probe = new Latency(port, BenchImages.INDEX_HTML);
        await("workload " + id + " answers", Duration.ofSeconds(30), () -> probe.once() >= 0);
        contracts.add(id);
        ports.add(port);
      }
    }
  }

  /** Once per call at most every {@code seconds}: a transfer, so the devnet seals a block. */
  private Runnable blocks(int seconds) {
    long[] next = {0};
    return () -> {
      if (System.nanoTime() >= next[0]) {
        try {
          fund("0x000000000000000000000000000000000000beef", BigInteger.ONE);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        next[0] = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      }
    };
  }

  private static DeploymentSpec spec(String name, Digest image, String memory, boolean http)
      throws Exception {
    return new SpecParser()
        .parse(
            """
            version: 1
            name: %s
            image: local/bench@%s
            resources: {cpu: 1, memory: %s, disk: 16MiB}
            ports: [%s]
            """
                .formatted(name, image, memory, http ? BenchImages.HTTPD_PORT : ""),
            name + ".yaml");
  }

  private void startAgent(Path config) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(
                repo.resolve("capacity-node/bin/capacity-node").toString(),
                "run",
                "--config",
                config.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(agentLog.toFile()));
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment()
        .put(
            "CAPACITY_NODE_JAR", repo.resolve("capacity-node/target/capacity-node.jar").toString());
    pb.environment().put("GRIDLEDGER_NODE_PASSPHRASE", PASSPHRASE);
    String opts = System.getProperty("gridledger.capacity.agentJavaOpts");
    if (opts != null) {
      pb.environment().put("CAPACITY_NODE_JAVA_OPTS", opts);
    }
    String extra = System.getProperty("gridledger.capacity.agentExtraOpts");
    if (extra != null) {
      pb.environment().put("CAPACITY_NODE_EXTRA_OPTS", extra);
    }
    agent = pb.start();
  }

  private void cleanUp() {
    try {
      if (nodeAddress != null && agent != null && agent.isAlive()) {
        // Cancel what is left so the agent tears it down; then stop whatever remains ourselves.
        try (GridClient u = client(dev(2))) {
          for (var c : u.myContracts()) {
            if (c.live()) {
              u.cancel(c.id());
            }
          }
          await(
              "the agent stops the workloads", Duration.ofSeconds(120), () -> running().isEmpty());
        } catch (Exception e) {
          System.err.println("clean-up: " + e);
        }
      }
      if (agent != null) {
        agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      if (nodeAddress != null) {
        try (ContainerRuntime rt = runtime()) {
          for (WorkloadId id : rt.list().keySet()) {
            rt.stop(id);
          }
        }
        Files.deleteIfExists(runcRoot());
      }
    } catch (Exception e) {
      System.err.println("clean-up: " + e);
    } finally {
      if (devnet != null) {
        devnet.close();
      }
    }
    System.out.println("agent log: " + agentLog);
  }

  private Path runcRoot() {
    return Path.of("/run", "gridledger-" + nodeAddress.substring(2, 14).toLowerCase(Locale.ROOT));
  }

  private ContainerRuntime runtime() {
    return new ContainerRuntime(
        RuntimeConfig.defaults(dataDir.resolve("work")).withRuncRoot(runcRoot()));
  }

  private List<WorkloadId> running() {
    try (ContainerRuntime rt = runtime()) {
      return List.copyOf(rt.list().keySet());
    }
  }

  private String identityAddress() {
    try {
      var list = new Keystore(dataDir.resolve("identity")).list();
      return list.size() == 1 && Files.exists(list.get(0).twinKeyFile())
          ? list.get(0).address()
          : null;
    } catch (Exception e) {
      return null;
    }
  }

  private String log() {
    try {
      return Files.exists(agentLog) ? Files.readString(agentLog) : "";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void await(String what, Duration timeout, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out: " + what + "; agent log: " + agentLog);
      }
      if (agent != null && !agent.isAlive()) {
        throw new IllegalStateException(
            "the agent exited while waiting: " + what + "\n" + tail(log()));
      }
      Thread.sleep(250);
    }
  }

  private static String tail(String s) {
    return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
  }

  private void fund(String to, BigInteger wei) throws Exception {
    try (GridClient funder = client(dev(3))) {
      funder.transfer(to, wei);
    }
  }

  private GridClient client(UnlockedAccount a) throws Exception {
    return GridClient.connect(GridClient.Options.of(devnet.rpcUrl()).expectChainId(CHAIN_ID), a);
  }

  private static UnlockedAccount dev(int i) {
    try {
      ECKeyPair k =
          Keystore.fromMnemonic(
              "test test test test test test test test test test test junk", "", i);
      return new UnlockedAccount(Credentials.create(k), TwinKeys.derive(k.getPrivateKey()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first port of {@code count} consecutive free ones (checked by binding each once). */
  private static int freePortRange(int count) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int from;
      try (ServerSocket s = new ServerSocket(0)) {
        from = s.getLocalPort();
      }
      if (from + count > 65535) {
        continue;
      }
      boolean free = true;
      for (int p = from; p < from + count && free; p++) {
        try (ServerSocket s = new ServerSocket(p)) {
          s.setReuseAddress(true);
        } catch (IOException busy) {
          free = false;
        }
      }
      if (free) {
        return from;
      }
    }
    throw new IOException("no " + count + " consecutive free ports found");
  }

  private void line(String format, Object... args) {
    String s = String.format(Locale.ROOT, format, args);
    report.add(s);
    System.out.println("[capacity] " + s);
  }

  private static String mib(long kib) {
    return String.format(Locale.ROOT, "%.1f MiB", kib / 1024.0);
  }

  private static String window(MemorySampler.Window w) {
    return String.format(
        Locale.ROOT,
        "agent VmRSS with %s: min %s, median (steady) %s, peak %s (%d samples every 250 ms)",
        w.name(),
        mib(w.minRssKiB()),
        mib(w.medianRssKiB()),
        mib(w.maxRssKiB()),
        w.samples());
  }

  private static String summary(Latency.Summary s) {
    return String.format(
        Locale.ROOT,
        "latency %s: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d requests, %d failed%s)",
        s.name(),
        s.p50Millis(),
        s.p99Millis(),
        s.maxMicros() / 1000.0,
        s.requests(),
        s.errors(),
        s.errors() == 0 ? "" : "; first: " + s.firstError());
  }

  private static double ratio(long a, long b) {
    return b <= 0 ? Double.NaN : a / (double) b;
  }
}
