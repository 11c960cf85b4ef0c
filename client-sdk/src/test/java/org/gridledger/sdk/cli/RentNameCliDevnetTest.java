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
import org.gridledger.sdk.Wei;
import org.gridledger.sdk.devnet.DevAccounts;
import org.gridledger.testsupport.DevNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code grid rent} and {@code grid name} against a real {@code gridledger dev}. */
class RentNameCliDevnetTest {
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

  static void newFundedAccount(String who) throws Exception {
    Run r = grid(who, "account", "new", "--light-kdf", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    DevAccounts.fund(
        devnet.rpcUrl(), 7, r.json().path("address").asText(), Wei.ETHER.multiply(BigInteger.TEN));
    assertThat(grid(who, "twin", "register").exit()).isZero();
  }

  @Test
  void rentAndNameCommands() throws Exception {
    for (String who : List.of("farmer", "node", "renter", "other")) {
      newFundedAccount(who);
    }
    Run farm = grid("farmer", "farm", "create", "rent-cli-farm", "--json");
    assertThat(farm.exit()).as(farm.err()).isZero();
    String farmId = farm.json().path("id").asText();
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
            "--json");
    assertThat(node.exit()).as(node.err()).isZero();
    String nodeId = node.json().path("nodeId").asText();
    assertThat(grid("farmer", "farm", "approve-node", nodeId).exit()).isZero();

    // 8 cores, 32 GiB, 1 TiB SSD = 8 CU (0.08/h) + 5.12 SU (0.0256/h) = 0.1056/h; 50 % dedicated
    // discount on the devnet policy (genesis/devnet.yaml).
    Run rent = grid("renter", "rent", "create", "--node", nodeId, "--hours", "2");
    assertThat(rent.exit()).as(rent.err()).isZero();
    assertThat(rent.out())
        .contains("price to rent node " + nodeId + ": 0.0528 ETH per hour")
        .contains("dedicated discount 50 %")
        .contains("depositing 0.1056 ETH")
        .contains("submitted   transaction 0x")
        .contains("rent contract 1: node " + nodeId + " is yours");

    Run taken = grid("other", "rent", "create", "--node", nodeId);
    assertThat(taken.exit()).isEqualTo(ExitCodes.REJECTED);
    assertThat(taken.err()).contains("node " + nodeId + " is already rented (rent contract 1)");

    Run bad = grid("renter", "name", "reserve", "Shop_1");
    assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("character 'S' at position 0 must be a letter");
    Run name = grid("renter", "name", "reserve", "shop-1", "--hours", "2", "--json");
    assertThat(name.exit()).as(name.err()).isZero();
    assertThat(name.json().path("contractId").asLong()).isEqualTo(2);
    assertThat(name.json().path("perHourWei").asText()).isEqualTo("1000000000000000");
    Run nameTaken = grid("other", "name", "reserve", "shop-1");
    assertThat(nameTaken.exit()).isEqualTo(ExitCodes.REJECTED);
    assertThat(nameTaken.err()).contains("gateway name 'shop-1' is taken by contract 2");

    Run list = grid("renter", "contracts", "list");
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out()).contains("TYPE").contains("Rent").contains("Name").contains("shop-1");
    Run show = grid("renter", "contracts", "show", "2");
    assertThat(show.out()).contains("contract 2 (Name)").contains("name      shop-1");

    Run wrongKind = grid("renter", "rent", "cancel", "2");
    assertThat(wrongKind.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(wrongKind.err()).contains("contract 2 is a name contract");
    Run release = grid("renter", "name", "release", "2");
    assertThat(release.exit()).as(release.err()).isZero();
    assertThat(release.out()).contains("cancelled contract 2: refund");
    Run cancel = grid("renter", "rent", "cancel", "1");
    assertThat(cancel.exit()).as(cancel.err()).isZero();
    assertThat(grid("renter", "contracts", "show", "1", "--json").json().path("state").asText())
        .isEqualTo("Deleted");
  }
}
