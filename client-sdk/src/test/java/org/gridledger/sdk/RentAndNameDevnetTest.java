package org.gridledger.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.gridledger.sdk.account.AccountInfo;
import org.gridledger.sdk.account.Keystore;
import org.gridledger.sdk.account.UnlockedAccount;
import org.gridledger.sdk.devnet.DevAccounts;
import org.gridledger.sdk.spec.DeploymentSpec;
import org.gridledger.sdk.spec.SpecParser;
import org.gridledger.testsupport.DevNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * Rent and name contracts through the SDK against a real {@code gridledger dev} process. Expected
 * prices are worked out by hand from the devnet policy in genesis/devnet.yaml (CU 0.01, SU 0.005,
 * IPU 0.005, name 0.001 ether per hour, dedicated discount 50 %) with docs/pricing.md's cloud
 * units.
 */
class RentAndNameDevnetTest {
  static DevNode devnet;
  static final BigInteger HUNDRED = Wei.ETHER.multiply(BigInteger.valueOf(100));
  static final BigInteger MILLI = Wei.ETHER.divide(BigInteger.valueOf(1000));

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

  static UnlockedAccount newAccount(String name, int funder) throws Exception {
    Keystore ks = new Keystore(home.resolve(name), Keystore.Strength.LIGHT, new SecureRandom());
    AccountInfo info = ks.create("pw-" + name);
    DevAccounts.fund(devnet.rpcUrl(), funder, info.address(), HUNDRED);
    return ks.unlock(info.address(), "pw-" + name);
  }

  static DeploymentSpec spec(String name, int publicIps) throws Exception {
    return new SpecParser()
        .parse(
            """
            version: 1
            name: %s
            image: docker.io/library/nginx@sha256:%s
            resources: {cpu: 2, memory: 4GiB, disk: 50GiB}
            publicIps: %d
            """
                .formatted(name, "0e".repeat(32), publicIps),
            name + ".yaml");
  }

  static BigInteger nonce(GridClient c, String address) throws Exception {
    return c.rpc()
        .web3j()
        .ethGetTransactionCount(address, DefaultBlockParameterName.LATEST)
        .send()
        .getTransactionCount();
  }

  @Test
  void rentANodeDeployOnItAndCancelInOrder() throws Exception {
    UnlockedAccount farmer = newAccount("farmer", 1);
    UnlockedAccount renter = newAccount("renter", 2);
    UnlockedAccount other = newAccount("other", 3);
    long farmId;
    try (GridClient f = GridClient.connect(options(), farmer)) {
      f.registerTwin("");
      farmId = f.createFarm("rent-farm", 1).id();
      f.addPublicIp(farmId, "203.0.113.30/24", "203.0.113.1");
      f.addPublicIp(farmId, "203.0.113.31/24", "203.0.113.1");
    }
    DevAccounts.fund(devnet.rpcUrl(), 4, SimulatedNode.identity("rent").address(), HUNDRED);
    SimulatedNode node = SimulatedNode.connect(options(), "rent");
    long nodeId = node.register(farmId);
    try (GridClient f = GridClient.connect(options(), farmer)) {
      f.approveNode(nodeId);
    }

    try (GridClient r = GridClient.connect(options(), renter);
        GridClient o = GridClient.connect(options(), other)) {
      r.registerTwin("");
      o.registerTwin("");

      // 64 cores, 256 GiB, 4 TiB SSD: CU = min(max(64, 32), max(32, 64), max(128, 16)) = 64,
      // SU = 4096 / 200 = 20.48; 64 * 0.01 + 20.48 * 0.005 = 0.7424 per hour, half with the
      // dedicated discount.
      Quote rentQuote = r.quoteRent(nodeId, 2);
      assertThat(rentQuote.perHour()).isEqualTo(new BigInteger("371200000000000000"));
      assertThat(rentQuote.deposit()).isEqualTo(new BigInteger("742400000000000000"));

      // Another twin's live contract on the node: renting it is refused and nothing is sent.
      Deployment theirs = o.deploy(spec("theirs", 0), nodeId, 2, Progress.Listener.NONE);
      BigInteger before = nonce(r, renter.address());
      assertThatThrownBy(() -> r.rent(nodeId, 2, Progress.Listener.NONE))
          .isInstanceOfSatisfying(
              GridException.Rejected.class,
              e -> assertThat(e.errorName()).isEqualTo("NodeHasActiveContracts"))
          .hasMessageContaining("node " + nodeId + " has 1 active contracts")
          .hasMessageContaining("pick another node");
      assertThat(nonce(r, renter.address())).isEqualTo(before);
      o.cancel(theirs.contractId());

      Rental rental = r.rent(nodeId, 2, Progress.Listener.NONE);
      ContractInfo rent = r.contract(rental.contractId());
      assertThat(rent.kind()).isEqualTo("Rent");
      assertThat(rent.state()).isEqualTo("Created");
      assertThat(rent.nodeId()).isEqualTo(nodeId);
      assertThat(rent.ratePerHour()).isEqualTo(rentQuote.perHour());
      assertThat(rent.escrow()).isEqualTo(rentQuote.deposit());
      assertThat(r.node(nodeId).rentContractId()).isEqualTo(rental.contractId());

      // Exclusive: the other twin can neither rent it nor deploy on it.
      assertThatThrownBy(() -> o.rent(nodeId, 2, Progress.Listener.NONE))
          .isInstanceOfSatisfying(
              GridException.Rejected.class,
              e -> assertThat(e.errorName()).isEqualTo("NodeAlreadyRented"))
          .hasMessageContaining("rent contract " + rental.contractId());
      assertThatThrownBy(() -> o.deploy(spec("intruder", 0), nodeId, 2, Progress.Listener.NONE))
          .isInstanceOfSatisfying(
              GridException.Rejected.class,
              e -> assertThat(e.errorName()).isEqualTo("NodeRentedByOther"));

      // The renter's deployments on it pay for public IPs only: 1 IP = 0.005 per hour.
      DeploymentSpec web = spec("web", 1);
      Quote ipOnly = r.quote(nodeId, Capacity.of(web.resources()), 1, 2);
      assertThat(ipOnly.perHour()).isEqualTo(new BigInteger("5000000000000000"));
      Deployment d = r.deploy(web, nodeId, 2, Progress.Listener.NONE);
      ContractInfo onRent = r.contract(d.contractId());
      assertThat(onRent.ratePerHour()).isEqualTo(new BigInteger("5000000000000000"));
      assertThat(onRent.rentContractId()).isEqualTo(rental.contractId());
      Deployment free = r.deploy(spec("no-ip", 0), nodeId, 2, Progress.Listener.NONE);
      assertThat(r.contract(free.contractId()).unbilled()).isTrue();

      // The rent cannot go while node contracts run on it.
      assertThatThrownBy(() -> r.cancel(rental.contractId()))
          .isInstanceOfSatisfying(
              GridException.Rejected.class,
              e -> assertThat(e.errorName()).isEqualTo("RentHasActiveContracts"))
          .hasMessageContaining("still has 2 node contracts")
          .hasMessageContaining("cancel them first");
      r.cancel(d.contractId());
      r.cancel(free.contractId());
      assertThat(r.cancel(rental.contractId())).isPositive();
      assertThat(r.contract(rental.contractId()).state()).isEqualTo("Deleted");
      assertThat(r.node(nodeId).rentContractId()).isZero();
      assertThat(r.myContracts())
          .extracting(ContractInfo::kind)
          .containsExactly("Rent", "Node", "Node");
    }
  }

