package org.gridledger.consensus.header;

import java.math.BigInteger;
import java.util.Optional;
import org.gridledger.consensus.message.SignedVote;
import org.gridledger.consensus.message.VoteVerifier;
import org.gridledger.consensus.validator.ValidatorSet;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;

/**
 * Checks that a block is final from headers alone (decision 0015): its commit certificate, carried
 * in the child's extra data, must hold seals of distinct validators of the set in force at the
 * block's height, in ascending signer order, each a valid COMMIT vote signature over {@code
 * voteDigest(number, round, 2, hash)}, of more than 2/3 of the set's weight.
 */
public final class FinalityVerifier {
  private final VoteVerifier verifier;

  public FinalityVerifier(VoteVerifier verifier) {
    this.verifier = verifier;
  }

  /** Whether {@code child}'s extra data proves {@code header} final under {@code set}. */
  public FinalityResult verify(BlockHeader header, BlockHeader child, ValidatorSet set) {
    if (!child.parentHash().equals(header.hash()) || child.number() != header.number() + 1) {
      return FinalityResult.rejected("the child does not extend the header", BigInteger.ZERO);
    }
    BftExtraData extra;
    try {
      extra = BftExtraData.of(child);
    } catch (BftExtraDataException e) {
      return FinalityResult.rejected("child extra data: " + e.getMessage(), BigInteger.ZERO);
    }
    return verify(header.number(), header.hash(), extra.parentCertificate(), set);
  }

  /** Whether {@code certificate} proves block {@code blockHash} at {@code height} final. */
  public FinalityResult verify(
      long height, Hash blockHash, CommitCertificate certificate, ValidatorSet set) {
    BigInteger weight = BigInteger.ZERO;
    Address previous = null;
    for (SignedVote seal : certificate.votes(height, blockHash)) {
      Optional<Address> signer = verifier.signer(seal);
      if (signer.isEmpty()) {
        return FinalityResult.rejected("a seal does not recover to a signer", weight);
      }
      Address a = signer.get();
      if (!set.contains(a)) {
        return FinalityResult.rejected("seal of non-validator " + a, weight);
      }
      if (previous != null && previous.compareTo(a) >= 0) {
        return FinalityResult.rejected(
            previous.equals(a)
                ? "duplicate seal of " + a
                : "seals are not in ascending signer order at " + a,
            weight);
      }
      previous = a;
      weight = weight.add(set.weightOf(a));
    }
    if (!set.isQuorum(weight)) {
      return FinalityResult.rejected(
          "seal weight " + weight + " is not more than 2/3 of " + set.totalWeight(), weight);
    }
    return FinalityResult.ok(weight);
  }
}
