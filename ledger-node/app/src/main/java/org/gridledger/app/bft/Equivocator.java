package org.gridledger.app.bft;

import java.util.Optional;
import org.gridledger.consensus.header.BftExtraData;
import org.gridledger.consensus.message.Commit;
import org.gridledger.consensus.message.ConsensusMessage;
import org.gridledger.consensus.message.Prepare;
import org.gridledger.consensus.message.Proposal;
import org.gridledger.consensus.message.RoundChange;
import org.gridledger.consensus.message.SignedVote;
import org.gridledger.consensus.message.Vote;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;

/**
 * Test-only Byzantine behaviour (docs/consensus.md, "Fault testing"): for each PROPOSAL, PREPARE
 * and COMMIT this validator sends, a conflicting twin signed with the same key for the same
 * (height, round, type). A proposal's twin is the same block with another vanity in its extra data:
 * a different hash, and a block honest validators accept. A vote's twin names a hash no block has.
 * {@link PeerGossip} sends the original to one half of the peers and the twin to the other.
 */
final class Equivocator {
  private final PrivateKey key;
  private final long chainId;

  Equivocator(PrivateKey key, long chainId) {
    this.key = key;
    this.chainId = chainId;
  }

  /** The conflicting twin of {@code message}, if it is a kind this validator equivocates on. */
  Optional<ConsensusMessage> twin(ConsensusMessage message) {
    return switch (message) {
      case Proposal p -> {
        BftExtraData extra = BftExtraData.of(p.block().header());
        byte[] vanity = extra.vanity();
        vanity[BftExtraData.VANITY_SIZE - 1] ^= 0x5a;
        BlockHeader header =
            new BftExtraData(vanity, extra.validators(), extra.parentCertificate())
                .applyTo(p.block().header());
        Block block = new Block(header, p.block().body());
        yield Optional.of(
            new Proposal(
                resign(p.vote(), block.hash()), block, p.justification(), p.preparedCertificate()));
      }
      case Prepare p -> Optional.of(new Prepare(resign(p.vote(), otherValue(p.vote()))));
      case Commit c -> Optional.of(new Commit(resign(c.vote(), otherValue(c.vote()))));
      case RoundChange rc -> Optional.empty();
    };
  }

  private static Hash otherValue(SignedVote vote) {
    byte[] value = vote.vote().value().toArray();
    byte[] input = new byte[value.length + 1];
    System.arraycopy(value, 0, input, 0, value.length);
    input[value.length] = 0x01;
    return Keccak.of(input);
  }

  private SignedVote resign(SignedVote original, Hash value) {
    Vote v = original.vote();
    return SignedVote.sign(new Vote(v.type(), v.height(), v.round(), value), chainId, key);
  }
}
