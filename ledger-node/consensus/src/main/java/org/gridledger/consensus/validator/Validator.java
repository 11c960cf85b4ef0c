package org.gridledger.consensus.validator;

import java.math.BigInteger;
import java.util.Objects;
import org.gridledger.evm.types.Address;

/**
 * One validator of an epoch.
 *
 * @param signer the address of its consensus key (Staking's {@code Candidate.signer})
 * @param weight its voting power: bonded stake in wei when the set was elected, positive
 */
public record Validator(Address signer, BigInteger weight) {
  public Validator {
    Objects.requireNonNull(signer, "signer");
    if (weight == null || weight.signum() <= 0) {
      throw new IllegalArgumentException("validator weight must be positive: " + weight);
    }
  }
}
