package org.gridledger.sdk.audit;

/** Choosing a {@link SealVerifier} by the header's format. */
public final class SealVerifiers {
  private SealVerifiers() {}

  /**
   * A verifier that checks BFT headers (extra data in the layout of decision 0015) with {@code bft}
   * and all others with {@code single} (decision 0007's single-validator seal).
   */
  public static SealVerifier byHeaderFormat(SingleValidatorSeal single, BftCommitSeals bft) {
    return header ->
        BftCommitSeals.isBftExtraData(header.extraData())
            ? bft.verify(header)
            : single.verify(header);
  }
}
