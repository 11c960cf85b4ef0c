package org.gridledger.capacity.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.gridledger.capacity.TestImages;
import org.gridledger.capacity.image.Digest;
import org.gridledger.capacity.runtime.ContainerRuntime;
import org.gridledger.capacity.runtime.RuntimeConfig;
import org.gridledger.capacity.workload.WorkloadId;
import org.gridledger.contracts.bindings.Reservations;
import org.gridledger.sdk.Capacity;
import org.gridledger.sdk.ContractInfo;
import org.gridledger.sdk.Deployment;
import org.gridledger.sdk.FulfilmentResult;
import org.gridledger.sdk.GridClient;
import org.gridledger.sdk.NodeInfo;
import org.gridledger.sdk.Progress;
import org.gridledger.sdk.account.Keystore;
import org.gridledger.sdk.account.TwinKeys;
import org.gridledger.sdk.account.UnlockedAccount;
import org.gridledger.sdk.crypto.ContractContext;
import org.gridledger.sdk.crypto.EnvelopeCipher;
import org.gridledger.sdk.crypto.X25519KeyPair;
import org.gridledger.sdk.spec.CanonicalJson;
import org.gridledger.sdk.spec.DeploymentSpec;
import org.gridledger.sdk.spec.SpecParser;
import org.gridledger.testsupport.DevNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.utils.Numeric;

/**
 * The agent as a real process against a real {@code gridledger dev} process, running real runc
 * containers: deploy through the SDK, fulfil, reach the workload, decrypt the endpoint, survive
 * kill -9 plus a wiped work dir, refuse bad deployments, cancel, and leave no secret behind.
 */
@Tag("container")
class AgentEndToEndTest {
  static final String PASSPHRASE = "agent e2e passphrase";
  static final String MARKER = "gl-marker-secret-7c1e5d0a";
  static final long CHAIN_ID = 1337;
  static final ObjectMapper JSON = new ObjectMapper();

  static DevNode devnet;
  static Path base;
  static Path layout;
  static Digest httpd;
  static Path dataDir;
  static Path agentLog;
  static Path configFile;
  static Process agent;
  static String nodeAddress;
  static long farmId;
  static long nodeId;
  static int portFrom;
  static int gatewayPort;
  static final String GATEWAY_DOMAIN = "gw.e2e.test";

  @BeforeAll
  static void start() throws Exception {
    base = Path.of("target", "agent-e2e-" + ProcessHandle.current().pid()).toAbsolutePath();
    Files.createDirectories(base);
    Files.setAttribute(base, "unix:mode", 0711);
    devnet = DevNode.instant(base.resolve("chain"));
    layout = base.resolve("images");
    httpd = TestImages.busyboxHttpd(layout);

    try (GridClient f = client(dev(1))) {
      f.registerTwin("");
      farmId = f.createFarm("agent-e2e", 1).id();
    }
    try (GridClient u = client(dev(2))) {
      u.registerTwin("");
    }
    dataDir = base.resolve("data");
    agentLog = base.resolve("agent.log");
    portFrom = 31000 + (int) (ProcessHandle.current().pid() % 1000) * 20;
    gatewayPort = freePort();
    configFile = base.resolve("node.yaml");
    Files.writeString(
        configFile,
        """
        rpcUrl: %s
        farmId: %d
        dataDir: %s
        identityKdf: light
        imageSources: [%s]
        capacity: {cores: 8, memory: 2GiB, disk: 4GiB}
        endpointHost: 127.0.0.1
        ports: {from: %d, to: %d}
        pidsLimit: 128
        location: {country: BE, city: Ghent}
        pollSeconds: 1
        resyncSeconds: 5
        consumptionSeconds: 3
        gateway: {port: %d, domain: %s, bindAddress: 127.0.0.1}
        """
            .formatted(
                devnet.rpcUrl(),
                farmId,
                dataDir,
                layout,
                portFrom,
                portFrom + 19,
                gatewayPort,
                GATEWAY_DOMAIN));
    startAgent();
    await(
        "the agent creates its identity", Duration.ofSeconds(60), () -> identityAddress() != null);
    nodeAddress = identityAddress();
    fund(nodeAddress, Numeric.toBigInt("0x56bc75e2d63100000")); // 100 ether
    try (GridClient f = client(dev(1))) {
      await(
          "the agent registers its node",
          Duration.ofSeconds(60),
          () -> {
            try {
              return f.nodeIdOf(nodeAddress).isPresent();
            } catch (Exception e) {
              return false;
            }
          });
      nodeId = f.nodeIdOf(nodeAddress).orElseThrow();
      NodeInfo n = f.node(nodeId);
      assertThat(n.total()).isEqualTo(new Capacity(8, 2L << 30, 4L << 30, 0));
      assertThat(n.approved()).isFalse();
      f.approveNode(nodeId);
    }
    await(
        "the agent logs that it waited for approval and then reconciles",
        Duration.ofSeconds(30),
        () -> log().contains("reconciling"));
    assertThat(log()).contains("waiting for the farmer to approve this node");
  }

