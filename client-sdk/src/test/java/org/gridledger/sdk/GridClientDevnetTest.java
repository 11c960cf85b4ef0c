package org.gridledger.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.gridledger.sdk.account.AccountInfo;
import org.gridledger.sdk.account.Keystore;
import org.gridledger.sdk.account.UnlockedAccount;
import org.gridledger.sdk.audit.AuditReport;
import org.gridledger.sdk.audit.BlockHeader;
import org.gridledger.sdk.audit.ContractAuditor;
import org.gridledger.sdk.audit.HistoryEvent;
import org.gridledger.sdk.audit.ProofException;
import org.gridledger.sdk.audit.SealVerifier;
import org.gridledger.sdk.audit.SingleValidatorSeal;
import org.gridledger.sdk.audit.StorageLayout;
import org.gridledger.sdk.devnet.DevAccounts;
import org.gridledger.sdk.spec.CanonicalJson;
import org.gridledger.sdk.spec.DeploymentSpec;
import org.gridledger.sdk.spec.SpecParser;
import org.gridledger.testsupport.DevNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthGetProof;
import org.web3j.utils.Numeric;

/** The SDK against a real {@code gridledger dev} process: the flow and its failures. */
class GridClientDevnetTest {
  static DevNode devnet;
  static final BigInteger HUNDRED = Wei.ETHER.multiply(BigInteger.valueOf(100));

  @TempDir static Path home;

  @BeforeAll
  static void start() throws Exception {
    devnet = DevNode.instant();
  }

  @AfterAll
  static void stop() {
    if (devnet != null) {
      devnet.close();
    }
  }

  static GridClient.Options options() {
    return GridClient.Options.of(devnet.rpcUrl()).expectChainId(1337);
  }

  static UnlockedAccount newAccount(String name, int funder, BigInteger amount) throws Exception {
    Keystore ks = new Keystore(home.resolve(name), Keystore.Strength.LIGHT, new SecureRandom());
    AccountInfo info = ks.create("pw-" + name);
    if (amount.signum() > 0) {
      DevAccounts.fund(devnet.rpcUrl(), funder, info.address(), amount);
    }
    return ks.unlock(info.address(), "pw-" + name);
  }

  static DeploymentSpec spec(String name, int cpu) throws Exception {
    return new SpecParser()
        .parse(
            """
            version: 1
            name: %s
            image: docker.io/library/nginx@sha256:%s
            resources: {cpu: %d, memory: 4GiB, disk: 50GiB}
            secrets: {TOKEN: "only the node reads this"}
            ports: [80]
            publicIps: 1
            """
                .formatted(name, "0f".repeat(32), cpu),
            name + ".yaml");
  }