  @Test
  void reserveAndReleaseAName() throws Exception {
    UnlockedAccount alice = newAccount("alice", 5);
    UnlockedAccount bob = newAccount("bob", 6);
    try (GridClient a = GridClient.connect(options(), alice);
        GridClient b = GridClient.connect(options(), bob)) {
      a.registerTwin("");
      b.registerTwin("");

      BigInteger before = nonce(a, alice.address());
      assertThatThrownBy(() -> a.reserveName("My-Shop", 2, Progress.Listener.NONE))
          .isInstanceOf(GridException.InvalidInput.class)
          .hasMessageContaining("character 'M' at position 0");
      assertThatThrownBy(() -> a.reserveName("shop-", 2, Progress.Listener.NONE))
          .isInstanceOf(GridException.InvalidInput.class)
          .hasMessageContaining("position 4");
      assertThat(nonce(a, alice.address())).isEqualTo(before);

      Quote q = a.quoteName(2);
      assertThat(q.perHour()).isEqualTo(MILLI);
      assertThat(q.deposit()).isEqualTo(MILLI.multiply(BigInteger.TWO));
      NameReservation shop = a.reserveName("my-shop", 2, Progress.Listener.NONE);
      ContractInfo c = a.contract(shop.contractId());
      assertThat(c.kind()).isEqualTo("Name");
      assertThat(c.name()).isEqualTo("my-shop");
      assertThat(c.ratePerHour()).isEqualTo(MILLI);
      assertThat(a.nameContractOf("my-shop")).hasValue(shop.contractId());

      assertThatThrownBy(() -> b.reserveName("my-shop", 2, Progress.Listener.NONE))
          .isInstanceOfSatisfying(
              GridException.Rejected.class,
              e -> {
                assertThat(e.errorName()).isEqualTo("NameTaken");
                assertThat(e.arguments())
                    .containsExactly("my-shop", BigInteger.valueOf(shop.contractId()));
              })
          .hasMessageContaining("taken by contract " + shop.contractId());

      a.cancel(shop.contractId());
      assertThat(a.nameContractOf("my-shop")).isEmpty();
      NameReservation again = b.reserveName("my-shop", 2, Progress.Listener.NONE);
      assertThat(b.contract(again.contractId()).owner()).isEqualToIgnoringCase(bob.address());
    }
  }
}
