package org.gridledger.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.gridledger.contracts.bindings.PricingPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** Cloud units, quotes, discount tiers and governance of the PricingPolicy contract. */
@ExtendWith(GridExtension.class)
class PricingPolicyTest {
  private static final BigInteger NANO = BigInteger.valueOf(1_000_000_000L);

  @Test
  void cloudUnitsMatchThreeFoldsDefinitions(Grid grid) {
    PricingPolicy p = grid.governance.pricing;
    // ThreeFold's table: one CU is 4 GB with 2 vCPU, 8 GB with 1 vCPU, or 2 GB with 4 vCPU.
    assertThat(cu(p, 2, 4)).isEqualTo(NANO);
    assertThat(cu(p, 1, 8)).isEqualTo(NANO);
    assertThat(cu(p, 4, 2)).isEqualTo(NANO);
    assertThat(cu(p, 8, 32)).isEqualTo(NANO.multiply(BigInteger.valueOf(8)));
    // One SU is 1200 GB of HDD or 200 GB of SSD.
    assertThat(Actor.view(p.cloudUnits(pricingRes(0, 0, 0, 1200 * Grid.GIB))).component2())
        .isEqualTo(NANO);
    assertThat(Actor.view(p.cloudUnits(pricingRes(0, 0, 200 * Grid.GIB, 0))).component2())
        .isEqualTo(NANO);

    Random random = new Random(11);
    for (int i = 0; i < 25; i++) {
      long cru = random.nextInt(64);
      long mru = random.nextLong(256 * Grid.GIB);
      long sru = random.nextLong(4096 * Grid.GIB);
      long hru = random.nextLong(16384 * Grid.GIB);
      var units = Actor.view(p.cloudUnits(pricingRes(cru, mru, sru, hru)));
      assertThat(units.component1())
          .as("CU of %d cores %d bytes", cru, mru)
          .isEqualTo(Billing.cuNano(cru, mru));
      assertThat(units.component2()).as("SU").isEqualTo(Billing.suNano(sru, hru));
      assertThat(
              Actor.view(
                  p.quoteNodeContract(
                      BigInteger.ONE, pricingRes(cru, mru, sru, hru), BigInteger.TWO)))
          .isEqualTo(Billing.nodeRate(cru, mru, sru, hru, 2));
      assertThat(Actor.view(p.quoteRentContract(BigInteger.ONE, pricingRes(cru, mru, sru, hru))))
          .isEqualTo(Billing.rentRate(cru, mru, sru, hru));
    }
    assertThat(Actor.view(p.quotePublicIps(BigInteger.ONE, BigInteger.valueOf(3))))
        .isEqualTo(Grid.IPU_PRICE.multiply(BigInteger.valueOf(3)));
    assertThat(Actor.view(p.quoteNameContract(BigInteger.ONE))).isEqualTo(Grid.NAME_PRICE);
    assertThat(Actor.view(p.networkPricePerGiB(BigInteger.ONE))).isEqualTo(Grid.NU_PRICE);
    grid.governance.revert(p, p.quoteNameContract(BigInteger.TWO)).assertIs("PolicyNotFound", 2);
  }

  @Test
  void discountTiersApplyAtTheirBoundaries(Grid grid) {
    PricingPolicy p = grid.governance.pricing;
    BigInteger rate = BigInteger.valueOf(1_000_003);
    for (long[] tier : Grid.TIERS) {
      BigInteger atTier = rate.multiply(BigInteger.valueOf(tier[0]));
      assertThat(Actor.view(p.discountBps(rate, atTier))).isEqualTo(BigInteger.valueOf(tier[1]));
      assertThat(Actor.view(p.discountBps(rate, atTier.subtract(BigInteger.ONE))))
          .isEqualTo(BigInteger.valueOf(Billing.discountBps(rate, atTier.subtract(BigInteger.ONE))))
          .isLessThan(BigInteger.valueOf(tier[1]));
    }
    assertThat(Actor.view(p.discountBps(BigInteger.ZERO, Scenario.ether(1)))).isZero();
    assertThat(Actor.view(p.discountBps(rate, BigInteger.ZERO))).isZero();
    List<Object> tiers = Actor.items(p.getDiscountTiers());
    assertThat(tiers).hasSize(4);
    assertThat(((PricingPolicy.DiscountTier) tiers.get(3)).discountBps)
        .isEqualTo(BigInteger.valueOf(6000));
  }

