package org.gridledger.capacity.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.gridledger.sdk.Capacity;
import org.gridledger.sdk.ContractInfo;
import org.gridledger.sdk.crypto.ContractContext;
import org.gridledger.sdk.crypto.EnvelopeCipher;
import org.gridledger.sdk.crypto.X25519KeyPair;
import org.gridledger.sdk.spec.CanonicalJson;
import org.gridledger.sdk.spec.DeploymentSpec;
import org.gridledger.sdk.spec.SpecParser;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

/** Each refusal of {@link DeploymentCheck}, and the accepted case, with the SDK's own sealing. */
class DeploymentCheckTest {
  static final long CHAIN = 1337;
  static final String RESERVATIONS = "0x0000000000000000000000000000000000001004";
  static final String OWNER = "0x70997970c51812dc3a010c7d01b50e20d17dc79c";
  static final long NODE = 7;
  static final String MARKER = "marker-secret-3f9a";
  final SecureRandom random = new SecureRandom();
  final X25519KeyPair nodeKey = X25519KeyPair.generate(random);
  final DeploymentCheck check =
      new DeploymentCheck(CHAIN, RESERVATIONS, NODE, nodeKey.privateKey());

  static DeploymentSpec spec(String memory) throws Exception {
    return new SpecParser()
        .parse(
            """
            version: 1
            name: web
            image: local/httpd@sha256:%s
            resources: {cpu: 1, memory: %s, disk: 32MiB}
            secrets: {TOKEN: "%s"}
            ports: [8080]
            """
                .formatted("ab".repeat(32), memory, MARKER),
            "test.yaml");
  }

  byte[] seal(DeploymentSpec spec, byte[] key, long node) throws Exception {
    return new EnvelopeCipher(random)
        .seal(
            key,
            CanonicalJson.of(spec),
            ContractContext.deployment(CHAIN, RESERVATIONS, OWNER, node).bytes());
  }

  static ContractInfo contract(byte[] envelope, Capacity reserved, long node) {
    return new ContractInfo(
        5,
        "Node",
        "Created",
        node,
        2,
        OWNER,
        false,
        BigInteger.ONE,
        BigInteger.ONE,
        BigInteger.ZERO,
        reserved,
        0,
        "0x" + HexFormat.of().formatHex(Hash.sha3(envelope)),
        1,
        Duration.ZERO,
        0,
        "");
  }

  static final Capacity RESERVED = new Capacity(1, 64L << 20, 32L << 20, 0);

  @Test
  void acceptsAMatchingDeployment() throws Exception {
    byte[] env = seal(spec("64MiB"), nodeKey.publicKey(), NODE);
    var outcome = check.check(contract(env, RESERVED, NODE), env);
    assertThat(outcome).isInstanceOf(DeploymentCheck.Accepted.class);
    DeploymentSpec s = ((DeploymentCheck.Accepted) outcome).spec();
    assertThat(s.secrets()).containsEntry("TOKEN", MARKER);
    assertThat(s.image().digest()).isEqualTo("sha256:" + "ab".repeat(32));
  }

  @Test
  void refusesAHashMismatch() throws Exception {
    byte[] env = seal(spec("64MiB"), nodeKey.publicKey(), NODE);
    ContractInfo c = contract(env, RESERVED, NODE);
    byte[] other = env.clone();
    other[other.length - 1] ^= 1;
    var outcome = check.check(c, other);
    assertThat(outcome).isInstanceOf(DeploymentCheck.Refused.class);
    assertThat(((DeploymentCheck.Refused) outcome).reason())
        .startsWith("deployment hash mismatch: the contract declares " + c.deploymentHash());
  }

  @Test
  void refusesASpecSealedForAnotherNodesKey() throws Exception {
    byte[] env = seal(spec("64MiB"), X25519KeyPair.generate(random).publicKey(), NODE);
    var outcome = check.check(contract(env, RESERVED, NODE), env);
    assertThat(((DeploymentCheck.Refused) outcome).reason())
        .contains("does not open with node 7's key");
  }

  @Test
  void refusesASpecSealedForAnotherNodeId() throws Exception {
    // Our key, but the context of node 8: the AEAD's associated data does not match.
    byte[] env = seal(spec("64MiB"), nodeKey.publicKey(), 8);
    var outcome = check.check(contract(env, RESERVED, NODE), env);
    assertThat(((DeploymentCheck.Refused) outcome).reason())
        .contains("does not open with node 7's key");
  }

  @Test
  void refusesAContractOfAnotherNode() throws Exception {
    byte[] env = seal(spec("64MiB"), nodeKey.publicKey(), NODE);
    var outcome = check.check(contract(env, RESERVED, 9), env);
    assertThat(((DeploymentCheck.Refused) outcome).reason())
        .isEqualTo("contract 5 is for node 9, not 7");
  }

