package org.gridledger.sdk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gridledger.sdk.Wei;
import org.gridledger.sdk.devnet.DevAccounts;
import org.gridledger.testsupport.DevNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code grid} CLI against a real {@code gridledger dev}: the user guide's flow and its errors.
 */
class GridCliDevnetTest {
  static DevNode devnet;
  @TempDir static Path dir;
  static Path password;
  static final ObjectMapper JSON = new ObjectMapper();

  record Run(int exit, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    devnet = DevNode.instant();
    password = dir.resolve("password");
    Files.writeString(password, "correct horse\n");
  }

  @AfterAll
  static void stop() {
    if (devnet != null) {
      devnet.close();
    }
  }

  /** Runs grid in-process with the devnet's RPC, the keystore {@code who} and the password file. */
  static Run grid(String who, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--rpc", devnet.rpcUrl(),
            "--keystore", dir.resolve("keys-" + who).toString(),
            "--password-file", password.toString()));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        GridCommand.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
    return new Run(exit, out.toString(), err.toString());
  }

  static String newFundedAccount(String who, BigInteger wei) throws Exception {
    Run r = grid(who, "account", "new", "--light-kdf", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    String address = r.json().path("address").asText();
    if (wei.signum() > 0) {
      DevAccounts.fund(devnet.rpcUrl(), 6, address, wei);
    }
    return address;
  }

  static final String SPEC =
      """
      version: 1
      name: hello
      image: docker.io/library/nginx@sha256:%s
      location: {country: BE}
      resources: {cpu: 2, memory: 4GiB, disk: 20GiB}
      secrets: {API_KEY: "for the node's eyes only"}
      ports: [80]
      publicIps: 1
      """
          .formatted("1f".repeat(32));

  @Test
  void userGuideFlow() throws Exception {
    BigInteger hundred = Wei.ETHER.multiply(BigInteger.valueOf(100));
    newFundedAccount("farmer", hundred);
    String nodeAddress = newFundedAccount("node", hundred);
    String user = newFundedAccount("user", hundred);

    assertThat(grid("farmer", "twin", "register").exit()).isZero();
    Run farm = grid("farmer", "farm", "create", "cli-farm", "--json");
    assertThat(farm.exit()).as(farm.err()).isZero();
    String farmId = farm.json().path("id").asText();
    Run ip =
        grid("farmer", "farm", "add-ip", farmId, "203.0.113.20/24", "--gateway", "203.0.113.1");
    assertThat(ip.exit()).as(ip.err()).isZero();
    assertThat(ip.out()).contains("added 203.0.113.20/24");

    Run node =
        grid(
            "node",
            "node",
            "register",
            "--farm",
            farmId,
            "--cru",
            "8",
            "--mru",
            "32GiB",
            "--sru",
            "1TiB",
            "--country",
            "BE",
            "--city",
            "Ghent",
            "--json");
    assertThat(node.exit()).as(node.err()).isZero();
    String nodeId = node.json().path("nodeId").asText();
    assertThat(grid("farmer", "farm", "approve-node", nodeId).exit()).isZero();

    Run twin = grid("user", "twin", "register");
    assertThat(twin.exit()).as(twin.err()).isZero();
    assertThat(twin.out()).contains(user);

    Run find =
        grid(
            "user",
            "nodes",
            "find",
            "--cru",
            "2",
            "--mru",
            "4GiB",
            "--sru",
            "20GiB",
            "--country",
            "BE");
    assertThat(find.exit()).as(find.err()).isZero();
    // docs/pricing.md: 2 cores + 4 GiB = 1 CU (0.01/h), 20 GiB SSD = 0.1 SU (0.0005/h).
    assertThat(find.out()).contains("available").contains("0.0105 ETH");
    // --explorer pointing at a closed port: one warning line on stderr, the same table from the
    // views.
    int deadPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      deadPort = socket.getLocalPort();
    }
    Run viaDead =
        grid(
            "user",
            "nodes",
            "find",
            "--explorer",
            "http://127.0.0.1:" + deadPort,
            "--cru",
            "2",
            "--mru",
            "4GiB",
            "--sru",
            "20GiB",
            "--country",
            "BE");
    assertThat(viaDead.exit()).as(viaDead.err()).isZero();
    assertThat(viaDead.out()).isEqualTo(find.out());
    assertThat(viaDead.err().lines().toList())
        .singleElement()
        .asString()
        .startsWith("warning: explorer http://127.0.0.1:" + deadPort + " unreachable")
        .endsWith("searching the contract views instead");
    assertThat(grid("user", "nodes", "find", "--explorer", "ftp://x").exit())
        .isEqualTo(ExitCodes.USAGE);
    Run pricing = grid("user", "pricing", "show");
    assertThat(pricing.out()).contains("CU (compute unit) 0.01 ETH per hour");

    Path spec = dir.resolve("hello.yaml");
    Files.writeString(spec, SPEC);
    Run deploy =
        grid("user", "deploy", spec.toString(), "--node", nodeId, "--hours", "2", "--no-wait");
    assertThat(deploy.exit()).as(deploy.err()).isZero();
    assertThat(deploy.out())
        .contains("spec " + spec + " is valid")
        .contains("per hour; depositing")
        .contains("submitted   transaction 0x")
        .contains("included    in block")
        .contains("contract    1 created on node " + nodeId);

    Run deployment = grid("node", "node", "deployment", "1");
    assertThat(deployment.exit()).as(deployment.err()).isZero();
    assertThat(deployment.out()).contains("for the node's eyes only");
    // The owner reads its own deployment back from the chain; a third account cannot.
    Run mine = grid("user", "contracts", "show", "1", "--decrypt");
    assertThat(mine.exit()).as(mine.err()).isZero();
    assertThat(mine.out())
        .contains("deployment (decrypted with your twin key)")
        .contains("for the node's eyes only");
    Run third = grid("farmer", "contracts", "show", "1", "--decrypt");
    assertThat(third.exit()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
    assertThat(third.err()).contains("does not open with this account's twin key");
    assertThat(grid("farmer", "node", "deployment", "1").exit())
        .isEqualTo(ExitCodes.VERIFICATION_FAILED);
    Run fulfil =
        grid("node", "node", "fulfil", "1", "--result", "{\"endpoint\":\"203.0.113.20:80\"}");
    assertThat(fulfil.exit()).as(fulfil.err()).isZero();

    // Same spec again: recognised, nothing sent, and the result is already there.
    Run again =
        grid(
            "user", "deploy", spec.toString(), "--node", nodeId, "--hours", "2", "--timeout", "20");
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out())
        .contains("already deployed: contract 1")
        .contains("result      {\"endpoint\":\"203.0.113.20:80\"}")
        .doesNotContain("submitted");

    Run list = grid("user", "contracts", "list");
    assertThat(list.out()).contains("Created");
    Run topup = grid("user", "contracts", "topup", "1", "0.1 ether");
    assertThat(topup.exit()).as(topup.err()).isZero();
    Run audit = grid("user", "audit", "contract", "1");
    assertThat(audit.exit()).as(audit.err()).isZero();
    assertThat(audit.out())
        .contains("VERIFIED")
        .contains("sealed by 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
        .contains("the published Reservations bytecode")
        .contains("ContractFulfilled");
    Run auditJson = grid("user", "audit", "contract", "1", "--json");
    assertThat(auditJson.json().path("fields").path("state").asText()).isEqualTo("Created");
    Run wrongValidator =
        grid(
            "user",
            "audit",
            "contract",
            "1",
            "--validator",
            "0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
    assertThat(wrongValidator.exit()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
    assertThat(wrongValidator.err()).contains("not by a known validator");

    // The node reports a failure: billing stops and the owner reads the reason.
    Run fail =
        grid(
            "node",
            "node",
            "fail",
            "1",
            "--result",
            "{\"status\":\"failed\",\"error\":\"image digest mismatch\"}");
    assertThat(fail.exit()).as(fail.err()).isZero();
    Run failed = grid("user", "contracts", "show", "1", "--decrypt");
    assertThat(failed.exit()).as(failed.err()).isZero();
    assertThat(failed.out())
        .contains("not billed: not fulfilled yet, or the node reported a failure")
        .contains("last report: FAILED in block")
        .contains("image digest mismatch");
    Run failedJson = grid("user", "contracts", "show", "1", "--decrypt", "--json");
    assertThat(failedJson.json().path("billing").asBoolean()).isFalse();
    assertThat(failedJson.json().path("lastReport").path("failed").asBoolean()).isTrue();

    Run cancel = grid("user", "contracts", "cancel", "1");
    assertThat(cancel.exit()).as(cancel.err()).isZero();
    assertThat(cancel.out()).contains("cancelled contract 1: refund");
    assertThat(grid("user", "contracts", "show", "1", "--json").json().path("state").asText())
        .isEqualTo("Deleted");
  }

  @Test
  void badInputGivesClearMessagesAndNonZeroExits() throws Exception {
    String poor = newFundedAccount("poor", Wei.ETHER.divide(BigInteger.valueOf(100)));
    assertThat(grid("poor", "twin", "register").exit()).isZero();

    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad, "version: 1\nname: x\nimage: nginx:latest\nresources: {cpu: 2, memry: 4GiB}\n");
    Run malformed = grid("poor", "deploy", bad.toString(), "--node", "1");
    assertThat(malformed.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(malformed.err())
        .contains("image: 'nginx:latest' is not an image reference by digest")
        .contains("resources.memry: unknown field (did you mean 'memory'?)")
        .contains("resources.memory: missing");

    Path spec = dir.resolve("ok.yaml");
    Files.writeString(spec, SPEC);
    Run unknownNode = grid("poor", "deploy", spec.toString(), "--node", "999");
    assertThat(unknownNode.exit()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(unknownNode.err()).contains("node 999 does not exist");

    Path huge = dir.resolve("huge.yaml");
    Files.writeString(huge, SPEC.replace("cpu: 2", "cpu: 1000"));
    Run noNode = grid("poor", "deploy", huge.toString(), "--auto");
    assertThat(noNode.exit()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(noNode.err()).contains("no available node has 1000 cores");

    // Insufficient funds: 0.01 ETH cannot pay 100 hours of escrow; nothing is sent.
    Run node = grid("poor", "nodes", "find", "--all", "--json");
    if (node.json().size() > 0) {
      String id = node.json().get(0).path("id").asText();
      Run poorDeploy = grid("poor", "deploy", spec.toString(), "--node", id, "--hours", "100");
      assertThat(poorDeploy.exit())
          .as(poorDeploy.err())
          .isIn(ExitCodes.INSUFFICIENT_FUNDS, ExitCodes.REJECTED);
      assertThat(grid("poor", "contracts", "list", "--json").json().size()).isZero();
    }

    Run json = grid("poor", "deploy", spec.toString(), "--node", "999", "--json");
    assertThat(json.json().path("exitCode").asInt()).isEqualTo(ExitCodes.NOT_FOUND);

    Files.writeString(dir.resolve("wrong"), "not the password\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int wrongPw =
        GridCommand.run(
            new String[] {
              "twin",
              "register",
              "--rpc",
              devnet.rpcUrl(),
              "--keystore",
              dir.resolve("keys-poor").toString(),
              "--password-file",
              dir.resolve("wrong").toString()
            },
            new PrintWriter(out),
            new PrintWriter(err));
    assertThat(wrongPw).isEqualTo(ExitCodes.KEYSTORE);
    assertThat(err.toString()).contains("wrong password for " + poor.substring(0, 6));

    Run chain = grid("poor", "pricing", "show", "--chain-id", "1");
    assertThat(chain.exit()).isEqualTo(ExitCodes.WRONG_CHAIN);
    assertThat(chain.err()).contains("serves chain id 1337, expected 1");

    int closedPort;
    try (var socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    StringWriter err2 = new StringWriter();
    int down =
        GridCommand.run(
            new String[] {"pricing", "show", "--rpc", "http://127.0.0.1:" + closedPort},
            new PrintWriter(new StringWriter()),
            new PrintWriter(err2));
    assertThat(down).isEqualTo(ExitCodes.RPC_UNAVAILABLE);
    assertThat(err2.toString()).contains("cannot reach the node at http://127.0.0.1:" + closedPort);

    Run usage = grid("poor", "deploy", spec.toString());
    assertThat(usage.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(usage.err()).contains("--node").contains("--auto");
  }

  @Test
  void helpAndCompletion() {
    for (String[] args :
        List.of(
            new String[] {"--help"},
            new String[] {"account", "--help"},
            new String[] {"deploy", "--help"},
            new String[] {"audit", "contract", "--help"},
            new String[] {"contracts", "topup", "--help"})) {
      StringWriter out = new StringWriter();
      assertThat(GridCommand.run(args, new PrintWriter(out), new PrintWriter(new StringWriter())))
          .isZero();
      assertThat(out.toString()).contains("Usage: grid");
    }
    StringWriter out = new StringWriter();
    assertThat(
            GridCommand.run(
                new String[] {"completion"},
                new PrintWriter(out),
                new PrintWriter(new StringWriter())))
        .isZero();
    assertThat(out.toString()).contains("complete -F").contains("deploy");
  }

  /** A new account funded with 10 ETH that has registered its twin. */
  static void newTwin(String who) throws Exception {
    newFundedAccount(who, Wei.ETHER.multiply(BigInteger.TEN));
    assertThat(grid(who, "twin", "register").exit()).isZero();
  }

  /** {@code grid rent} and {@code grid name}. */
  @Test
  void rentAndNameCommands() throws Exception {
    for (String who : List.of("rent-farmer", "rent-node", "rent-renter", "rent-other")) {
      newTwin(who);
    }
    Run farm = grid("rent-farmer", "farm", "create", "rent-cli-farm", "--json");
    assertThat(farm.exit()).as(farm.err()).isZero();
    String farmId = farm.json().path("id").asText();
    Run node =
        grid(
            "rent-node",
            "node",
            "register",
            "--farm",
            farmId,
            "--cru",
            "8",
            "--mru",
            "32GiB",
            "--sru",
            "1TiB",
            "--country",
            "BE",
            "--json");
    assertThat(node.exit()).as(node.err()).isZero();
    String nodeId = node.json().path("nodeId").asText();
    assertThat(grid("rent-farmer", "farm", "approve-node", nodeId).exit()).isZero();

    // 8 cores, 32 GiB, 1 TiB SSD = 8 CU (0.08/h) + 5.12 SU (0.0256/h) = 0.1056/h; 50 % dedicated
    // discount on the devnet policy (genesis/devnet.yaml).
    Run rent = grid("rent-renter", "rent", "create", "--node", nodeId, "--hours", "2");
    assertThat(rent.exit()).as(rent.err()).isZero();
    assertThat(rent.out())
        .contains("price to rent node " + nodeId + ": 0.0528 ETH per hour")
        .contains("dedicated discount 50 %")
        .contains("depositing 0.1056 ETH")
        .contains("submitted   transaction 0x")
        .containsPattern("rent contract \\d+: node " + nodeId + " is yours");
    Matcher m = Pattern.compile("rent contract (\\d+):").matcher(rent.out());
    assertThat(m.find()).isTrue();
    String rentId = m.group(1);

    Run taken = grid("rent-other", "rent", "create", "--node", nodeId);
    assertThat(taken.exit()).isEqualTo(ExitCodes.REJECTED);
    assertThat(taken.err())
        .contains("node " + nodeId + " is already rented (rent contract " + rentId + ")");

    Run bad = grid("rent-renter", "name", "reserve", "Shop_1");
    assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("character 'S' at position 0 must be a letter");
    Run name = grid("rent-renter", "name", "reserve", "shop-1", "--hours", "2", "--json");
    assertThat(name.exit()).as(name.err()).isZero();
    String nameId = name.json().path("contractId").asText();
    assertThat(Long.parseLong(nameId)).isEqualTo(Long.parseLong(rentId) + 1);
    assertThat(name.json().path("perHourWei").asText()).isEqualTo("1000000000000000");
    Run nameTaken = grid("rent-other", "name", "reserve", "shop-1");
    assertThat(nameTaken.exit()).isEqualTo(ExitCodes.REJECTED);
    assertThat(nameTaken.err()).contains("gateway name 'shop-1' is taken by contract " + nameId);

    Run list = grid("rent-renter", "contracts", "list");
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out()).contains("TYPE").contains("Rent").contains("Name").contains("shop-1");
    Run show = grid("rent-renter", "contracts", "show", nameId);
    assertThat(show.out()).contains("contract " + nameId + " (Name)").contains("name      shop-1");

    Run wrongKind = grid("rent-renter", "rent", "cancel", nameId);
    assertThat(wrongKind.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(wrongKind.err()).contains("contract " + nameId + " is a name contract");
    Run release = grid("rent-renter", "name", "release", nameId);
    assertThat(release.exit()).as(release.err()).isZero();
    assertThat(release.out()).contains("cancelled contract " + nameId + ": refund");
    Run cancel = grid("rent-renter", "rent", "cancel", rentId);
    assertThat(cancel.exit()).as(cancel.err()).isZero();
    assertThat(
            grid("rent-renter", "contracts", "show", rentId, "--json")
                .json()
                .path("state")
                .asText())
        .isEqualTo("Deleted");
  }
}
