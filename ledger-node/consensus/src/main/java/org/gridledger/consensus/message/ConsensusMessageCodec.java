package org.gridledger.consensus.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gridledger.core.block.Block;
import org.gridledger.core.rlp.RlpException;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.core.tx.TransactionDecodingException;
import org.gridledger.evm.types.Hash;

/**
 * The RLP wire format of consensus messages (docs/consensus.md, "Messages"):
 *
 * <pre>
 * vote         = [voteType, height, round, value (32 bytes), signature (65 bytes r ‖ s ‖ v)]
 * PROPOSAL     = [0, vote, block, [roundChange...], [prepareVote...]]
 * PREPARE      = [1, vote]
 * COMMIT       = [2, vote]
 * ROUND-CHANGE = [3, vote, [] | [preparedRound, preparedHash], [] | block, [prepareVote...]]
 * </pre>
 *
 * Decoding is strict (canonical RLP, exact sizes, canonical signatures, the vote type equal to the
 * message code, at most {@link #MAX_VOTES} votes per list, no trailing items).
 */
public final class ConsensusMessageCodec {
  /** At most this many votes or round changes in one list (Staking caps candidates at 256). */
  public static final int MAX_VOTES = 1024;

  private ConsensusMessageCodec() {}

  public static byte[] encode(ConsensusMessage message) {
    RlpWriter w = new RlpWriter(256);
    write(message, w);
    return w.toByteArray();
  }

  private static void write(ConsensusMessage message, RlpWriter w) {
    int list = w.startList();
    w.writeLong(message.type().code());
    writeVote(message.vote(), w);
    switch (message) {
      case Proposal p -> {
        w.writeRaw(p.block().encode());
        int rcs = w.startList();
        for (RoundChange rc : p.justification()) {
          write(rc, w);
        }
        w.endList(rcs);
        writeVotes(p.preparedCertificate(), w);
      }
      case Prepare ignored -> {}
      case Commit ignored -> {}
      case RoundChange rc -> {
        int claim = w.startList();
        rc.prepared()
            .ifPresent(
                c -> {
                  w.writeLong(c.round());
                  w.writeBytes(c.blockHash().unsafeBytes());
                });
        w.endList(claim);
        if (rc.preparedBlock().isPresent()) {
          w.writeRaw(rc.preparedBlock().get().encode());
        } else {
          w.writeEmptyList();
        }
        writeVotes(rc.certificate(), w);
      }
    }
    w.endList(list);
  }

  /** Writes {@code [voteType, height, round, value, signature]}. */
  public static void writeVote(SignedVote v, RlpWriter w) {
    int list = w.startList();
    w.writeLong(v.vote().type().code());
    w.writeLong(v.vote().height());
    w.writeLong(v.vote().round());
    w.writeBytes(v.vote().value().unsafeBytes());
    w.writeBytes(v.signatureBytes());
    w.endList(list);
  }

  private static void writeVotes(List<SignedVote> votes, RlpWriter w) {
    int list = w.startList();
    for (SignedVote v : votes) {
      writeVote(v, w);
    }
    w.endList(list);
  }

  /**
   * Decodes one message.
   *
   * @throws ConsensusMessageException for anything but exactly one well-formed message
   */
  public static ConsensusMessage decode(byte[] data) {
    try {
      RlpReader fields = RlpReader.single(data).readList();
      ConsensusMessage m = read(fields, true);
      fields.ensureEnd("consensus message");
      return m;
    } catch (RlpException e) {
      throw new ConsensusMessageException(e.getMessage(), e.offset(), e);
    }
  }

