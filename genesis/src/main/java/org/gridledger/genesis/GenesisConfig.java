package org.gridledger.genesis;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import org.gridledger.evm.types.Address;

/**
 * What a genesis is built from (read from YAML by {@link GenesisConfigReader}; docs/genesis.md is
 * the reference of every field).
 *
 * @param chain the chain id and the header fields of block 0
 * @param accounts the funded accounts, in the order the config lists them
 * @param governance FarmRegistry's governance (certifies farms); also sends the initialize calls
 * @param pricing PricingPolicy's owner, fee, default policy and discount tiers
 * @param reservations Reservations' billing period, grace period and largest deployment
 * @param nodeRegistry NodeRegistry's uptime interval and minimum report interval
 * @param staking Staking's {@code Params}
 * @param bft the BFT engine's timing, or {@code null} for a chain not finalized by the BFT engine
 *     (then {@code validators} is empty)
 * @param validators candidates registered and staked at build time and elected as epoch 0's set
 *     (docs/genesis.md, "BFT chains")
 */
public record GenesisConfig(
    Chain chain,
    List<FundedAccount> accounts,
    Address governance,
    Pricing pricing,
    ReservationsParams reservations,
    NodeRegistryParams nodeRegistry,
    StakingParams staking,
    Bft bft,
    List<GenesisValidator> validators) {

  public GenesisConfig {
    Objects.requireNonNull(chain, "chain");
    accounts = List.copyOf(accounts);
    Objects.requireNonNull(governance, "governance");
    Objects.requireNonNull(pricing, "pricing");
    Objects.requireNonNull(reservations, "reservations");
    Objects.requireNonNull(nodeRegistry, "nodeRegistry");
    Objects.requireNonNull(staking, "staking");
    validators = List.copyOf(validators);
    if (bft == null && !validators.isEmpty()) {
      throw new IllegalArgumentException("validators need a bft section");
    }
  }

  /** A chain without BFT engine and genesis validators. */
  public GenesisConfig(
      Chain chain,
      List<FundedAccount> accounts,
      Address governance,
      Pricing pricing,
      ReservationsParams reservations,
      NodeRegistryParams nodeRegistry,
      StakingParams staking) {
    this(
        chain, accounts, governance, pricing, reservations, nodeRegistry, staking, null, List.of());
  }

  /**
   * The BFT engine's timing (docs/consensus.md, "Parameters"); the epoch length is {@code
   * staking.epochLength}.
   *
   * @param blockPeriodMillis the least time between blocks
   * @param roundTimeoutMillis the base of the exponential round timeout
   */
  public record Bft(long blockPeriodMillis, long roundTimeoutMillis) {}

  /**
   * A validator of epoch 0: {@code operator} calls {@code Staking.registerCandidate(signer,
   * commissionBps)} with {@code selfStake} at build time (so it must be funded with at least that).
   *
   * @param signer the address of its consensus key
   * @param operator the account that owns the candidacy and its self-stake
   * @param selfStake wei bonded as self-stake
   * @param commissionBps the operator's share of the candidate's rewards
   */
  public record GenesisValidator(
      Address signer, Address operator, BigInteger selfStake, int commissionBps) {}

  /**
   * The chain id and block 0's header fields.
   *
   * @param extraData at most 32 bytes (a sealed chain's blocks after genesis carry the seal)
   */
  public record Chain(
      long chainId,
      long gasLimit,
      BigInteger baseFeePerGas,
      long timestamp,
      byte[] extraData,
      Address coinbase) {
    public Chain {
      extraData = extraData.clone();
    }

    @Override
    public byte[] extraData() {
      return extraData.clone();
    }
  }

  /** An account of the allocation with its balance in wei. */
  public record FundedAccount(Address address, BigInteger balance) {}

  /** {@code PricingPolicy.initialize(owner, feeBps, defaultPolicy, tiers)}. */
  public record Pricing(
      Address owner, int protocolFeeBps, Policy defaultPolicy, List<DiscountTier> discountTiers) {
    public Pricing {
      discountTiers = List.copyOf(discountTiers);
    }
  }

  /** {@code PricingPolicy.Policy}: prices in wei per unit-hour (NU: per GiB). */
  public record Policy(
      String name,
      BigInteger cuPricePerHour,
      BigInteger suPricePerHour,
      BigInteger ipuPricePerHour,
      BigInteger nuPricePerGiB,
      BigInteger namePricePerHour,
      int dedicatedDiscountBps) {}

  /** {@code PricingPolicy.DiscountTier}: the discount for prepaying at least {@code minHours}. */
  public record DiscountTier(long minHours, int discountBps) {}

  /** The time parameters of {@code Reservations.initialize}, in seconds, and the deployment cap. */
  public record ReservationsParams(long billingPeriod, long gracePeriod, long maxDeploymentBytes) {}

  /** The time parameters of {@code NodeRegistry.initialize}, in seconds. */
  public record NodeRegistryParams(long uptimeInterval, long minReportInterval) {}

  /** {@code Staking.Params}. */
  public record StakingParams(
      BigInteger minSelfStake,
      long maxCandidates,
      long validatorCount,
      long epochLength,
      long unbondingPeriod,
      int slashBps,
      int reporterRewardBps) {}
}
