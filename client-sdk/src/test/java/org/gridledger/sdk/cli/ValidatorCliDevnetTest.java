package org.gridledger.sdk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

/**
 * {@code grid validator stake|unbond|status} against a real {@code gridledger dev} (its Staking
 * contract: minSelfStake 10 ether): register, add stake, unbond part and all, and the errors. The
 * election itself (joining and leaving the set at epoch ends) is BftStakingProcessTest's.
 */
class ValidatorCliDevnetTest {
  @TempDir static Path dir;
  static DevNode devnet;
  static Path password;

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

  private static GridCliDevnetTest.Run grid(String who, String... args) {
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
    return new GridCliDevnetTest.Run(exit, out.toString(), err.toString());
  }

  private static String newFundedAccount(String who, BigInteger wei) throws Exception {
    GridCliDevnetTest.Run r = grid(who, "account", "new", "--light-kdf", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    String address = r.json().path("address").asText();
    DevAccounts.fund(devnet.rpcUrl(), 6, address, wei);
    return address;
  }

  private static JsonNode devnetCall(String method, String params) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
    String response =
        http.send(
                HttpRequest.newBuilder(URI.create(devnet.rpcUrl()))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return new ObjectMapper().readTree(response);
  }

  private static BigInteger balance(String address) throws Exception {
    return new BigInteger(
        devnetCall("eth_getBalance", "[\"" + address + "\", \"latest\"]")
            .path("result")
            .asText()
            .substring(2),
        16);
  }

  @Test
  void stakeAddUnbondWithdrawAndStatus() throws Exception {
    BigInteger fund = Wei.ETHER.multiply(BigInteger.valueOf(100));
    String operator = newFundedAccount("operator", fund);
    String signer = "0x00000000000000000000000000000000000000a1";

    GridCliDevnetTest.Run none = grid("operator", "validator", "status");
    assertThat(none.exit()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(none.err()).contains("runs no validator candidate");
    GridCliDevnetTest.Run noSigner = grid("operator", "validator", "stake", "--amount", "20 ether");
    assertThat(noSigner.exit()).isEqualTo(2);
    assertThat(noSigner.err()).contains("give the consensus key's address");
    GridCliDevnetTest.Run tooLittle =
        grid("operator", "validator", "stake", "--signer", signer, "--amount", "1 ether");
    assertThat(tooLittle.exit()).as(tooLittle.err()).isEqualTo(ExitCodes.REJECTED);
    assertThat(tooLittle.err()).contains("InsufficientSelfStake");

    GridCliDevnetTest.Run staked =
        grid(
            "operator",
            "validator",
            "stake",
            "--signer",
            signer,
            "--amount",
            "20 ether",
            "--commission",
            "500",
            "--json");
    assertThat(staked.exit()).as(staked.err()).isZero();
    var v = staked.json();
    assertThat(v.path("operator").asText()).isEqualToIgnoringCase(operator);
    assertThat(v.path("signer").asText()).isEqualToIgnoringCase(signer);
    assertThat(v.path("commissionBps").asInt()).isEqualTo(500);
    assertThat(v.path("bondedStake").asText())
        .isEqualTo(Wei.ETHER.multiply(BigInteger.valueOf(20)).toString());
    assertThat(v.path("listed").asBoolean()).isTrue();
    assertThat(v.path("inCurrentSet").asBoolean()).isFalse(); // elected only at an epoch end
    long id = v.path("candidateId").asLong();

    GridCliDevnetTest.Run more = grid("operator", "validator", "stake", "--amount", "5 ether");
    assertThat(more.exit()).as(more.err()).isZero();
    assertThat(more.out()).contains("bonded     25 ETH (yours: 25 ETH)");

    GridCliDevnetTest.Run part =
        grid("operator", "validator", "unbond", "--amount", "10 ether", "--json");
    assertThat(part.exit()).as(part.err()).isZero();
    assertThat(part.json().path("operatorStake").asText())
        .isEqualTo(Wei.ETHER.multiply(BigInteger.valueOf(15)).toString());
    assertThat(part.json().path("operatorUnbonding").asText())
        .isEqualTo(Wei.ETHER.multiply(BigInteger.TEN).toString());
    assertThat(part.json().path("releaseAt").asLong()).isPositive();

    GridCliDevnetTest.Run all = grid("operator", "validator", "unbond", "--all", "--json");
    assertThat(all.exit()).as(all.err()).isZero();
    assertThat(all.json().path("listed").asBoolean()).isFalse();
    assertThat(all.json().path("operatorStake").asText()).isEqualTo("0");

    GridCliDevnetTest.Run status = grid("anyone", "validator", "status", operator);
    assertThat(status.exit()).as(status.err()).isZero();
    assertThat(status.out())
        .contains("validator candidate " + id)
        .contains("state      unlisted")
        .contains("unbonding  25 ETH");
    GridCliDevnetTest.Run early = grid("operator", "validator", "withdraw");
    assertThat(early.exit()).isEqualTo(2);
    assertThat(early.err()).contains("is still unbonding");
    // After the devnet's 10-minute unbonding period (time travel) the 25 ether come back.
    JsonNode moved = devnetCall("evm_increaseTime", "[601]").path("result");
    assertThat(moved.isMissingNode()).isFalse();
    devnetCall("evm_mine", "[]");
    BigInteger before = balance(operator);
    GridCliDevnetTest.Run paid = grid("operator", "validator", "withdraw", "--json");
    assertThat(paid.exit()).as(paid.err()).isZero();
    assertThat(paid.json().path("withdrawn").asText())
        .isEqualTo(Wei.ETHER.multiply(BigInteger.valueOf(25)).toString());
    BigInteger gained = balance(operator).subtract(before);
    assertThat(gained).isGreaterThan(Wei.ETHER.multiply(BigInteger.valueOf(24)));
    assertThat(gained).isLessThanOrEqualTo(Wei.ETHER.multiply(BigInteger.valueOf(25)));
    GridCliDevnetTest.Run again = grid("operator", "validator", "withdraw");
    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.err()).contains("nothing to withdraw");
    GridCliDevnetTest.Run rejoin = grid("operator", "validator", "stake", "--amount", "20 ether");
    assertThat(rejoin.exit()).isEqualTo(2);
    assertThat(rejoin.err()).contains("does not list a candidate again");
    GridCliDevnetTest.Run both = grid("operator", "validator", "unbond", "--all", "--amount", "1");
    assertThat(both.exit()).isEqualTo(2);
    GridCliDevnetTest.Run nothing = grid("operator", "validator", "unbond", "--all");
    assertThat(nothing.exit()).isEqualTo(2);
    assertThat(nothing.err()).contains("nothing to unbond");
  }
}
