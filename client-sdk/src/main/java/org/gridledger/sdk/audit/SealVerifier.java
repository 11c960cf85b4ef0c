package org.gridledger.sdk.audit;

/**
 * Checks who sealed a block. The devnet has one validator whose signature is in the extra data
 * (decision 0007, {@link SingleValidatorSeal}); the BFT consensus will add a verifier of 2f+1
 * commit seals behind this same interface.
 */
public interface SealVerifier {
  /**
   * Verifies the seal of {@code header}; returns what was established, e.g. "sealed by 0x… (a known
   * validator)".
   *
   * @throws ProofException if the seal is missing, malformed, or by someone not allowed
   */
  String verify(BlockHeader header) throws ProofException;
}
