package org.gridledger.genesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gridledger.evm.types.Address;
import org.junit.jupiter.api.Test;

class GenesisConfigReaderTest {
  static String devnet() throws IOException {
    return Files.readString(Path.of("devnet.yaml"));
  }

  static GenesisConfig parse(String yaml) {
    return GenesisConfigReader.parse(yaml, "test.yaml");
  }

  @Test
  void readsTheDevnetConfig() throws IOException {
    GenesisConfig c = parse(devnet());
    assertThat(c.chain().chainId()).isEqualTo(1337);
    assertThat(c.chain().baseFeePerGas()).isEqualTo(BigInteger.valueOf(1_000_000_000));
    assertThat(c.accounts()).hasSize(10);
    assertThat(c.accounts().get(0).balance())
        .isEqualTo(new BigInteger("10000").multiply(BigInteger.TEN.pow(18)));
    assertThat(c.governance())
        .isEqualTo(Address.fromHex("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"));
    assertThat(c.pricing().defaultPolicy().cuPricePerHour()).isEqualTo(BigInteger.TEN.pow(16));
    assertThat(c.reservations().gracePeriod()).isEqualTo(600);
    assertThat(c.staking().unbondingPeriod()).isEqualTo(600);
  }

  @Test
  void badYamlSaysWhere() {
    assertThatThrownBy(() -> parse("chain: [1, 2\nfoo: bar"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("test.yaml: not valid YAML")
        .hasMessageContaining("line");
  }

  @Test
  void aMissingFieldIsNamedByItsPath() throws IOException {
    String yaml = devnet().replace("  billingPeriod: 60s", "");
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("test.yaml: reservations.billingPeriod: is missing");
  }

  @Test
  void aMisspeltFieldIsRejected() throws IOException {
    String yaml = devnet().replace("  gracePeriod: 10m", "  gracePeriode: 10m");
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("reservations.gracePeriode: unknown field");
  }

  @Test
  void valuesOutOfTheirSolidityRangeAreRejected() throws IOException {
    String yaml =
        devnet()
            .replace(
                "{ minHours: 8640, discountBps: 4000 }", "{ minHours: 8640, discountBps: 70000 }");
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining(
            "pricing.discountTiers[2].discountBps: 70000 does not fit in 16 bits");
  }

  @Test
  void amountsAndDurationsAreChecked() throws IOException {
    assertThatThrownBy(() -> parse(devnet().replace("balance: 10000 ether", "balance: 10000 eth")))
        .hasMessageContaining("accounts.testMnemonic.balance: must be wei or");
    assertThatThrownBy(
            () -> parse(devnet().replace("minSelfStake: 10 ether", "minSelfStake: 0.1 wei")))
        .hasMessageContaining("staking.minSelfStake: \"0.1 wei\" is not a whole number of wei");
    assertThatThrownBy(() -> parse(devnet().replace("gracePeriod: 10m", "gracePeriod: ten")))
        .hasMessageContaining("reservations.gracePeriod: must be an integer");
    assertThatThrownBy(
            () ->
                parse(
                    devnet()
                        .replace(
                            "governance: \"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266\"",
                            "governance: \"0x1234\"")))
        .hasMessageContaining("governance: is not a 20-byte hex address");
  }

  @Test
  void bftDurationsTakeSecondsOrMilliseconds() throws IOException {
    String bft = Files.readString(Path.of("devnet-bft.yaml"));
    GenesisConfig c = parse(bft);
    assertThat(c.bft().blockPeriodMillis()).isEqualTo(1_000);
    assertThat(c.bft().roundTimeoutMillis()).isEqualTo(2_000);
    GenesisConfig fast =
        parse(
            bft.replaceFirst("blockPeriod: 1s", "blockPeriod: 100ms")
                .replaceFirst("roundTimeout: 2s", "roundTimeout: 750ms"));
    assertThat(fast.bft().blockPeriodMillis()).isEqualTo(100);
    assertThat(fast.bft().roundTimeoutMillis()).isEqualTo(750);
    assertThatThrownBy(() -> parse(bft.replaceFirst("blockPeriod: 1s", "blockPeriod: 1.5ms")))
        .hasMessageContaining("bft.blockPeriod: must be seconds, \"<n>ms\"");
    assertThatThrownBy(() -> parse(bft.replaceFirst("roundTimeout: 2s", "roundTimeout: 0ms")))
        .hasMessageContaining("bft.roundTimeout: must be positive");
  }

  @Test
  void fourDiscountTiersAreRequired() throws IOException {
    String yaml = devnet().replace("    - { minHours: 25920, discountBps: 6000 }\n", "");
    assertThatThrownBy(() -> parse(yaml))
        .hasMessageContaining("pricing.discountTiers: needs exactly 4 tiers");
  }

  @Test
  void aConfigTheContractsRejectFailsWithTheDecodedRevertReason() throws IOException {
    GenesisConfig slashless = parse(devnet().replace("slashBps: 1000", "slashBps: 0"));
    assertThatThrownBy(() -> new GenesisBuilder(slashless).toJson())
        .isInstanceOf(GenesisBuildException.class)
        .hasMessageContaining("Staking.initialize")
        .hasMessageContaining("reverted: InvalidParams()");
    GenesisConfig greedy = parse(devnet().replace("protocolFeeBps: 1000", "protocolFeeBps: 6000"));
    assertThatThrownBy(() -> new GenesisBuilder(greedy).toJson())
        .isInstanceOf(GenesisBuildException.class)
        .hasMessageContaining("PricingPolicy.initialize")
        .hasMessageContaining("BpsTooHigh(6000, 5000)");
  }
}
