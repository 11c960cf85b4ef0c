package org.gridledger.genesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gridledger.core.chain.BftParams;
import org.gridledger.core.chain.ChainConfig;
import org.gridledger.core.chain.GenesisJson;
import org.gridledger.core.devnet.HdKeys;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.junit.jupiter.api.Test;

/**
 * docs/genesis.md, "BFT chains": genesis validators registered, staked and elected as epoch 0's
 * set, the BFT parameters in the genesis config and the set in block 0's extra data (decision
 * 0015).
 */
class BftGenesisTest {
  static final Path DEVNET_BFT_YAML = Path.of("devnet-bft.yaml");
  static final Path DEVNET_BFT_JSON = Path.of("devnet-bft.json");
  private static final BigInteger STAKE = new BigInteger("1000000000000000000000");

  private static byte[] build() {
    return GenesisBuilderTest.build(DEVNET_BFT_YAML);
  }

  @Test
  void committedDevnetBftJsonIsAFreshBuildOfItsYamlAndRebuildsByteIdentical() throws IOException {
    byte[] first = build();
    assertThat(build()).isEqualTo(first);
    assertThat(new String(first, StandardCharsets.UTF_8))
        .as("genesis/devnet-bft.json is stale: run `make genesis` and commit the result")
        .isEqualTo(Files.readString(DEVNET_BFT_JSON));
  }

  @Test
  void theDocumentedDevKeysAreTheTestMnemonicIndices() {
    GenesisConfig config = GenesisConfigReader.read(DEVNET_BFT_YAML);
    List<PrivateKey> keys = HdKeys.ethereumKeys(HdKeys.TEST_MNEMONIC, 14);
    assertThat(config.validators()).hasSize(4);
    for (int i = 0; i < 4; i++) {
      assertThat(config.validators().get(i).signer()).isEqualTo(keys.get(10 + i).address());
      assertThat(config.validators().get(i).operator()).isEqualTo(keys.get(1 + i).address());
    }
  }

  @Test
  void stakingListsTheFourValidatorsWithTheirStakesAsEpochZerosSet() {
    GenesisConfig config = GenesisConfigReader.read(DEVNET_BFT_YAML);
    List<Address> signers = config.validators().stream().map(v -> v.signer()).toList();
    try (GridChain grid = new GridChain(build())) {
      List<Object> set = grid.call(GridContract.STAKING, "validatorSetOf", 0L);
      // Equal stakes: Staking orders ties by candidate id, i.e. registration order.
      assertThat(set.get(0))
          .isEqualTo(
              List.of(
                  BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(3), BigInteger.valueOf(4)));
      assertThat(set.get(1)).isEqualTo(signers);
      assertThat(grid.call1(GridContract.STAKING, "topValidators")).isEqualTo(set.get(0));
      for (int id = 1; id <= 4; id++) {
        @SuppressWarnings("unchecked")
        List<Object> c = (List<Object>) grid.call1(GridContract.STAKING, "getCandidate", id);
        assertThat(c.get(0)).isEqualTo(config.validators().get(id - 1).operator());
        assertThat(c.get(1)).isEqualTo(signers.get(id - 1));
        assertThat(c.get(6)).as("bondedStake of %d", id).isEqualTo(STAKE);
      }
      assertThat((List<?>) grid.call(GridContract.STAKING, "validatorSetOf", 1L).get(0)).isEmpty();

      // The operators paid their self-stake; Staking holds it.
      BigInteger devBalance = new BigInteger("10000000000000000000000");
      var state = grid.chain.stateAfter(grid.chain.head(), grid.chain.headHash());
      for (GenesisConfig.GenesisValidator v : config.validators()) {
        assertThat(state.account(v.operator()).balance().toBigInteger())
            .isEqualTo(devBalance.subtract(STAKE));
      }
      assertThat(state.account(GridContract.STAKING.address()).balance().toBigInteger())
          .isEqualTo(STAKE.multiply(BigInteger.valueOf(4)));
    }
  }