  @Test
  void refusesASpecOverTheReservation() throws Exception {
    byte[] env = seal(spec("128MiB"), nodeKey.publicKey(), NODE);
    var outcome = check.check(contract(env, RESERVED, NODE), env);
    String reason = ((DeploymentCheck.Refused) outcome).reason();
    assertThat(reason).startsWith("the spec asks for more than the contract reserved");
    assertThat(reason).doesNotContain(MARKER);
  }

  @Test
  void refusesGarbageWithoutQuotingIt() throws Exception {
    byte[] plain = ("{\"version\": 1, \"name\": \"" + MARKER + "!\"}").getBytes();
    byte[] env =
        new EnvelopeCipher(random)
            .seal(
                nodeKey.publicKey(),
                plain,
                ContractContext.deployment(CHAIN, RESERVATIONS, OWNER, NODE).bytes());
    var outcome = check.check(contract(env, RESERVED, NODE), env);
    String reason = ((DeploymentCheck.Refused) outcome).reason();
    assertThat(reason).startsWith("invalid spec at ");
    assertThat(reason).doesNotContain(MARKER);
  }

  // ---------------------------------------------------------------- gateway names

  static DeploymentSpec gatewaySpec(String ports) throws Exception {
    return new SpecParser()
        .parse(
            """
            version: 1
            name: web
            image: local/httpd@sha256:%s
            resources: {cpu: 1, memory: 64MiB, disk: 32MiB}
            ports: %s
            gateway: myapp
            """
                .formatted("ab".repeat(32), ports),
            "test.yaml");
  }

  static ContractInfo nameContract(long id, long twin, String state) {
    return new ContractInfo(
        id,
        "Name",
        state,
        0,
        twin,
        OWNER,
        true,
        BigInteger.ONE,
        BigInteger.ONE,
        BigInteger.ZERO,
        new Capacity(0, 0, 0, 0),
        0,
        "0x" + "00".repeat(32),
        1,
        Duration.ZERO,
        0,
        "myapp");
  }

  DeploymentCheck gatewayCheck(GatewayNames names) {
    return new DeploymentCheck(CHAIN, RESERVATIONS, NODE, nodeKey.privateKey(), true, names);
  }

  @Test
  void acceptsAGatewayNameHeldByTheSameTwin() throws Exception {
    byte[] env = seal(gatewaySpec("[53/udp, 8080]"), nodeKey.publicKey(), NODE);
    var outcome =
        gatewayCheck(n -> n.equals("myapp") ? Optional.of(nameContract(9, 2, "Created")) : null)
            .check(contract(env, RESERVED, NODE), env);
    assertThat(outcome).isInstanceOf(DeploymentCheck.Accepted.class);
    DeploymentSpec s = ((DeploymentCheck.Accepted) outcome).spec();
    assertThat(s.gateway()).contains("myapp");
    assertThat(DeploymentCheck.firstTcpPort(s)).isEqualTo(8080);
  }

  @Test
  void refusesAGatewayNameNobodyHolds() throws Exception {
    byte[] env = seal(gatewaySpec("[8080]"), nodeKey.publicKey(), NODE);
    var outcome = gatewayCheck(n -> Optional.empty()).check(contract(env, RESERVED, NODE), env);
    assertThat(((DeploymentCheck.Refused) outcome).reason())
        .isEqualTo(
            "gateway name 'myapp' is not held by a live name contract (reserve it first: grid"
                + " name reserve)");
  }

  @Test
  void refusesAGatewayNameOfAnotherTwin() throws Exception {
    byte[] env = seal(gatewaySpec("[8080]"), nodeKey.publicKey(), NODE);
    var outcome =
        gatewayCheck(n -> Optional.of(nameContract(9, 3, "Created")))
            .check(contract(env, RESERVED, NODE), env);
    assertThat(((DeploymentCheck.Refused) outcome).reason())
        .isEqualTo(
            "gateway name 'myapp' is held by name contract 9 of twin 3, not by twin 2 that owns"
                + " contract 5");
  }

  @Test
  void refusesAGatewayWithoutATcpPort() throws Exception {
    byte[] env = seal(gatewaySpec("[53/udp]"), nodeKey.publicKey(), NODE);
    var outcome =
        gatewayCheck(n -> Optional.of(nameContract(9, 2, "Created")))
            .check(contract(env, RESERVED, NODE), env);
    assertThat(((DeploymentCheck.Refused) outcome).reason())
        .isEqualTo("gateway name 'myapp' needs a TCP port in the spec to route to");
  }

  @Test
  void refusesAGatewayOnANodeWithoutOne() throws Exception {
    byte[] env = seal(gatewaySpec("[8080]"), nodeKey.publicKey(), NODE);
    var outcome = check.check(contract(env, RESERVED, NODE), env);
    assertThat(((DeploymentCheck.Refused) outcome).reason())
        .isEqualTo("the spec asks for gateway name 'myapp' but node 7 runs no gateway");
  }
}