  private static ConsensusMessage read(RlpReader fields, boolean attachments) {
    int at = fields.position();
    long code = fields.readLong();
    VoteType type = voteType(code, at);
    at = fields.position();
    SignedVote vote = readVote(fields);
    if (vote.vote().type() != type) {
      throw new ConsensusMessageException(
          "vote type " + vote.vote().type() + " in a " + type + " message", at);
    }
    return switch (type) {
      case PREPARE -> new Prepare(vote);
      case COMMIT -> new Commit(vote);
      case PROPOSAL -> {
        if (!attachments) {
          throw new ConsensusMessageException("a proposal inside a justification", at);
        }
        Block block = readBlock(fields);
        RlpReader rcs = fields.readList();
        List<RoundChange> justification = new ArrayList<>();
        while (rcs.hasNext()) {
          int rcAt = rcs.position();
          if (justification.size() == MAX_VOTES) {
            throw new ConsensusMessageException("more than " + MAX_VOTES + " round changes", rcAt);
          }
          RlpReader rcFields = rcs.readList();
          if (!(read(rcFields, false) instanceof RoundChange rc)) {
            throw new ConsensusMessageException("a justification holds round changes only", rcAt);
          }
          rcFields.ensureEnd("round change");
          justification.add(rc);
        }
        List<SignedVote> certificate = readVotes(fields);
        yield new Proposal(vote, block, justification, certificate);
      }
      case ROUND_CHANGE -> {
        RlpReader claimFields = fields.readList();
        Optional<PreparedClaim> claim = Optional.empty();
        if (claimFields.hasNext()) {
          int round = claimFields.readInt();
          Hash hash = Hash.wrap(claimFields.readBytes(32, "prepared hash"));
          claimFields.ensureEnd("prepared claim");
          claim = Optional.of(new PreparedClaim(round, hash));
        }
        Optional<Block> block = Optional.empty();
        int blockAt = fields.position();
        byte[] rawBlock = fields.readRaw();
        if (!(rawBlock.length == 1 && rawBlock[0] == (byte) 0xc0)) {
          block = Optional.of(decodeBlock(rawBlock, blockAt));
        }
        List<SignedVote> certificate = readVotes(fields);
        if (!attachments && (block.isPresent() || !certificate.isEmpty())) {
          throw new ConsensusMessageException("a justification's round change has attachments", at);
        }
        yield new RoundChange(vote, claim, block, certificate);
      }
    };
  }

  private static VoteType voteType(long code, int at) {
    try {
      return VoteType.ofCode(code);
    } catch (IllegalArgumentException e) {
      throw new ConsensusMessageException(e.getMessage(), at);
    }
  }

  /** Reads {@code [voteType, height, round, value, signature]}. */
  public static SignedVote readVote(RlpReader outer) {
    RlpReader f = outer.readList();
    int at = f.position();
    VoteType type = voteType(f.readLong(), at);
    long height = f.readLong();
    at = f.position();
    long round = f.readLong();
    if (round > 0xffff_ffffL || round > Integer.MAX_VALUE) {
      throw new ConsensusMessageException("round does not fit in 31 bits", at);
    }
    Hash value = Hash.wrap(f.readBytes(32, "vote value"));
    at = f.position();
    byte[] sig = f.readBytes(SignedVote.SIGNATURE_SIZE, "signature");
    f.ensureEnd("vote");
    try {
      return new SignedVote(
          new Vote(type, height, (int) round, value), SignedVote.decodeSignature(sig));
    } catch (IllegalArgumentException e) {
      throw new ConsensusMessageException(e.getMessage(), at);
    }
  }

  private static List<SignedVote> readVotes(RlpReader outer) {
    RlpReader list = outer.readList();
    List<SignedVote> votes = new ArrayList<>();
    while (list.hasNext()) {
      if (votes.size() == MAX_VOTES) {
        throw new ConsensusMessageException("more than " + MAX_VOTES + " votes", list.position());
      }
      votes.add(readVote(list));
    }
    return votes;
  }

  private static Block readBlock(RlpReader fields) {
    int at = fields.position();
    return decodeBlock(fields.readRaw(), at);
  }

  private static Block decodeBlock(byte[] raw, int at) {
    try {
      return Block.decode(raw);
    } catch (RlpException | TransactionDecodingException | IllegalArgumentException e) {
      throw new ConsensusMessageException("invalid block: " + e.getMessage(), at, e);
    }
  }
}