  /** The genesis file alone (its config.bft) makes block 99 elect epoch 1's set. */
  @Test
  void aChainFromTheGenesisFileElectsAtTheEndOfEpochZero() {
    try (GridChain grid = new GridChain(build())) {
      assertThat(grid.chain.config().bftParams()).isNotNull();
      for (int t = 1; t < 99; t++) {
        grid.block(t, List.of());
      }
      assertThat((List<?>) grid.call(GridContract.STAKING, "validatorSetOf", 1L).get(0)).isEmpty();
      grid.block(99, List.of());
      assertThat(grid.chain.head().number()).isEqualTo(99);
      assertThat(grid.call(GridContract.STAKING, "validatorSetOf", 1L))
          .isEqualTo(grid.call(GridContract.STAKING, "validatorSetOf", 0L));
    }
  }

  @Test
  void theGenesisConfigCarriesTheBftParametersAndBlockZeroTheSet() {
    GenesisJson.Loaded loaded =
        GenesisJson.read(new java.io.ByteArrayInputStream(build()), "devnet-bft");
    ChainConfig config = loaded.config();
    assertThat(config.maxExtraData()).isEqualTo(ChainConfig.BFT_EXTRA_DATA);
    assertThat(config.bftParams())
        .isEqualTo(new BftParams(100, GridContract.STAKING.address(), 1000, 2000));

    // Decision 0015, decoded by hand: rlp([vanity(32), [[signer, weight]...], 0, []]).
    byte[] extra = loaded.genesis().block().header().extraData();
    RlpReader fields = RlpReader.single(extra).readList();
    assertThat(fields.readBytes()).isEqualTo(new byte[32]);
    RlpReader validators = fields.readList();
    List<Address> signers = new ArrayList<>();
    while (validators.hasNext()) {
      RlpReader entry = validators.readList();
      signers.add(Address.wrap(entry.readBytes()));
      assertThat(entry.readBigInteger(32)).isEqualTo(STAKE);
    }
    assertThat(signers)
        .isEqualTo(
            GenesisConfigReader.read(DEVNET_BFT_YAML).validators().stream()
                .map(v -> v.signer())
                .toList());
    assertThat(fields.readLong()).isZero();
    assertThat(fields.readList().hasNext()).isFalse();
    assertThat(fields.hasNext()).isFalse();
  }

  @Test
  void invalidValidatorSectionsAreRefusedWithTheirField() throws IOException {
    String yaml = Files.readString(DEVNET_BFT_YAML);
    String noBft =
        yaml.substring(0, yaml.indexOf("bft:")) + yaml.substring(yaml.indexOf("validators:"));
    assertThatThrownBy(() -> GenesisConfigReader.parse(noBft, "t"))
        .hasMessageContaining("validators: needs a bft section");
    String noValidators = yaml.substring(0, yaml.indexOf("validators:"));
    assertThatThrownBy(() -> GenesisConfigReader.parse(noValidators, "t"))
        .hasMessageContaining("validators: is missing");
    String twice =
        yaml.replace(
            "0x71be63f3384f5fb98995898a86b02fb2426c5788",
            "0xbcd4042de499d14e55001ccbb24a551f3b954096");
    assertThatThrownBy(() -> GenesisConfigReader.parse(twice, "t"))
        .hasMessageContaining("validators[1].signer")
        .hasMessageContaining("listed twice");
    String governanceOperator =
        yaml.replace(
            "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
            "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    assertThatThrownBy(() -> new GenesisBuilder(GenesisConfigReader.parse(governanceOperator, "t")))
        .hasMessageContaining("is the governance account");
    String poor = yaml.replaceFirst("selfStake: 1000 ether", "selfStake: 20000 ether");
    assertThatThrownBy(() -> new GenesisBuilder(GenesisConfigReader.parse(poor, "t")).toJson())
        .isInstanceOf(GenesisBuildException.class)
        .hasMessageContaining("Staking.registerCandidate");
  }
}