  @Test
  void onlyTheOwnerGovernsAndRunningContractsKeepTheirRate(Grid grid) {
    Actor owner = grid.governance;
    Actor other = grid.newActor();
    PricingPolicy.Policy cheaper = Grid.policy("cheaper", BigInteger.ONE, 0);
    List<PricingPolicy.DiscountTier> flat = Grid.tiers();

    other
        .revert(other.pricing, other.pricing.createPolicy(cheaper))
        .assertIs("Unauthorized", other.address, owner.address);
    other
        .revert(other.pricing, other.pricing.updatePolicy(BigInteger.ONE, cheaper))
        .assertIs("Unauthorized", other.address, owner.address);
    other
        .revert(other.pricing, other.pricing.setDefaultPolicy(BigInteger.ONE))
        .assertIs("Unauthorized", other.address, owner.address);
    other
        .revert(other.pricing, other.pricing.setProtocolFee(BigInteger.ONE))
        .assertIs("Unauthorized", other.address, owner.address);
    other
        .revert(other.pricing, other.pricing.setDiscountTiers(flat))
        .assertIs("Unauthorized", other.address, owner.address);
    other
        .revert(other.pricing, other.pricing.transferOwnership(other.address))
        .assertIs("Unauthorized", other.address, owner.address);

    owner
        .revert(owner.pricing, owner.pricing.setProtocolFee(BigInteger.valueOf(5001)))
        .assertIs("BpsTooHigh", 5001, 5000);
    PricingPolicy.Policy bad = Grid.policy("bad", Grid.CU_PRICE, 10_001);
    owner
        .revert(owner.pricing, owner.pricing.createPolicy(bad))
        .assertIs("BpsTooHigh", 10_001, 10_000);
    owner
        .revert(owner.pricing, owner.pricing.createPolicy(Grid.defaultPolicy("n".repeat(65))))
        .assertIs("FieldTooLong", "name", 65, 64);
    owner
        .revert(owner.pricing, owner.pricing.updatePolicy(BigInteger.TEN, cheaper))
        .assertIs("PolicyNotFound", 10);
    owner
        .revert(owner.pricing, owner.pricing.setDefaultPolicy(BigInteger.TEN))
        .assertIs("PolicyNotFound", 10);
    List<PricingPolicy.DiscountTier> unordered = new ArrayList<>(flat);
    unordered.set(
        2, new PricingPolicy.DiscountTier(BigInteger.valueOf(100), BigInteger.valueOf(3500)));
    owner
        .revert(owner.pricing, owner.pricing.setDiscountTiers(unordered))
        .assertIs("TiersNotAscending", 2);
    unordered.set(
        2, new PricingPolicy.DiscountTier(BigInteger.valueOf(5000), BigInteger.valueOf(10)));
    owner
        .revert(owner.pricing, owner.pricing.setDiscountTiers(unordered))
        .assertIs("TiersNotAscending", 2);
    owner
        .revert(
            owner.pricing,
            owner.pricing.transferOwnership("0x0000000000000000000000000000000000000000"))
        .assertIs("ZeroAddress");

    Scenario s = Scenario.standard(grid);
    BigInteger before = s.createNodeContract(Scenario.small(), 0, Scenario.ether(1));
    BigInteger oldRate = s.contract(before).ratePerHour;
    TransactionReceipt updated = owner.send(owner.pricing.updatePolicy(BigInteger.ONE, cheaper));
    assertThat(PricingPolicy.getPolicySetEvents(updated)).hasSize(1);
    assertThat(Actor.view(owner.pricing.getPolicy(BigInteger.ONE)).name).isEqualTo("cheaper");
    BigInteger after = s.createNodeContract(Scenario.small(), 0, Scenario.ether(1));
    assertThat(s.contract(before).ratePerHour).isEqualTo(oldRate);
    assertThat(s.contract(after).ratePerHour).isLessThan(oldRate);

    TransactionReceipt added = owner.send(owner.pricing.createPolicy(Grid.defaultPolicy("second")));
    assertThat(PricingPolicy.getPolicySetEvents(added).get(0).policyId).isEqualTo(BigInteger.TWO);
    assertThat(Actor.view(owner.pricing.policyCount())).isEqualTo(BigInteger.TWO);
    assertThat(Actor.view(owner.pricing.policyExists(BigInteger.TWO))).isTrue();
    assertThat(Actor.view(owner.pricing.policyExists(BigInteger.valueOf(3)))).isFalse();
    owner.send(owner.pricing.setDefaultPolicy(BigInteger.TWO));
    assertThat(Actor.view(owner.pricing.defaultPolicyId())).isEqualTo(BigInteger.TWO);
    TransactionReceipt fee = owner.send(owner.pricing.setProtocolFee(BigInteger.valueOf(2500)));
    assertThat(PricingPolicy.getProtocolFeeChangedEvents(fee).get(0).feeBps)
        .isEqualTo(BigInteger.valueOf(2500));
    assertThat(Actor.view(owner.pricing.protocolFeeBps())).isEqualTo(BigInteger.valueOf(2500));
    owner.send(owner.pricing.setDiscountTiers(flat));
    owner.send(owner.pricing.transferOwnership(other.address));
    assertThat(Actor.view(other.pricing.owner())).isEqualTo(other.address);
    other.send(other.pricing.setProtocolFee(BigInteger.ZERO));
  }

  private static BigInteger cu(PricingPolicy p, long cores, long gib) {
    return Actor.view(p.cloudUnits(pricingRes(cores, gib * Grid.GIB, 0, 0))).component1();
  }

  private static PricingPolicy.Resources pricingRes(long cru, long mru, long sru, long hru) {
    return new PricingPolicy.Resources(
        BigInteger.valueOf(cru),
        BigInteger.valueOf(mru),
        BigInteger.valueOf(sru),
        BigInteger.valueOf(hru));
  }
}
