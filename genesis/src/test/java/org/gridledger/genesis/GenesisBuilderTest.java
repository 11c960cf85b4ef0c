package org.gridledger.genesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gridledger.core.devnet.DevnetGenesis;
import org.gridledger.core.receipt.Receipt;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;
import org.junit.jupiter.api.Test;

class GenesisBuilderTest {
  static final Path DEVNET_YAML = Path.of("devnet.yaml");
  static final Path DEVNET_JSON = Path.of("devnet.json");
  static final Path TESTNET_YAML = Path.of("testnet.yaml");
  static final Path TESTNET_JSON = Path.of("testnet.json");

  /** The public dev account 0 of the test mnemonic, as anvil and hardhat print it. */
  static final Address DEV0 = Address.fromHex("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");

  static byte[] build(Path yaml) {
    return new GenesisBuilder(GenesisConfigReader.read(yaml)).toJson();
  }

  @Test
  void committedDevnetJsonIsAFreshBuildOfDevnetYaml() throws IOException {
    assertThat(new String(build(DEVNET_YAML), StandardCharsets.UTF_8))
        .as("genesis/devnet.json is stale: run `make genesis` and commit the result")
        .isEqualTo(Files.readString(DEVNET_JSON));
    assertThat(GridDevnet.json()).isEqualTo(Files.readString(DEVNET_JSON));
  }

  @Test
  void committedTestnetJsonIsAFreshBuildOfTestnetYaml() throws IOException {
    assertThat(new String(build(TESTNET_YAML), StandardCharsets.UTF_8))
        .as("genesis/testnet.json is stale: run `make genesis` and commit the result")
        .isEqualTo(Files.readString(TESTNET_JSON));
  }

  @Test
  void sameConfigGivesTheSameBytes() {
    assertThat(build(DEVNET_YAML)).isEqualTo(build(DEVNET_YAML));
  }

  @Test
  void theScratchDatabaseStateWritesTheSameFileAsTheMemoryState(
      @org.junit.jupiter.api.io.TempDir Path dir) {
    GenesisBuilder builder = new GenesisBuilder(GenesisConfigReader.read(DEVNET_YAML));
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    builder.writeSynthetic(new SyntheticGrid.Size(0, 0, 0), dir, out, line -> {});
    assertThat(out.toByteArray()).isEqualTo(builder.toJson());
  }

  @Test
  void devnetHasTheTenDevAccountsAndTheInitialisedContracts() {
    try (GridChain grid = new GridChain(build(DEVNET_YAML))) {
      assertThat(grid.chain.config().chainId()).isEqualTo(1337);
      var state = grid.chain.stateAfter(grid.chain.head(), grid.chain.headHash());
      BigInteger tenThousandEther = new BigInteger("10000000000000000000000");
      for (PrivateKey key : DevnetGenesis.accountKeys()) {
        assertThat(state.account(key.address()).balance().toBigInteger())
            .isEqualTo(tenThousandEther);
        assertThat(state.account(key.address()).nonce()).isZero();
      }
      assertThat(DevnetGenesis.accountKeys().get(0).address()).isEqualTo(DEV0);
      for (GridContract c : GridContract.values()) {
        assertThat(state.account(c.address()).nonce()).isEqualTo(1);
        assertThat(state.code(state.account(c.address()).codeHash()))
            .isEqualTo(ContractArtifact.load(c).deployedBytecode());
      }
      assertThat(grid.call1(GridContract.PRICING_POLICY, "owner")).isEqualTo(DEV0);
      assertThat(grid.call1(GridContract.PRICING_POLICY, "protocolFeeBps"))
          .isEqualTo(BigInteger.valueOf(1000));
      assertThat(grid.call1(GridContract.PRICING_POLICY, "defaultPolicyId"))
          .isEqualTo(BigInteger.ONE);
      assertThat(grid.call1(GridContract.PRICING_POLICY, "getPolicy", 1))
          .isEqualTo(
              List.of(
                  "default",
                  new BigInteger("10000000000000000"),
                  new BigInteger("5000000000000000"),
                  new BigInteger("5000000000000000"),
                  new BigInteger("10000000000000000"),
                  new BigInteger("1000000000000000"),
                  BigInteger.valueOf(5000)));
      assertThat(grid.call1(GridContract.PRICING_POLICY, "getDiscountTiers"))
          .isEqualTo(
              List.of(
                  List.of(BigInteger.valueOf(2160), BigInteger.valueOf(2000)),
                  List.of(BigInteger.valueOf(4320), BigInteger.valueOf(3000)),
                  List.of(BigInteger.valueOf(8640), BigInteger.valueOf(4000)),
                  List.of(BigInteger.valueOf(25920), BigInteger.valueOf(6000))));
      assertThat(grid.call1(GridContract.RESERVATIONS, "billingPeriod"))
          .isEqualTo(BigInteger.valueOf(60));
      assertThat(grid.call1(GridContract.RESERVATIONS, "gracePeriod"))
          .isEqualTo(BigInteger.valueOf(600));
      assertThat(grid.call1(GridContract.RESERVATIONS, "maxDeploymentBytes"))
          .isEqualTo(BigInteger.valueOf(16384));
      assertThat(grid.call1(GridContract.FARM_REGISTRY, "governance")).isEqualTo(DEV0);
      assertThat(grid.call1(GridContract.NODE_REGISTRY, "uptimeInterval"))
          .isEqualTo(BigInteger.valueOf(300));
      assertThat(grid.call1(GridContract.NODE_REGISTRY, "minReportInterval"))
          .isEqualTo(BigInteger.valueOf(60));
      assertThat(grid.call1(GridContract.STAKING, "getParams"))
          .isEqualTo(
              List.of(
                  BigInteger.TEN.pow(19),
                  BigInteger.TEN,
                  BigInteger.ONE,
                  BigInteger.valueOf(100),
                  BigInteger.valueOf(600),
                  BigInteger.valueOf(1000),
                  BigInteger.valueOf(1000)));
    }
  }

