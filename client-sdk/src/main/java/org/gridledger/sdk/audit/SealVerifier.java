package org.gridledger.sdk.audit;

/**
 * Checks who sealed a block. The devnet has one validator whose signature is in the extra data
 * (decision 0007, {@link SingleValidatorSeal}); a chain finalized by the BFT engine carries more
 * than 2/3 of the stake's commit seals in the child's header ({@link BftCommitSeals}, decision
 * 0015). {@link SealVerifiers#byHeaderFormat} picks one by the header's format.
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
