package org.gridledger.contracts;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.gridledger.contracts.bindings.FarmRegistry;
import org.gridledger.contracts.bindings.NodeRegistry;
import org.gridledger.contracts.bindings.PricingPolicy;
import org.gridledger.contracts.bindings.Reservations;
import org.gridledger.contracts.bindings.Staking;
import org.gridledger.contracts.bindings.TwinRegistry;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * The six grid contracts deployed on the chain under test and initialised the way the genesis
 * builder will (initialize(...) with the cross-contract addresses), plus funded test accounts.
 */
final class Grid {
  static final BigInteger GAS_LIMIT = BigInteger.valueOf(15_000_000);
  static final BigInteger ETHER = BigInteger.TEN.pow(18);
  static final long GIB = 1L << 30;

  // Reservations and NodeRegistry parameters of the test deployment.
  static final long BILLING_PERIOD = 3600;
  static final long GRACE_PERIOD = 7200;
  static final long UPTIME_INTERVAL = 900;
  static final long MIN_REPORT_INTERVAL = 300;
  static final long MAX_DEPLOYMENT_BYTES = 4096;

  // PricingPolicy: prices per unit-hour in wei, fee and tiers (ThreeFold's tiers, docs/pricing.md).
  static final BigInteger CU_PRICE = BigInteger.valueOf(10_000_000_000_000_000L);
  static final BigInteger SU_PRICE = BigInteger.valueOf(5_000_000_000_000_000L);
  static final BigInteger IPU_PRICE = BigInteger.valueOf(5_000_000_000_000_000L);
  static final BigInteger NU_PRICE = BigInteger.valueOf(10_000_000_000_000_000L);
  static final BigInteger NAME_PRICE = BigInteger.valueOf(1_000_000_000_000_000L);
  static final int DEDICATED_DISCOUNT_BPS = 5000;
  static final int FEE_BPS = 1000;
  static final long[][] TIERS = {{2160, 2000}, {4320, 3000}, {8640, 4000}, {25920, 6000}};

  // Staking parameters of the test deployment.
  static final BigInteger MIN_SELF_STAKE = ETHER.multiply(BigInteger.TEN);
  static final int MAX_CANDIDATES = 5;
  static final int VALIDATOR_COUNT = 3;
  static final long EPOCH_LENGTH = 20;
  static final long UNBONDING_PERIOD = 3600;
  static final int SLASH_BPS = 1000;
  static final int REPORTER_REWARD_BPS = 1000;

  static final ContractGasProvider GAS = new StaticGasProvider(BigInteger.ZERO, GAS_LIMIT);

  /** Where the contracts live. */
  record Addresses(
      String twins,
      String farms,
      String nodes,
      String pricing,
      String reservations,
      String staking) {}

  final Chain chain;
  final Addresses at;
  final Actor governance;
  private final AtomicLong nextKey = new AtomicLong(1_000);

  private Grid(Chain chain, Addresses at, Actor governance) {
    this.chain = chain;
    this.at = at;
    this.governance = governance;
  }

  /** Deploys and initialises every contract with {@code governance} as the pricing owner. */
  static Grid deploy(Chain chain) throws Exception {
    Credentials ownerKey = Credentials.create(ECKeyPair.create(BigInteger.valueOf(999)));
    chain.setBalance(ownerKey.getAddress(), ETHER.multiply(BigInteger.valueOf(1_000_000)));
    Actor deployer = new Actor(chain, ownerKey, null, GAS);
    var web3j = chain.web3j();
    var tm = deployer.transactions;
    TwinRegistry twins = TwinRegistry.deploy(web3j, tm, GAS).send();
    FarmRegistry farms = FarmRegistry.deploy(web3j, tm, GAS).send();
    NodeRegistry nodes = NodeRegistry.deploy(web3j, tm, GAS).send();
    PricingPolicy pricing = PricingPolicy.deploy(web3j, tm, GAS).send();
    Reservations reservations = Reservations.deploy(web3j, tm, GAS).send();
    Staking staking = Staking.deploy(web3j, tm, GAS).send();
    Addresses at =
        new Addresses(
            twins.getContractAddress(),
            farms.getContractAddress(),
            nodes.getContractAddress(),
            pricing.getContractAddress(),
            reservations.getContractAddress(),
            staking.getContractAddress());
    Grid grid = new Grid(chain, at, new Actor(chain, ownerKey, at, GAS));
    grid.initialize(grid.governance);
    return grid;
  }