  @Test
  void aSecondInitializeIsRejectedByTheDeployedContracts() {
    try (GridChain grid = new GridChain(build(DEVNET_YAML))) {
      PrivateKey dev1 = DevnetGenesis.accountKeys().get(1);
      List<Receipt> receipts =
          grid.block(
              1_000,
              List.of(
                  grid.tx(
                      dev1,
                      0,
                      GridContract.PRICING_POLICY,
                      UInt256.ZERO,
                      "initialize",
                      dev1.address(),
                      0,
                      List.of("x", 1, 1, 1, 1, 1, 0),
                      List.of(List.of(1, 1), List.of(2, 2), List.of(3, 3), List.of(4, 4)))));
      assertThat(receipts.get(0).success()).isFalse();
      assertThat(grid.call1(GridContract.PRICING_POLICY, "owner")).isEqualTo(DEV0);
    }
  }

  @Test
  void aFullReservationFlowRunsOnTheGenesisThroughSignedTransactions() {
    try (GridChain grid = new GridChain(build(DEVNET_YAML))) {
      List<PrivateKey> keys = DevnetGenesis.accountKeys();
      PrivateKey farmer = keys.get(1);
      PrivateKey node = keys.get(2);
      PrivateKey user = keys.get(3);
      byte[] key32 = Keccak.hash(new byte[] {1});
      List<Object> capacity = List.of(8, 16L << 30, 512L << 30, 0);
      List<Receipt> first =
          grid.block(
              1_000,
              List.of(
                  grid.tx(
                      farmer, 0, GridContract.TWIN_REGISTRY, UInt256.ZERO, "createTwin", key32, ""),
                  grid.tx(
                      farmer,
                      1,
                      GridContract.FARM_REGISTRY,
                      UInt256.ZERO,
                      "createFarm",
                      "devfarm",
                      1),
                  grid.tx(
                      node, 0, GridContract.TWIN_REGISTRY, UInt256.ZERO, "createTwin", key32, ""),
                  grid.tx(
                      node,
                      1,
                      GridContract.NODE_REGISTRY,
                      UInt256.ZERO,
                      "registerNode",
                      1,
                      capacity,
                      key32,
                      List.of("BE", "Ghent", 51_054_000, 3_717_000),
                      "SN-1"),
                  grid.tx(farmer, 2, GridContract.FARM_REGISTRY, UInt256.ZERO, "approveNode", 1),
                  grid.tx(
                      user, 0, GridContract.TWIN_REGISTRY, UInt256.ZERO, "createTwin", key32, "")));
      assertThat(first).allSatisfy(r -> assertThat(r.success()).isTrue());

      byte[] deployment = "an encrypted deployment".getBytes(StandardCharsets.UTF_8);
      List<Object> resources = List.of(1, 1L << 30, 10L << 30, 0);
      BigInteger rate =
          (BigInteger)
              grid.call1(GridContract.PRICING_POLICY, "quoteNodeContract", 1, resources, 0);
      // One billing period (60 s) of escrow, rounded up, as Reservations requires.
      BigInteger deposit =
          rate.multiply(BigInteger.valueOf(60))
              .add(BigInteger.valueOf(3599))
              .divide(BigInteger.valueOf(3600));
      List<Receipt> second =
          grid.block(
              1_060,
              List.of(
                  grid.tx(node, 2, GridContract.NODE_REGISTRY, UInt256.ZERO, "reportUptime", 60),
                  grid.tx(
                      user,
                      1,
                      GridContract.RESERVATIONS,
                      UInt256.of(deposit),
                      "createNodeContract",
                      1,
                      resources,
                      Keccak.hash(deployment),
                      0,
                      deployment)));
      assertThat(second).allSatisfy(r -> assertThat(r.success()).isTrue());

      assertThat(grid.call1(GridContract.TWIN_REGISTRY, "twinCount"))
          .isEqualTo(BigInteger.valueOf(3));
      assertThat(grid.call1(GridContract.FARM_REGISTRY, "farmCount")).isEqualTo(BigInteger.ONE);
      assertThat(grid.call1(GridContract.NODE_REGISTRY, "nodeCount")).isEqualTo(BigInteger.ONE);
      assertThat(grid.call1(GridContract.RESERVATIONS, "contractCount")).isEqualTo(BigInteger.ONE);
      assertThat(grid.call1(GridContract.RESERVATIONS, "totalEscrowed")).isEqualTo(deposit);
      List<?> contract = (List<?>) grid.call1(GridContract.RESERVATIONS, "getContract", 1);
      assertThat(contract.get(5)).as("nodeId").isEqualTo(BigInteger.ONE);
      assertThat(contract.get(9)).as("owner").isEqualTo(user.address());
    }
  }
}