  @Test
  void endToEnd() throws Exception {
    UnlockedAccount farmer = newAccount("farmer", 1, HUNDRED);
    UnlockedAccount user = newAccount("user", 2, HUNDRED);
    List<Progress> steps = new ArrayList<>();

    long farmId;
    try (GridClient f = GridClient.connect(options(), farmer)) {
      f.registerTwin("");
      FarmInfo farm = f.createFarm("sdk-e2e-farm", 1);
      farmId = farm.id();
      f.addPublicIp(farmId, "203.0.113.10/24", "203.0.113.1");
      assertThat(f.farm(farmId).freePublicIps()).isEqualTo(1);
    }
    DevAccounts.fund(devnet.rpcUrl(), 3, SimulatedNode.identity("e2e").address(), HUNDRED);
    SimulatedNode node = SimulatedNode.connect(options(), "e2e");
    long nodeId = node.register(farmId);
    try (GridClient f = GridClient.connect(options(), farmer)) {
      f.approveNode(nodeId);
    }

    try (GridClient grid = GridClient.connect(options(), user)) {
      TwinInfo twin = grid.registerTwin("");
      assertThat(twin.x25519PublicKey()).isEqualTo(user.twinKey().publicKeyHex());
      assertThat(grid.registerTwin("")).isEqualTo(twin);

      DeploymentSpec spec = spec("web", 2);
      Capacity want = Capacity.of(spec.resources());
      List<NodeOffer> offers = grid.findNodes(NodeQuery.of(want).inCountry("BE").withPublicIps(1));
      assertThat(offers).extracting(o -> o.node().id()).contains(nodeId);
      assertThat(grid.findNodes(NodeQuery.of(want).inCountry("NL"))).isEmpty();
      assertThat(grid.findNodes(NodeQuery.of(new Capacity(65, 0, 0, 0)))).isEmpty();

      // docs/pricing.md: 2 cores, 4 GiB, 50 GiB SSD = 1 CU + 0.25 SU = 0.01125/h; + 1 IP = 0.01625.
      Quote quote = grid.quote(nodeId, want, 1, 2);
      assertThat(quote.perHour()).isEqualTo(new BigInteger("16250000000000000"));
      assertThat(quote.deposit()).isEqualTo(new BigInteger("32500000000000000"));

      Deployment d = grid.deploy(spec, nodeId, 2, (step, detail) -> steps.add(step));
      assertThat(d.alreadyExisted()).isFalse();
      assertThat(steps).containsExactly(Progress.SUBMITTED, Progress.INCLUDED);

      // Idempotent: the same spec again finds the live contract and sends nothing.
      Deployment again = grid.deploy(spec, nodeId, 2, Progress.Listener.NONE);
      assertThat(again.alreadyExisted()).isTrue();
      assertThat(again.contractId()).isEqualTo(d.contractId());

      // The node (simulated, test identity) reads the deployment only it can open.
      byte[] plain = node.readDeployment(d.contractId(), user.address());
      assertThat(plain).isEqualTo(CanonicalJson.of(spec));
      assertThat(new String(plain, StandardCharsets.UTF_8)).contains("only the node reads this");
      // The owner reads the same on-chain envelope back with its twin key; a third key cannot.
      assertThat(grid.openDeployment(d.contractId())).isEqualTo(CanonicalJson.of(spec));
      try (GridClient f = GridClient.connect(options(), farmer)) {
        assertThatThrownBy(() -> f.openDeployment(d.contractId()))
            .isInstanceOf(GridException.Verification.class)
            .hasMessageContaining("does not open with this account's twin key");
      }
      String result = "{\"status\":\"running\",\"endpoint\":\"203.0.113.10:80\"}";
      // The owner waits first; the node reports while it waits: the WebSocket subscription (not
      // the 5-second safety poll) delivers the event.
      var waiting =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try {
                  return grid.awaitFulfilment(
                      d.contractId(), Duration.ofSeconds(30), (s, x) -> steps.add(s));
                } catch (GridException e) {
                  throw new IllegalStateException(e);
                }
              });
      Thread.sleep(1500);
      node.fulfil(d.contractId(), user.twinKey().publicKey(), result);
      FulfilmentResult r = waiting.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(r.text()).isEqualTo(result);
      assertThat(r.via()).isEqualTo(FulfilmentResult.VIA_WEBSOCKET);
      assertThat(steps).endsWith(Progress.FULFILLED);
      // Asked again later, the result is found by polling.
      assertThat(
              grid.awaitFulfilment(d.contractId(), Duration.ofSeconds(5), Progress.Listener.NONE)
                  .via())
          .isEqualTo(FulfilmentResult.VIA_POLLING);

      // Update: 3 cores instead of 2; the new deployment is published and the node reads it.
      DeploymentSpec bigger = spec("web", 3);
      grid.update(d.contractId(), bigger, BigInteger.ZERO);
      assertThat(node.readDeployment(d.contractId(), user.address()))
          .isEqualTo(CanonicalJson.of(bigger));
      assertThat(grid.openDeployment(d.contractId())).isEqualTo(CanonicalJson.of(bigger));
      assertThat(grid.contract(d.contractId()).resources().cru()).isEqualTo(3);
      grid.settle(d.contractId());

      ContractInfo before = grid.contract(d.contractId());
      assertThat(before.state()).isEqualTo("Created");
      assertThat(before.billing()).isTrue();
      assertThat(before.runway()).isPositive();
      ContractInfo after = grid.topUp(d.contractId(), Wei.ETHER);
      assertThat(after.escrow()).isEqualTo(before.escrow().add(Wei.ETHER));
      assertThat(grid.myContracts()).extracting(ContractInfo::id).containsExactly(d.contractId());