  @AfterAll
  static void stop() throws Exception {
    if (agent != null) {
      agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (nodeAddress != null) {
      // Whatever a failed test left running.
      try (ContainerRuntime rt = runtime()) {
        for (WorkloadId id : rt.list().keySet()) {
          rt.stop(id);
        }
      }
      Files.deleteIfExists(Agent.runcRoot(nodeAddress)); // empty now: this run's node is gone
    }
    if (devnet != null) {
      devnet.close();
    }
  }

  @Test
  void deployReachCancelAndNoSecretLeft() throws Exception {
    DeploymentSpec spec = spec("web", "64MiB");
    Deployment d;
    ContractInfo contract;
    String result;
    try (GridClient u = client(dev(2))) {
      d = u.deploy(spec, nodeId, 2, Progress.Listener.NONE);
      // The owner decrypts the endpoint from the fulfilment report with its twin key.
      result =
          u.awaitFulfilment(d.contractId(), Duration.ofSeconds(120), Progress.Listener.NONE).text();
      contract = u.contract(d.contractId());
    }
    JsonNode r = JSON.readTree(result);
    assertThat(r.path("status").asText()).as(result).isEqualTo("running");
    String endpoint = r.path("endpoint").asText();
    assertThat(endpoint).startsWith("127.0.0.1:");
    int port = Integer.parseInt(endpoint.substring("127.0.0.1:".length()));
    assertThat(port).isBetween(portFrom, portFrom + 19);
    assertThat(httpGet(port)).isEqualTo(TestImages.INDEX_HTML);
    assertThat(contract.billing()).isTrue();
    WorkloadId wid = Reconciler.workloadId(nodeId, d.contractId());
    assertThat(runcList()).contains(wid.value());

    // Statelessness: kill -9, wipe the work dir (the identity and image cache stay), restart.
    agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    int logLengthBefore = log().length();
    wipe(dataDir.resolve("work"));
    assertThat(dataDir.resolve("identity")).isDirectory();
    long restartedAt = System.nanoTime();
    startAgent();
    await(
        "the workload is back after the restart",
        Duration.ofSeconds(90),
        () ->
            log().substring(logLengthBefore).contains("workload running")
                && tryGet(port).equals(TestImages.INDEX_HTML));
    await(
        "the first pass after the restart ends",
        Duration.ofSeconds(30),
        () -> log().substring(logLengthBefore).contains("reconciled"));
    String afterRestart = log().substring(logLengthBefore);
    // One reconciliation: the first pass after start-up stopped the orphan and deployed again.
    assertThat(afterRestart).contains("its bundle is gone (work dir wiped)");
    assertThat(afterRestart.indexOf("reconciled"))
        .isGreaterThan(afterRestart.indexOf("workload running"));
    System.out.printf(
        "agent restart with wiped work dir: workload back in %d ms%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartedAt));
    assertThat(Files.exists(dataDir.resolve("work/bundles/" + wid.value() + "/config.json")))
        .isTrue();

    // Traffic is reported as consumption.
    for (int i = 0; i < 3; i++) {
      assertThat(httpGet(port)).isEqualTo(TestImages.INDEX_HTML);
    }
    await(
        "consumption is reported",
        Duration.ofSeconds(30),
        () -> log().substring(logLengthBefore).contains("consumption reported"));

    // Cancel: the container goes and the capacity comes back on chain.
    try (GridClient u = client(dev(2))) {
      Capacity usedBefore = u.node(nodeId).used();
      u.cancel(d.contractId());
      Path bundle = dataDir.resolve("work/bundles/" + wid.value());
      await(
          "the container and its bundle are gone",
          Duration.ofSeconds(60),
          () -> !runcList().contains(wid.value()) && !Files.exists(bundle));
      Capacity usedAfter = u.node(nodeId).used();
      assertThat(usedBefore.minus(usedAfter)).isEqualTo(contract.resources());
      assertThat(u.contract(d.contractId()).state()).isEqualTo("Deleted");
    }
    assertThat(tryGet(port)).isEmpty();
    assertThat(dataDir.resolve("work/bundles/" + wid.value())).doesNotExist();

    // The marker secret is nowhere in the logs or the data dir.
    assertThat(log()).doesNotContain(MARKER);
    assertThat(filesContaining(dataDir, MARKER.getBytes(StandardCharsets.UTF_8))).isEmpty();
  }

  @Test
  void badDeploymentsAreReportedFailedAndNothingRuns() throws Exception {
    List<Long> ids = new ArrayList<>();
    try (GridClient u = client(dev(2))) {
      NodeInfo node = u.node(nodeId);
      // 1. The spec asks for 128 MiB, the contract reserves 64 MiB.
      DeploymentSpec big = spec("too-big", "128MiB");
      long overReservation =
          create(u, node, u.sealDeployment(big, node), new Capacity(1, 64L << 20, 32L << 20, 0));
      // 2. Sealed to another key: the spec is for another node.
      DeploymentSpec other = spec("other-node", "64MiB");
      byte[] foreign =
          new EnvelopeCipher()
              .seal(
                  X25519KeyPair.generate(new SecureRandom()).publicKey(),
                  CanonicalJson.of(other),
                  ContractContext.deployment(
                          CHAIN_ID, u.addresses().reservations(), dev(2).address(), nodeId)
                      .bytes());
      long anotherNode = create(u, node, foreign, Capacity.of(other.resources()));
      // 3. The image's digest does not match its content (a manifest stored under a false name).
      byte[] manifest = Files.readAllBytes(layout.resolve("blobs/sha256/" + httpd.hex()));
      String fake = HexFormat.of().formatHex(Hash.sha256("not this manifest".getBytes()));
      Files.write(layout.resolve("blobs/sha256/" + fake), manifest);
      DeploymentSpec tampered = spec("tampered", "64MiB", "sha256:" + fake);
      long badImage =
          create(u, node, u.sealDeployment(tampered, node), Capacity.of(tampered.resources()));
      ids.addAll(List.of(overReservation, anotherNode, badImage));

      assertThat(failure(u, overReservation))
          .startsWith("the spec asks for more than the contract reserved");
      assertThat(failure(u, anotherNode)).contains("does not open with node " + nodeId + "'s key");
      assertThat(failure(u, badImage)).contains("image sha256:" + fake).contains(fake);
      for (long id : ids) {
        assertThat(runcList()).doesNotContain(Reconciler.workloadId(nodeId, id).value());
        assertThat(dataDir.resolve("work/bundles/" + Reconciler.workloadId(nodeId, id).value()))
            .doesNotExist();
      }
      assertThat(log()).doesNotContain(MARKER);

      // Reported with reportFailure, billing never started: after time passes a settlement
      // charges nothing and the escrow is what was deposited.
      Map<Long, BigInteger> escrow = new HashMap<>();
      for (long id : ids) {
        Reservations.Contract c = stored(u, id);
        assertThat(c.billing).isFalse();
        assertThat(c.lastSettledAt).isZero();
        escrow.put(id, c.escrow);
      }
      rpc("evm_increaseTime", "[120]"); // less than the 5-minute uptime interval: no downtime
      for (long id : ids) {
        u.settle(id);
        Reservations.Contract c = stored(u, id);
        assertThat(c.billing).isFalse();
        assertThat(c.lastSettledAt).isZero();
        assertThat(c.escrow).isEqualTo(escrow.get(id));
        assertThat(u.contract(id).accrued()).isZero();
      }
      for (long id : ids) {
        u.cancel(id);
      }
    }
  }

  @Test
  void aWorkloadThatKeepsExitingIsReportedFailedOnceAndBillingStops() throws Exception {
    Digest exits =
        TestImages.busyboxRunning(layout, "exits", List.of("sh", "-c", "sleep 1; exit 3"));
    try (GridClient u = client(dev(2))) {
      NodeInfo node = u.node(nodeId);
      DeploymentSpec spec = spec("exits", "64MiB", exits.toString());
      long id = create(u, node, u.sealDeployment(spec, node), Capacity.of(spec.resources()));
      WorkloadId wid = Reconciler.workloadId(nodeId, id);
      await(
          "the node reports the workload failed",
          Duration.ofSeconds(180),
          () -> reports(u, id, Reservations.CONTRACTFAILED_EVENT) > 0);
      assertThat(failure(u, id))
          .isEqualTo("the workload exited " + (Reconciler.MAX_RESTARTS + 1) + " times");
      // Each start was reported running (billing ran while it did); the failure stopped billing.
      assertThat(reports(u, id, Reservations.CONTRACTFULFILLED_EVENT))
          .isEqualTo(Reconciler.MAX_RESTARTS + 1);
      Reservations.Contract failed = stored(u, id);
      assertThat(failed.billing).isFalse();

      // More passes (a resync every 5 s): no second report, nothing runs, nothing is billed.
      Thread.sleep(12_000);
      assertThat(reports(u, id, Reservations.CONTRACTFAILED_EVENT)).isEqualTo(1);
      assertThat(runcList()).doesNotContain(wid.value());
      u.settle(id);
      assertThat(stored(u, id).escrow).isEqualTo(failed.escrow);
      assertThat(stored(u, id).lastSettledAt).isEqualTo(failed.lastSettledAt);
      u.cancel(id);
    }
  }

  @Test
  void gracePeriodPausesAndTopUpResumes() throws Exception {
    try (GridClient u = client(dev(2))) {
      NodeInfo node = u.node(nodeId);
      String name = "grace-" + ProcessHandle.current().pid();
      long nameContract = u.reserveName(name, 2, Progress.Listener.NONE).contractId();
      String host = name + "." + GATEWAY_DOMAIN;
      DeploymentSpec spec = spec("grace", "64MiB", httpd.toString(), name);
      // Escrow for one billing period only (60 s on the devnet).
      long id = create(u, node, u.sealDeployment(spec, node), Capacity.of(spec.resources()), 0);
      String text = u.awaitFulfilment(id, Duration.ofSeconds(120), Progress.Listener.NONE).text();
      JsonNode r = JSON.readTree(text);
      assertThat(r.path("status").asText()).as(text).isEqualTo("running");
      int port = Integer.parseInt(r.path("endpoint").asText().substring("127.0.0.1:".length()));
      assertThat(httpGet(port)).isEqualTo(TestImages.INDEX_HTML);
      assertThat(gatewayGet(host).body()).isEqualTo(TestImages.INDEX_HTML);
      WorkloadId wid = Reconciler.workloadId(nodeId, id);

      // Two minutes later (less than the 5-minute uptime interval: no downtime) the escrow is
      // short; settling puts the contract into its grace period and the agent freezes it.
      rpc("evm_increaseTime", "[120]");
      u.settle(id);
      assertThat(u.contract(id).state()).isEqualTo("GracePeriod");
      // runc reports PAUSED as soon as the freezer reads FROZEN, but under heavy load a `runc
      // pause`
      // may still give up ("unable to freeze") and thaw again; the agent logs only a pause that
      // succeeded, so wait for both before asserting the workload is silent.
      await(
          "the workload is paused",
          Duration.ofSeconds(60),
          () -> log().contains("grace period: workload paused") && status(wid).equals("PAUSED"));
      assertThat(tryGet(port)).isEmpty(); // frozen: it accepts nothing within the timeout
      await(
          "the gateway answers 503 for the paused workload",
          Duration.ofSeconds(30),
          () -> gatewayGetQuietly(host).status() == 503);

      // A top-up returns the contract to Created and the agent thaws it.
      u.topUp(id, new BigInteger("1000000000000000000"));
      assertThat(u.contract(id).state()).isEqualTo("Created");
      await("the workload runs again", Duration.ofSeconds(60), () -> status(wid).equals("RUNNING"));
      assertThat(httpGet(port)).isEqualTo(TestImages.INDEX_HTML);
      await(
          "the gateway routes to the resumed workload",
          Duration.ofSeconds(30),
          () -> gatewayGetQuietly(host).status() == 200);
      assertThat(log()).contains("grace period: workload paused", "topped up: workload resumed");
      // Stopping the workload removes its route at once, though the name is still held.
      u.cancel(id);
      await(
          "the stopped workload's name answers 404",
          Duration.ofSeconds(60),
          () -> gatewayGetQuietly(host).status() == 404);
      u.cancel(nameContract);
    }
  }

  @Test
  void gatewayNamesRouteToTheHoldersWorkloadOnly() throws Exception {
    String name = "e2e-" + ProcessHandle.current().pid();
    String foreign = "e2e-other-" + ProcessHandle.current().pid();
    try (GridClient farmer = client(dev(1))) {
      farmer.reserveName(foreign, 2, Progress.Listener.NONE); // another twin holds this one
    }
    try (GridClient u = client(dev(2))) {
      long nameContract = u.reserveName(name, 2, Progress.Listener.NONE).contractId();
      DeploymentSpec spec = spec("gw-web", "64MiB", httpd.toString(), name);
      Deployment d = u.deploy(spec, nodeId, 2, Progress.Listener.NONE);
      String text =
          u.awaitFulfilment(d.contractId(), Duration.ofSeconds(120), Progress.Listener.NONE).text();
      JsonNode r = JSON.readTree(text);
      assertThat(r.path("status").asText()).as(text).isEqualTo("running");
      assertThat(r.path("gateway").asText())
          .isEqualTo("http://" + name + "." + GATEWAY_DOMAIN + ":" + gatewayPort + "/");
      int port = Integer.parseInt(r.path("endpoint").asText().substring("127.0.0.1:".length()));

      // Through the gateway, by host name (any case, with the port, as browsers send it).
      String host = name + "." + GATEWAY_DOMAIN;
      GatewayReply ok = gatewayGet(host.toUpperCase(java.util.Locale.ROOT) + ":" + gatewayPort);
      assertThat(ok.status()).as(ok.body()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo(TestImages.INDEX_HTML);
      assertThat(gatewayGet("nobody-" + name + "." + GATEWAY_DOMAIN).status()).isEqualTo(404);

      // A spec naming a name its owner does not hold is refused and nothing runs.
      NodeInfo node = u.node(nodeId);
      DeploymentSpec stolen = spec("gw-stolen", "64MiB", httpd.toString(), foreign);
      long refused =
          create(u, node, u.sealDeployment(stolen, node), Capacity.of(stolen.resources()));
      assertThat(failure(u, refused))
          .startsWith("gateway name '" + foreign + "' is held by name contract ")
          .contains("not by twin " + u.myTwin().id());
      assertThat(runcList()).doesNotContain(Reconciler.workloadId(nodeId, refused).value());
      assertThat(gatewayGet(foreign + "." + GATEWAY_DOMAIN).status()).isEqualTo(404);
      u.cancel(refused);

      // Releasing the name unroutes it; the workload itself runs on behind its published port.
      u.cancel(nameContract);
      await(
          "the gateway forgets the released name",
          Duration.ofSeconds(60),
          () -> gatewayGetQuietly(host).status() == 404);
      assertThat(httpGet(port)).isEqualTo(TestImages.INDEX_HTML);
      assertThat(log()).contains("gateway name no longer held by the owner: route removed");
      u.cancel(d.contractId());
    }
  }

  record GatewayReply(int status, String body) {}

  /** GET / through the gateway with this Host header (java.net.http may not set Host). */
  static GatewayReply gatewayGet(String host) throws IOException {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new java.net.InetSocketAddress("127.0.0.1", gatewayPort), 3000);
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write(
              ("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      int end = all.indexOf("\r\n\r\n");
      if (end < 0) {
        throw new IOException("no response head: " + all);
      }
      String head = all.substring(0, end);
      String body = all.substring(end + 4);
      if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
        StringBuilder out = new StringBuilder();
        int p = 0;
        while (true) {
          int eol = body.indexOf("\r\n", p);
          int n = Integer.parseInt(body.substring(p, eol).split(";")[0].trim(), 16);
          if (n == 0) {
            break;
          }
          out.append(body, eol + 2, eol + 2 + n);
          p = eol + 2 + n + 2;
        }
        body = out.toString();
      }
      return new GatewayReply(Integer.parseInt(head.split(" ")[1]), body);
    }
  }

  static GatewayReply gatewayGetQuietly(String host) {
    try {
      return gatewayGet(host);
    } catch (IOException | RuntimeException e) {
      return new GatewayReply(-1, e.toString());
    }
  }

  static int freePort() throws IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static String status(WorkloadId wid) {
    try (ContainerRuntime rt = runtime()) {
      var s = rt.list().get(wid);
      return s == null ? "" : s.status().name();
    }
  }

  static void rpc(String method, String params) throws Exception {
    String body =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(devnet.rpcUrl()))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\""
                                + method
                                + "\",\"params\":"
                                + params
                                + "}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(JSON.readTree(body).has("error")).as(body).isFalse();
  }

  // ------------------------------------------------------------------ helpers

  /** The failure the node reported (a ContractFailed event, decrypted): its reason. */
  static String failure(GridClient u, long id) throws Exception {
    FulfilmentResult report =
        u.awaitFulfilment(id, Duration.ofSeconds(120), Progress.Listener.NONE);
    String text = report.text();
    assertThat(report.failed()).as("a ContractFailed event: " + text).isTrue();
    JsonNode r = JSON.readTree(text);
    assertThat(r.path("status").asText()).as(text).isEqualTo("failed");
    assertThat(text).doesNotContain(MARKER);
    return r.path("error").asText();
  }

  /** How many {@code event} logs Reservations emitted for contract {@code id}. */
  static int reports(GridClient u, long id, Event event) {
    try {
      EthFilter f =
          new EthFilter(
              DefaultBlockParameterName.EARLIEST,
              DefaultBlockParameterName.LATEST,
              u.addresses().reservations());
      f.addSingleTopic(EventEncoder.encode(event));
      f.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(id), 64));
      return u.rpc().web3j().ethGetLogs(f).send().getLogs().size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The contract as Reservations stores it (billing flag, lastSettledAt, escrow). */
  static Reservations.Contract stored(GridClient u, long id) throws Exception {
    var tm = new ReadonlyTransactionManager(u.rpc().web3j(), dev(2).address());
    return Reservations.load(
            u.addresses().reservations(),
            u.rpc().web3j(),
            tm,
            new StaticGasProvider(BigInteger.ZERO, BigInteger.ZERO))
        .getContract(BigInteger.valueOf(id))
        .send();
  }

  static long create(GridClient u, NodeInfo node, byte[] envelope, Capacity reserve)
      throws Exception {
    return create(u, node, envelope, reserve, 2);
  }

  /** Creates a node contract with escrow for {@code hours} (0: the minimum, one billing period). */
  static long create(GridClient u, NodeInfo node, byte[] envelope, Capacity reserve, long hours)
      throws Exception {
    var tm = new ReadonlyTransactionManager(u.rpc().web3j(), dev(2).address());
    var res =
        Reservations.load(
            u.addresses().reservations(),
            u.rpc().web3j(),
            tm,
            new StaticGasProvider(BigInteger.ZERO, BigInteger.ZERO));
    BigInteger deposit = u.quote(node.id(), reserve, 0, hours).deposit();
    var receipt =
        u.transactions()
            .send(
                u.addresses().reservations(),
                res.createNodeContract(
                        BigInteger.valueOf(node.id()),
                        new Reservations.Resources(
                            BigInteger.valueOf(reserve.cru()),
                            BigInteger.valueOf(reserve.mru()),
                            BigInteger.valueOf(reserve.sru()),
                            BigInteger.valueOf(reserve.hru())),
                        Hash.sha3(envelope),
                        BigInteger.ZERO,
                        envelope,
                        deposit)
                    .encodeFunctionCall(),
                deposit,
                "test contract",
                Progress.Listener.NONE);
    return Reservations.getNodeContractCreatedEvents(receipt).getFirst().contractId.longValue();
  }

  static DeploymentSpec spec(String name, String memory) throws Exception {
    return spec(name, memory, httpd.toString());
  }

  static DeploymentSpec spec(String name, String memory, String digest) throws Exception {
    return spec(name, memory, digest, null);
  }

  static DeploymentSpec spec(String name, String memory, String digest, String gateway)
      throws Exception {
    return new SpecParser()
        .parse(
            """
            version: 1
            name: %s
            image: local/httpd@%s
            resources: {cpu: 1, memory: %s, disk: 32MiB}
            secrets: {TOKEN: "%s"}
            ports: [%d]
            """
                    .formatted(name, digest, memory, MARKER, TestImages.HTTPD_PORT)
                + (gateway == null ? "" : "gateway: " + gateway + "\n"),
            name + ".yaml");
  }

  static UnlockedAccount dev(int i) {
    try {
      ECKeyPair k =
          Keystore.fromMnemonic(
              "test test test test test test test test test test test junk", "", i);
      return new UnlockedAccount(Credentials.create(k), TwinKeys.derive(k.getPrivateKey()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static GridClient client(UnlockedAccount a) throws Exception {
    return GridClient.connect(GridClient.Options.of(devnet.rpcUrl()).expectChainId(CHAIN_ID), a);
  }

  static void fund(String to, BigInteger wei) throws Exception {
    try (GridClient funder = client(dev(3))) {
      assertThat(funder.transfer(to, wei).isStatusOK()).as("funding").isTrue();
    }
  }

  static void startAgent() throws IOException {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-Dlogback.configurationFile="
                    + Path.of("target/classes/logback.xml").toAbsolutePath(),
                "-cp",
                cp,
                CapacityNodeCommand.class.getName(),
                "run",
                "--config",
                configFile.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(agentLog.toFile()));
    pb.environment().put("GRIDLEDGER_NODE_PASSPHRASE", PASSPHRASE);
    agent = pb.start();
  }

  static String identityAddress() {
    try {
      var list = new Keystore(dataDir.resolve("identity")).list();
      return list.size() == 1 && Files.exists(list.get(0).twinKeyFile())
          ? list.get(0).address()
          : null;
    } catch (Exception e) {
      return null;
    }
  }

  static ContainerRuntime runtime() {
    return new ContainerRuntime(
        RuntimeConfig.defaults(dataDir.resolve("work")).withRuncRoot(Agent.runcRoot(nodeAddress)));
  }

  static List<String> runcList() {
    try (ContainerRuntime rt = runtime()) {
      return rt.list().keySet().stream().map(WorkloadId::value).toList();
    }
  }

  static String log() {
    try {
      return Files.exists(agentLog) ? Files.readString(agentLog) : "";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** As {@code rm -rf} does: deletes what it can and goes on past busy mount points. */
  static void wipe(Path dir) throws IOException {
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
            try {
              Files.delete(f);
            } catch (IOException e) {
              // busy or gone
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) {
            try {
              Files.delete(d);
            } catch (IOException busy) {
              // a mount point in use: rm -rf reports it and goes on
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }

  static List<Path> filesContaining(Path dir, byte[] needle) throws IOException {
    List<Path> hits = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (indexOf(Files.readAllBytes(f), needle) >= 0) {
          hits.add(f);
        }
      }
    }
    return hits;
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  static String httpGet(int port) throws Exception {
    HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    return c.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  static String tryGet(int port) {
    try {
      return httpGet(port);
    } catch (Exception e) {
      return "";
    }
  }

  static void await(String what, Duration timeout, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out: " + what + "\nagent log:\n" + log());
      }
      if (agent != null && !agent.isAlive()) {
        throw new AssertionError("the agent exited while waiting: " + what + "\n" + log());
      }
      Thread.sleep(250);
    }
  }
}
