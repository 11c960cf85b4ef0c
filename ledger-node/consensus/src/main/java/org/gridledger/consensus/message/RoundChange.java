package org.gridledger.consensus.message;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.gridledger.core.block.Block;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;

/**
 * ROUND-CHANGE: the sender wants round {@code vote.round}. If it is prepared, it names the prepared
 * round and block hash (bound into the signed value by {@link #claimValue}), attaches the block (so
 * the next proposer can re-propose it) and the prepared certificate. Inside a proposal's
 * justification the block and certificate are left off ({@link #withoutAttachments}).
 *
 * @param preparedBlock the prepared block, or empty
 * @param certificate PREPARE votes for the claim, empty if none are attached
 */
public record RoundChange(
    SignedVote vote,
    Optional<PreparedClaim> prepared,
    Optional<Block> preparedBlock,
    List<SignedVote> certificate)
    implements ConsensusMessage {
  public RoundChange {
    Objects.requireNonNull(prepared, "prepared");
    Objects.requireNonNull(preparedBlock, "preparedBlock");
    certificate = List.copyOf(certificate);
    if (vote.vote().type() != VoteType.ROUND_CHANGE) {
      throw new IllegalArgumentException("a ROUND-CHANGE carries a ROUND-CHANGE vote");
    }
  }

  /**
   * The value a ROUND-CHANGE vote signs: {@code keccak256(rlp([preparedRound, preparedHash]))}, or
   * 32 zero bytes when not prepared.
   */
  public static Hash claimValue(Optional<PreparedClaim> claim) {
    if (claim.isEmpty()) {
      return Hash.ZERO;
    }
    RlpWriter w = new RlpWriter(48);
    int list = w.startList();
    w.writeLong(claim.get().round());
    w.writeBytes(claim.get().blockHash().unsafeBytes());
    w.endList(list);
    return Keccak.of(w.toByteArray());
  }

  /** Whether the signed value matches the claim. */
  public boolean claimMatchesVote() {
    return vote.vote().value().equals(claimValue(prepared));
  }

  /** The same message without block and certificate, as carried in a justification. */
  public RoundChange withoutAttachments() {
    return new RoundChange(vote, prepared, Optional.empty(), List.of());
  }
}