      // Audit with proofs at the current block: header hash, seal, account and storage proofs.
      ContractAuditor auditor =
          new ContractAuditor(grid.rpc(), grid.addresses(), SingleValidatorSeal.devnet());
      AuditReport report = auditor.audit(d.contractId(), OptionalLong.empty());
      assertThat(report.fields())
          .containsEntry("state", "Created")
          .containsEntry("owner", user.address().toLowerCase())
          .containsEntry("escrow", after.escrow().toString())
          .containsEntry("deploymentHash", grid.contract(d.contractId()).deploymentHash())
          .containsEntry("resources.cru", "3");
      assertThat(report.sealCheck()).contains("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
      assertThat(report.codeMatchesArtifact()).isTrue();
      assertThat(report.slots()).hasSize(7);
      assertThat(report.history())
          .extracting(HistoryEvent::name)
          .containsSubsequence(
              "NodeContractCreated",
              "DeploymentPublished",
              "ContractFulfilled",
              "NodeContractUpdated",
              "ContractSettled",
              "ContractToppedUp");
      assertTamperingFails(grid, auditor, d.contractId(), report.blockNumber());

      // The workload fails for good (the agent reports a refused image or repeated OOM kills so):
      // the time so far is settled, billing stops, and the owner reads the decrypted reason.
      String failure = "{\"status\":\"failed\",\"error\":\"the workload exited 4 times\"}";
      new NodeOperator(node.client(), node.account).fail(d.contractId(), failure);
      ContractInfo failed = grid.contract(d.contractId());
      assertThat(failed.state()).isEqualTo("Created");
      assertThat(failed.billing()).isFalse();
      assertThat(failed.accrued()).isZero();
      FulfilmentResult last = grid.lastReport(d.contractId()).orElseThrow();
      assertThat(last.failed()).isTrue();
      assertThat(last.text()).isEqualTo(failure);
      FulfilmentResult awaited =
          grid.awaitFulfilment(d.contractId(), Duration.ofSeconds(5), (s, x) -> steps.add(s));
      assertThat(awaited.failed()).isTrue();
      assertThat(awaited.text()).isEqualTo(failure);
      assertThat(steps).endsWith(Progress.FAILED);
      assertThat(auditor.audit(d.contractId(), OptionalLong.empty()).history())
          .extracting(HistoryEvent::name)
          .endsWith("ContractSettled", "ContractFailed");

      BigInteger refund = grid.cancel(d.contractId());
      assertThat(refund).isPositive().isLessThanOrEqualTo(after.escrow());
      assertThat(grid.contract(d.contractId()).state()).isEqualTo("Deleted");
      assertThat(grid.withdraw()).isEqualTo(refund);
      assertThat(node.client().node(nodeId).used()).isEqualTo(Capacity.NONE);
    }
  }

  /** One flipped byte anywhere in what the node sent makes the audit fail. */
  static void assertTamperingFails(GridClient grid, ContractAuditor auditor, long id, long block)
      throws Exception {
    var web3j = grid.rpc().web3j();
    var param = DefaultBlockParameter.valueOf(BigInteger.valueOf(block));
    EthBlock.Block b = web3j.ethGetBlockByNumber(param, false).send().getBlock();
    StorageLayout layout = StorageLayout.reservationsContracts();
    List<BigInteger> keys = new ArrayList<>();
    for (int i = 0; i < layout.structSlots(); i++) {
      keys.add(layout.baseSlot(id).add(BigInteger.valueOf(i)));
    }
    String address = grid.addresses().reservations();
    java.util.function.Supplier<EthGetProof.Proof> fresh =
        () -> {
          try {
            return web3j
                .ethGetProof(
                    address,
                    keys.stream().map(k -> Numeric.toHexStringWithPrefixZeroPadded(k, 64)).toList(),
                    Numeric.toHexStringWithPrefix(BigInteger.valueOf(block)))
                .send()
                .getProof();
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        };
    byte[] code = Numeric.hexStringToByteArray(web3j.ethGetCode(address, param).send().getCode());
    BlockHeader header = BlockHeader.fromRpc(b);
    // Untouched, it verifies.
    assertThat(auditor.verify(id, header, b.getHash(), fresh.get(), code, keys, param).fields())
        .containsEntry("state", "Created");

    // A flipped byte in a storage proof node.
    EthGetProof.Proof storage = fresh.get();
    var sp = storage.getStorageProof().get(3);
    List<String> nodes = new ArrayList<>(sp.getProof());
    nodes.set(nodes.size() - 1, flip(nodes.get(nodes.size() - 1), 40));
    sp.setProof(nodes);
    assertThatThrownBy(() -> auditor.verify(id, header, b.getHash(), storage, code, keys, param))
        .isInstanceOf(ProofException.class)
        .hasMessageContaining("hashes to");

    // A flipped byte in the account proof.
    EthGetProof.Proof account = fresh.get();
    List<String> accountNodes = new ArrayList<>(account.getAccountProof());
    accountNodes.set(0, flip(accountNodes.get(0), 10));
    account.setAccountProof(accountNodes);
    assertThatThrownBy(() -> auditor.verify(id, header, b.getHash(), account, code, keys, param))
        .isInstanceOf(ProofException.class);

    // A different state root in the header: the hash no longer matches.
    byte[] root = header.stateRoot();
    root[0] ^= 1;
    assertThatThrownBy(
            () ->
                auditor.verify(
                    id, header.withStateRoot(root), b.getHash(), fresh.get(), code, keys, param))
        .isInstanceOf(ProofException.class)
        .hasMessageContaining("the header fields hash to");

    // A seal by another key: the devnet verifier does not accept it.
    SealVerifier other =
        new SingleValidatorSeal(java.util.Set.of("0x70997970c51812dc3a010c7d01b50e0d17dc79c8"));
    assertThatThrownBy(() -> other.verify(header))
        .isInstanceOf(ProofException.class)
        .hasMessageContaining("not by a known validator");

    // A reported storage value that differs from the proven one.
    EthGetProof.Proof lying = fresh.get();
    lying.getStorageProof().get(3).setValue("0x1234");
    assertThatThrownBy(() -> auditor.verify(id, header, b.getHash(), lying, code, keys, param))
        .isInstanceOf(ProofException.class)
        .hasMessageContaining("the node reported 0x1234");
  }

  static String flip(String hex, int byteIndex) {
    byte[] b = Numeric.hexStringToByteArray(hex);
    b[Math.min(byteIndex, b.length - 1)] ^= 0x01;
    return Numeric.toHexString(b);
  }

  @Test
  void failuresSayWhatToDoAndSendNothing() throws Exception {
    UnlockedAccount poor = newAccount("poor", 4, Wei.ETHER.divide(BigInteger.valueOf(20)));
    UnlockedAccount farmer = newAccount("farmer2", 4, HUNDRED);
    long farmId;
    try (GridClient f = GridClient.connect(options(), farmer)) {
      f.registerTwin("");
      farmId = f.createFarm("sdk-fail-farm", 1).id();
    }
    DevAccounts.fund(devnet.rpcUrl(), 5, SimulatedNode.identity("fail").address(), HUNDRED);
    SimulatedNode node = SimulatedNode.connect(options(), "fail");
    long nodeId = node.register(farmId);

    try (GridClient grid = GridClient.connect(options(), poor)) {
      // No twin yet: the contract says so, decoded.
      assertThatThrownBy(() -> grid.deploy(spec("web", 1), nodeId, 1, Progress.Listener.NONE))
          .isInstanceOf(GridException.NotFound.class)
          .hasMessageContaining("grid twin register");
      grid.registerTwin("");
      assertThatThrownBy(() -> grid.node(999))
          .isInstanceOf(GridException.NotFound.class)
          .hasMessageContaining("node 999 does not exist");
      // Not approved yet: decoded custom error from the simulation.
      DeploymentSpec noIp = spec("web", 1);
      DeploymentSpec small =
          new DeploymentSpec(
              noIp.name(),
              noIp.image(),
              noIp.location(),
              noIp.resources(),
              noIp.env(),
              noIp.secrets(),
              noIp.ports(),
              0,
              noIp.gateway());
      assertThatThrownBy(() -> grid.deploy(small, nodeId, 1, Progress.Listener.NONE))
          .isInstanceOfSatisfying(
              GridException.Rejected.class,
              e -> assertThat(e.errorName()).isEqualTo("NodeNotApproved"))
          .hasMessageContaining("node " + nodeId + " is not approved by farm " + farmId);
      try (GridClient f = GridClient.connect(options(), farmer)) {
        f.approveNode(nodeId);
      }
      assertThatThrownBy(() -> grid.deploy(spec("big", 100), nodeId, 1, Progress.Listener.NONE))
          .isInstanceOf(GridException.Rejected.class)
          .hasMessageContaining("node " + nodeId + " has 64 free cores, 100 requested");
      // Public IP missing in the farm.
      assertThatThrownBy(() -> grid.deploy(spec("web", 1), nodeId, 1, Progress.Listener.NONE))
          .hasMessageContaining("farm " + farmId + " has 0 free public IPs, 1 requested");
      // A whole day of escrow (0.27 ETH) is more than the 0.05 ETH it has.
      assertThatThrownBy(() -> grid.deploy(small, nodeId, 24, Progress.Listener.NONE))
          .isInstanceOf(GridException.InsufficientFunds.class)
          .hasMessageContaining("send it at least");
      assertThat(grid.myContracts()).isEmpty();
    }

    assertThatThrownBy(
            () -> GridClient.connect(GridClient.Options.of(devnet.rpcUrl()).expectChainId(1), null))
        .isInstanceOf(GridException.WrongChain.class)
        .hasMessageContaining("serves chain id 1337, expected 1");
    int closedPort;
    try (var socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    assertThatThrownBy(
            () ->
                GridClient.connect(
                    GridClient.Options.of("http://127.0.0.1:" + closedPort)
                        .withRetry(
                            new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10))),
                    null))
        .isInstanceOf(GridException.RpcUnavailable.class)
        .hasMessageContaining("cannot reach the node")
        .hasMessageContaining("after 2 attempts");
  }
}
