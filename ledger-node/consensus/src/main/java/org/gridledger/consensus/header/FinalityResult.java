package org.gridledger.consensus.header;

import java.math.BigInteger;

/**
 * The outcome of checking a commit certificate.
 *
 * @param isFinal whether the certificate proves finality
 * @param reason why not (empty when final)
 * @param weight the weight of the valid seals counted before a failure, or all of them
 */
public record FinalityResult(boolean isFinal, String reason, BigInteger weight) {
  static FinalityResult ok(BigInteger weight) {
    return new FinalityResult(true, "", weight);
  }

  static FinalityResult rejected(String reason, BigInteger weight) {
    return new FinalityResult(false, reason, weight);
  }
}
