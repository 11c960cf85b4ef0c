package org.gridledger.consensus.validator;

import java.math.BigInteger;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridledger.evm.types.Address;

/**
 * The validators of one epoch, in Staking's order (highest stake first). Immutable.
 *
 * <p>A quorum is a set of distinct members whose weight {@code W} satisfies {@code 3W > 2T}, {@code
 * T} the total weight; a weak quorum one with {@code 3W > T}.
 */
public final class ValidatorSet {
  private final List<Validator> validators;
  private final Map<Address, BigInteger> weights;
  private final BigInteger totalWeight;

  /**
   * @throws IllegalArgumentException if the list is empty or names a signer twice
   */
  public ValidatorSet(List<Validator> validators) {
    if (validators.isEmpty()) {
      throw new IllegalArgumentException("a validator set must not be empty");
    }
    this.validators = List.copyOf(validators);
    Map<Address, BigInteger> w = new HashMap<>();
    BigInteger total = BigInteger.ZERO;
    for (Validator v : this.validators) {
      if (w.put(v.signer(), v.weight()) != null) {
        throw new IllegalArgumentException("validator " + v.signer() + " appears twice");
      }
      total = total.add(v.weight());
    }
    this.weights = Map.copyOf(w);
    this.totalWeight = total;
  }

  /** A set of equal weights (1 each), in the given order. */
  public static ValidatorSet equalWeights(List<Address> signers) {
    return new ValidatorSet(signers.stream().map(a -> new Validator(a, BigInteger.ONE)).toList());
  }

  public List<Validator> validators() {
    return validators;
  }

  public int size() {
    return validators.size();
  }

  public BigInteger totalWeight() {
    return totalWeight;
  }

  public boolean contains(Address signer) {
    return weights.containsKey(signer);
  }

  /** The weight of a member, zero for a non-member. */
  public BigInteger weightOf(Address signer) {
    return weights.getOrDefault(signer, BigInteger.ZERO);
  }

  /** The summed weight of the distinct members among {@code signers} (non-members count 0). */
  public BigInteger weightOf(Collection<Address> signers) {
    BigInteger sum = BigInteger.ZERO;
    Set<Address> seen = new HashSet<>();
    for (Address a : signers) {
      if (seen.add(a)) {
        sum = sum.add(weightOf(a));
      }
    }
    return sum;
  }

  /** Whether {@code weight} is more than 2/3 of the total weight. */
  public boolean isQuorum(BigInteger weight) {
    return weight.multiply(BigInteger.valueOf(3)).compareTo(totalWeight.shiftLeft(1)) > 0;
  }

  /** Whether the distinct members among {@code signers} hold more than 2/3 of the weight. */
  public boolean isQuorum(Collection<Address> signers) {
    return isQuorum(weightOf(signers));
  }

  /** Whether the distinct members among {@code signers} hold more than 1/3 of the weight. */
  public boolean isWeakQuorum(Collection<Address> signers) {
    return weightOf(signers).multiply(BigInteger.valueOf(3)).compareTo(totalWeight) > 0;
  }

  /** The proposer of {@code (height, round)}: round robin, {@code validators[(h + r) mod n]}. */
  public Address proposer(long height, int round) {
    long n = validators.size();
    long index = Math.floorMod(Math.floorMod(height, n) + Math.floorMod(round, n), n);
    return validators.get((int) index).signer();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ValidatorSet other && validators.equals(other.validators);
  }

  @Override
  public int hashCode() {
    return validators.hashCode();
  }

  @Override
  public String toString() {
    return "ValidatorSet" + validators;
  }
}