  private void initialize(Actor owner) {
    owner.send(
        owner.nodes.initialize(
            at.twins(),
            at.farms(),
            at.reservations(),
            BigInteger.valueOf(UPTIME_INTERVAL),
            BigInteger.valueOf(MIN_REPORT_INTERVAL)));
    owner.send(
        owner.farms.initialize(
            owner.address, at.twins(), at.nodes(), at.pricing(), at.reservations()));
    owner.send(
        owner.pricing.initialize(
            owner.address, BigInteger.valueOf(FEE_BPS), defaultPolicy("default"), tiers()));
    owner.send(
        owner.reservations.initialize(
            at.twins(),
            at.farms(),
            at.nodes(),
            at.pricing(),
            at.staking(),
            BigInteger.valueOf(BILLING_PERIOD),
            BigInteger.valueOf(GRACE_PERIOD),
            BigInteger.valueOf(MAX_DEPLOYMENT_BYTES)));
    owner.send(owner.staking.initialize(stakingParams()));
  }

  static PricingPolicy.Policy defaultPolicy(String name) {
    return policy(name, CU_PRICE, DEDICATED_DISCOUNT_BPS);
  }

  /** A policy with the default prices except the CU price and the dedicated-node discount. */
  static PricingPolicy.Policy policy(String name, BigInteger cuPrice, int dedicatedDiscountBps) {
    return new PricingPolicy.Policy(
        name,
        cuPrice,
        SU_PRICE,
        IPU_PRICE,
        NU_PRICE,
        NAME_PRICE,
        BigInteger.valueOf(dedicatedDiscountBps));
  }

  static List<PricingPolicy.DiscountTier> tiers() {
    return java.util.Arrays.stream(TIERS)
        .map(
            t -> new PricingPolicy.DiscountTier(BigInteger.valueOf(t[0]), BigInteger.valueOf(t[1])))
        .toList();
  }

  static Staking.Params stakingParams() {
    return new Staking.Params(
        MIN_SELF_STAKE,
        BigInteger.valueOf(MAX_CANDIDATES),
        BigInteger.valueOf(VALIDATOR_COUNT),
        BigInteger.valueOf(EPOCH_LENGTH),
        BigInteger.valueOf(UNBONDING_PERIOD),
        BigInteger.valueOf(SLASH_BPS),
        BigInteger.valueOf(REPORTER_REWARD_BPS));
  }

  /** A new account funded with 1,000,000 ether. */
  Actor newActor() {
    Credentials key =
        Credentials.create(ECKeyPair.create(BigInteger.valueOf(nextKey.getAndIncrement())));
    chain.setBalance(key.getAddress(), ETHER.multiply(BigInteger.valueOf(1_000_000)));
    return new Actor(chain, key, at, GAS);
  }

  /** An actor bound to an existing key (for example a node's key). */
  Actor actor(Credentials key) {
    return new Actor(chain, key, at, GAS);
  }

  /**
   * Deploys a test-only contract from contracts/build/test/&lt;name&gt;.bin and returns its
   * address.
   */
  String deployTestContract(Actor from, String name) throws IOException {
    Path bin =
        Path.of(System.getProperty("gridledger.contracts.dir", "."), "build/test", name + ".bin");
    String code = Files.readString(bin, StandardCharsets.US_ASCII).trim();
    var sent =
        from.transactions.sendTransaction(
            BigInteger.ZERO, GAS_LIMIT, null, code, BigInteger.ZERO, true);
    if (sent.hasError()) {
      throw new IllegalStateException(sent.getError().getMessage());
    }
    try {
      TransactionReceipt receipt =
          new PollingTransactionReceiptProcessor(chain.web3j(), 10, 500)
              .waitForTransactionReceipt(sent.getTransactionHash());
      return receipt.getContractAddress();
    } catch (org.web3j.protocol.exceptions.TransactionException e) {
      throw new IllegalStateException(e);
    }
  }
}
