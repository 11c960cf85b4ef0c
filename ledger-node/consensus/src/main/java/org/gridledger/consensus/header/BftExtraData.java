package org.gridledger.consensus.header;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.gridledger.consensus.message.SignedVote;
import org.gridledger.consensus.validator.Validator;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.rlp.RlpException;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.evm.crypto.Signature;
import org.gridledger.evm.types.Address;

/**
 * A BFT header's extra data (decision 0015): {@code rlp([vanity (32 bytes), [[signer, weight]...],
 * parentRound, [seal (65 bytes)...]])}. {@code validators} is the next epoch's set in the last
 * block of an epoch (and the first epoch's in genesis), empty otherwise; {@code parentCertificate}
 * holds the parent block's commit seals.
 */
public record BftExtraData(
    byte[] vanity, List<Validator> validators, CommitCertificate parentCertificate) {
  public static final int VANITY_SIZE = 32;

  /** Staking's {@code CANDIDATE_LIMIT}: no list in extra data may be longer. */
  public static final int MAX_ENTRIES = 256;

  public BftExtraData {
    Objects.requireNonNull(parentCertificate, "parentCertificate");
    if (vanity.length != VANITY_SIZE) {
      throw new IllegalArgumentException("vanity must be 32 bytes, got " + vanity.length);
    }
    vanity = vanity.clone();
    validators = List.copyOf(validators);
    if (validators.size() > MAX_ENTRIES || parentCertificate.seals().size() > MAX_ENTRIES) {
      throw new IllegalArgumentException("more than " + MAX_ENTRIES + " validators or seals");
    }
  }

  @Override
  public byte[] vanity() {
    return vanity.clone();
  }

  public byte[] encode() {
    RlpWriter w =
        new RlpWriter(128 + 64 * validators.size() + 68 * parentCertificate.seals().size());
    int list = w.startList();
    w.writeBytes(vanity);
    int vs = w.startList();
    for (Validator v : validators) {
      int entry = w.startList();
      w.writeBytes(v.signer().unsafeBytes());
      w.writeBigInteger(v.weight());
      w.endList(entry);
    }
    w.endList(vs);
    w.writeLong(parentCertificate.round());
    int seals = w.startList();
    for (Signature s : parentCertificate.seals()) {
      w.writeBytes(SignedVote.encodeSignature(s));
    }
    w.endList(seals);
    w.endList(list);
    return w.toByteArray();
  }

  /** {@code header} with this as its extra data. */
  public BlockHeader applyTo(BlockHeader h) {
    return h.withExtraData(encode());
  }

  /** The extra data of {@code header}. */
  public static BftExtraData of(BlockHeader header) {
    return decode(header.extraData());
  }

  /**
   * Decodes extra data.
   *
   * @throws BftExtraDataException for anything but one well-formed BFT extra data
   */
  public static BftExtraData decode(byte[] extraData) {
    try {
      RlpReader f = RlpReader.single(extraData).readList();
      byte[] vanity = f.readBytes(VANITY_SIZE, "vanity");
      RlpReader vs = f.readList();
      List<Validator> validators = new ArrayList<>();
      while (vs.hasNext()) {
        int at = vs.position();
        if (validators.size() == MAX_ENTRIES) {
          throw new BftExtraDataException("more than " + MAX_ENTRIES + " validators", at);
        }
        RlpReader entry = vs.readList();
        Address signer = Address.wrap(entry.readBytes(Address.SIZE, "validator signer"));
        BigInteger weight = entry.readUInt256();
        entry.ensureEnd("validator");
        if (weight.signum() == 0) {
          throw new BftExtraDataException("validator weight is zero", at);
        }
        validators.add(new Validator(signer, weight));
      }
      int at = f.position();
      long round = f.readLong();
      if (round > Integer.MAX_VALUE) {
        throw new BftExtraDataException("parent round does not fit in 31 bits", at);
      }
      RlpReader ss = f.readList();
      List<Signature> seals = new ArrayList<>();
      while (ss.hasNext()) {
        at = ss.position();
        if (seals.size() == MAX_ENTRIES) {
          throw new BftExtraDataException("more than " + MAX_ENTRIES + " seals", at);
        }
        byte[] seal = ss.readBytes(SignedVote.SIGNATURE_SIZE, "commit seal");
        try {
          seals.add(SignedVote.decodeSignature(seal));
        } catch (IllegalArgumentException e) {
          throw new BftExtraDataException(e.getMessage(), at);
        }
      }
      f.ensureEnd("BFT extra data");
      return new BftExtraData(vanity, validators, new CommitCertificate((int) round, seals));
    } catch (RlpException e) {
      throw new BftExtraDataException(e.getMessage(), e.offset(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BftExtraData other
        && Arrays.equals(vanity, other.vanity)
        && validators.equals(other.validators)
        && parentCertificate.equals(other.parentCertificate);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(vanity), validators, parentCertificate);
  }

  @Override
  public String toString() {
    return "BftExtraData[validators="
        + validators
        + ", parentRound="
        + parentCertificate.round()
        + ", seals="
        + parentCertificate.seals().size()
        + "]";
  }
}
