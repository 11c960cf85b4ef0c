package org.gridledger.genesis;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.UInt256;

/**
 * Builds a genesis file with the grid contracts predeployed and initialised (decision 0008).
 *
 * <ol>
 *   <li>The funded accounts of the config go into an empty state, and each contract's runtime
 *       bytecode goes to its fixed address ({@link GridContract}) with nonce 1.
 *   <li>The five {@code initialize} calls run as transactions from the governance account through
 *       our EVM ({@code TransactionExecutor}, gas price 0): NodeRegistry, FarmRegistry,
 *       PricingPolicy, Reservations, Staking. Any revert fails the build with the decoded reason.
 *   <li>Optionally a synthetic grid is created ({@link SyntheticGrid}).
 *   <li>The governance account is put back as the config has it (its nonce and balance in the
 *       genesis are only what the config says; absent if the config does not fund it), and the
 *       state, contract code and storage included, is written as the {@code alloc} of a go-ethereum
 *       style genesis file ({@link GenesisFileWriter}: the same config gives the same bytes).
 * </ol>
 *
 * <p>The initialize calls run in a block with the genesis timestamp, so timestamps the contracts
 * record are the genesis time.
 */
public final class GenesisBuilder {
  private final GenesisConfig config;

  public GenesisBuilder(GenesisConfig config) {
    this.config = config;
    for (GenesisConfig.FundedAccount a : config.accounts()) {
      for (GridContract c : GridContract.values()) {
        if (a.address().equals(c.address())) {
          throw new InvalidConfigException(
              "accounts: " + a.address() + " is the address of " + c.contractName());
        }
      }
    }
    for (GenesisConfig.GenesisValidator v : config.validators()) {
      if (v.operator().equals(config.governance())) {
        // The governance account is reset after the build, which would undo its stake's payment.
        throw new InvalidConfigException(
            "validators: operator " + v.operator() + " is the governance account; use another");
      }
    }
  }

  public GenesisConfig config() {
    return config;
  }

  /** Builds the genesis in memory and writes it to {@code out}. */
  public void write(OutputStream out) {
    try (MemoryBuildState state = new MemoryBuildState()) {
      byte[] extraData = build(state, null, msg -> {});
      GenesisFileWriter.write(config.chain(), bftSection(), extraData, state, out);
    }
  }

  /** The genesis file's bytes. */
  public byte[] toJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out);
    return out.toByteArray();
  }

  /**
   * Builds the genesis with a synthetic grid and streams it to {@code out}, keeping the working
   * state in a scratch database under {@code scratchParent} (deleted afterwards), so memory stays
   * bounded whatever the size.
   *
   * @param progress receives a line now and then
   */
  public void writeSynthetic(
      SyntheticGrid.Size size, Path scratchParent, OutputStream out, Consumer<String> progress) {
    try (DiskBuildState state = new DiskBuildState(scratchParent)) {
      byte[] extraData = build(state, size, progress);
      progress.accept("writing the genesis file");
      GenesisFileWriter.write(config.chain(), bftSection(), extraData, state, out);
    }
  }

  /** {@code config.bft} of the genesis file, or null for a chain without the BFT engine. */
  private GenesisFileWriter.BftSection bftSection() {
    GenesisConfig.Bft bft = config.bft();
    return bft == null
        ? null
        : new GenesisFileWriter.BftSection(
            config.staking().epochLength(),
            GridContract.STAKING.address(),
            bft.blockPeriodMillis(),
            bft.roundTimeoutMillis());
  }

  /** Builds the state; returns block 0's extra data. */
  private byte[] build(BuildState state, SyntheticGrid.Size synthetic, Consumer<String> progress) {
    for (GenesisConfig.FundedAccount a : config.accounts()) {
      state.put(a.address(), 0, UInt256.of(a.balance()), new byte[0]);
    }
    Map<GridContract, ContractArtifact> artifacts = GridExecution.deploy(state);
    GridExecution exec =
        new GridExecution(state, config.chain(), artifacts, config.chain().timestamp());
    initialize(exec);
    byte[] extraData = config.chain().extraData();
    if (config.bft() != null) {
      extraData =
          GenesisValidators.extraData(extraData, GenesisValidators.register(config, exec, state));
    }
    if (synthetic != null) {
      new SyntheticGrid(config, synthetic, progress).create(state, exec);
    }
    Address governance = config.governance();
    state.remove(governance);
    for (GenesisConfig.FundedAccount a : config.accounts()) {
      if (a.address().equals(governance)) {
        state.put(a.address(), 0, UInt256.of(a.balance()), new byte[0]);
      }
    }
    return extraData;
  }

  private void initialize(GridExecution exec) {
    Address gov = config.governance();
    Address twins = GridContract.TWIN_REGISTRY.address();
    Address farms = GridContract.FARM_REGISTRY.address();
    Address nodes = GridContract.NODE_REGISTRY.address();
    Address pricing = GridContract.PRICING_POLICY.address();
    Address reservations = GridContract.RESERVATIONS.address();
    Address staking = GridContract.STAKING.address();
    GenesisConfig.NodeRegistryParams n = config.nodeRegistry();
    exec.send(
        gov,
        GridContract.NODE_REGISTRY,
        UInt256.ZERO,
        "initialize",
        twins,
        farms,
        reservations,
        n.uptimeInterval(),
        n.minReportInterval());
    exec.send(
        gov,
        GridContract.FARM_REGISTRY,
        UInt256.ZERO,
        "initialize",
        gov,
        twins,
        nodes,
        pricing,
        reservations);
    GenesisConfig.Pricing p = config.pricing();
    GenesisConfig.Policy policy = p.defaultPolicy();
    List<Object> policyTuple =
        List.of(
            policy.name(),
            policy.cuPricePerHour(),
            policy.suPricePerHour(),
            policy.ipuPricePerHour(),
            policy.nuPricePerGiB(),
            policy.namePricePerHour(),
            BigInteger.valueOf(policy.dedicatedDiscountBps()));
    List<Object> tiers =
        p.discountTiers().stream()
            .map(t -> (Object) List.of(t.minHours(), (long) t.discountBps()))
            .toList();
    exec.send(
        gov,
        GridContract.PRICING_POLICY,
        UInt256.ZERO,
        "initialize",
        p.owner(),
        (long) p.protocolFeeBps(),
        policyTuple,
        tiers);
    GenesisConfig.ReservationsParams r = config.reservations();
    exec.send(
        gov,
        GridContract.RESERVATIONS,
        UInt256.ZERO,
        "initialize",
        twins,
        farms,
        nodes,
        pricing,
        staking,
        r.billingPeriod(),
        r.gracePeriod(),
        r.maxDeploymentBytes());
    GenesisConfig.StakingParams s = config.staking();
    exec.send(
        gov,
        GridContract.STAKING,
        UInt256.ZERO,
        "initialize",
        List.of(
            s.minSelfStake(),
            s.maxCandidates(),
            s.validatorCount(),
            s.epochLength(),
            s.unbondingPeriod(),
            (long) s.slashBps(),
            (long) s.reporterRewardBps()));
  }
}
