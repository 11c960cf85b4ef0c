package org.gridledger.sdk.audit;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.rlp.RlpDecoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;
import org.web3j.utils.Numeric;

/**
 * Finality of a BFT block from headers alone (docs/consensus.md, decision 0015), in the SDK's own
 * small code (decision 0011): block {@code N}'s commit seals are in the extra data of block {@code
 * N + 1}, {@code rlp([vanity, validators, parentRound, parentSeals])}. Each seal must be a
 * signature of a distinct validator of the set in force at {@code N} over {@code
 * Staking.voteDigest(N, parentRound, COMMIT, hash(N))}, and their weight must exceed 2/3 of the
 * set's.
 *
 * <p>The set of epoch 0 is in the genesis header (trusted as the genesis is: compare its hash with
 * the chain's published one). The set of epoch {@code e > 0} is listed in the last header of epoch
 * {@code e − 1}, which is accepted only after verifying its own certificate with the set of epoch
 * {@code e − 1}; so the verifier walks from genesis one epoch at a time, fetching two headers per
 * epoch. Every header fetched is bound by recomputed hashes (a child's {@code parentHash} must be
 * the parent's recomputed hash), so the node that serves them is not trusted. Not thread-safe.
 */
public final class BftCommitSeals implements SealVerifier {
  /** {@code Staking.VOTE_DOMAIN = keccak256("Gridledger consensus vote v1")}. */
  static final byte[] VOTE_DOMAIN =
      MerkleProof.keccak("Gridledger consensus vote v1".getBytes(StandardCharsets.US_ASCII));

  /** {@code voteType} of a COMMIT vote, whose signature is a commit seal. */
  static final int COMMIT = 2;

  private static final BigInteger HALF_N = Sign.CURVE_PARAMS.getN().shiftRight(1);

  /** Where headers come from (a node over JSON-RPC in {@code grid audit}). */
  @FunctionalInterface
  public interface HeaderSource {
    /** The header of block {@code number}, or empty if the chain has no such block yet. */
    Optional<BlockHeader> header(BigInteger number) throws ProofException;
  }

  /** A validator: its signer address (lower-case hex) and voting weight. */
  public record Validator(String signer, BigInteger weight) {}

  /** Decoded BFT extra data (decision 0015). */
  public record Extra(List<Validator> validators, long parentRound, List<byte[]> parentSeals) {}

  private final long chainId;
  private final long epochLength;
  private final HeaderSource headers;
  private final Map<Long, List<Validator>> sets = new HashMap<>();

  /**
   * @param chainId the chain id in every vote digest
   * @param epochLength blocks per epoch (the genesis {@code config.bft.epochLength})
   */
  public BftCommitSeals(long chainId, long epochLength, HeaderSource headers) {
    if (epochLength <= 0) {
      throw new IllegalArgumentException("epoch length must be positive: " + epochLength);
    }
    this.chainId = chainId;
    this.epochLength = epochLength;
    this.headers = headers;
  }

  @Override
  public String verify(BlockHeader header) throws ProofException {
    if (header.number().signum() == 0) {
      return "genesis block: final by definition, trusted by its hash (compare it with the chain's"
          + " published genesis hash)";
    }
    long n = header.number().longValueExact();
    BlockHeader child =
        headers
            .header(BigInteger.valueOf(n + 1))
            .orElseThrow(
                () ->
                    new ProofException(
                        "block "
                            + n
                            + " is not provably final yet: its commit seals travel in block "
                            + (n + 1)
                            + ", which does not exist yet"));
    long epoch = n / epochLength;
    List<Validator> set = setOfEpoch(epoch);
    Quorum q = checkCertificate(header, child, set, chainId);
    return "final: commit seals in block "
        + (n + 1)
        + " from "
        + q.signers()
        + " of "
        + set.size()
        + " validators of epoch "
        + epoch
        + " (weight "
        + q.weight()
        + " of "
        + q.total()
        + ", more than 2/3), set followed from the genesis header";
  }

  /** The outcome of a valid certificate. */
  public record Quorum(int signers, BigInteger weight, BigInteger total) {}

  /**
   * Checks that {@code child}'s extra data holds a valid commit certificate of {@code block} by
   * {@code set}.
   *
   * @throws ProofException naming what is wrong
   */
  public static Quorum checkCertificate(
      BlockHeader block, BlockHeader child, List<Validator> set, long chainId)
      throws ProofException {
    BigInteger n = block.number();
    if (!child.number().equals(n.add(BigInteger.ONE))
        || !Arrays.equals(child.parentHash(), block.hash())) {
      throw new ProofException(
          "block " + child.number() + " does not extend block " + n + " (parent hash mismatch)");
    }
    Extra extra = decode(child.extraData());
    if (extra.parentSeals().isEmpty()) {
      throw new ProofException(
          "block " + child.number() + " carries no commit seals of block " + n);
    }
    byte[] digest =
        voteDigest(chainId, n.longValueExact(), extra.parentRound(), COMMIT, block.hash());
    Map<String, BigInteger> weights = new HashMap<>();
    BigInteger total = BigInteger.ZERO;
    for (Validator v : set) {
      weights.put(v.signer(), v.weight());
      total = total.add(v.weight());
    }
    Set<String> seen = new HashSet<>();
    String previous = null;
    BigInteger weight = BigInteger.ZERO;
    for (int i = 0; i < extra.parentSeals().size(); i++) {
      String signer = recover(digest, extra.parentSeals().get(i), "seal " + i + " of block " + n);
      if (!weights.containsKey(signer)) {
        throw new ProofException(
            "seal "
                + i
                + " of block "
                + n
                + " is by "
                + signer
                + ", not a validator of the set in force (wrong chain, tampered header or"
                + " outsider)");
      }
      if (!seen.add(signer)) {
        throw new ProofException("duplicate seal by " + signer + " in block " + child.number());
      }
      if (previous != null && previous.compareTo(signer) > 0) {
        throw new ProofException(
            "seals of block " + n + " are not sorted by signer (decision 0015)");
      }
      previous = signer;
      weight = weight.add(weights.get(signer));
    }
    if (weight.multiply(BigInteger.valueOf(3)).compareTo(total.shiftLeft(1)) <= 0) {
      throw new ProofException(
          "seals of block "
              + n
              + " have weight "
              + weight
              + " of "
              + total
              + ": not more than 2/3 of the validator set");
    }
    return new Quorum(seen.size(), weight, total);
  }

  /** The validator set in force in {@code epoch}, followed from genesis. */
  public List<Validator> setOfEpoch(long epoch) throws ProofException {
    List<Validator> known = sets.get(epoch);
    if (known != null) {
      return known;
    }
    List<Validator> set;
    if (epoch == 0) {
      BlockHeader genesis = fetch(0);
      set = decode(genesis.extraData()).validators();
      if (set.isEmpty()) {
        throw new ProofException("the genesis header lists no validators: not a BFT chain?");
      }
    } else {
      List<Validator> previous = setOfEpoch(epoch - 1);
      long last = epoch * epochLength - 1;
      BlockHeader lastHeader = fetch(last);
      checkCertificate(lastHeader, fetch(last + 1), previous, chainId);
      List<Validator> listed = decode(lastHeader.extraData()).validators();
      // An election without candidates leaves the old set in force (docs/consensus.md).
      set = listed.isEmpty() ? previous : listed;
    }
    sets.put(epoch, set);
    return set;
  }

  private BlockHeader fetch(long number) throws ProofException {
    return headers
        .header(BigInteger.valueOf(number))
        .orElseThrow(() -> new ProofException("the node has no block " + number));
  }

  /**
   * {@code Staking.voteDigest}: {@code keccak256(abi.encode(VOTE_DOMAIN, chainId, uint64 height,
   * uint32 round, uint8 voteType, bytes32 blockHash))}.
   */
  public static byte[] voteDigest(
      long chainId, long height, long round, int voteType, byte[] blockHash) {
    byte[] words = new byte[6 * 32];
    System.arraycopy(VOTE_DOMAIN, 0, words, 0, 32);
    putWord(words, 1, chainId);
    putWord(words, 2, height);
    putWord(words, 3, round);
    putWord(words, 4, voteType);
    System.arraycopy(blockHash, 0, words, 5 * 32, 32);
    return MerkleProof.keccak(words);
  }

  private static void putWord(byte[] words, int index, long v) {
    byte[] b = Numeric.toBytesPadded(BigInteger.valueOf(v), 32);
    System.arraycopy(b, 0, words, index * 32, 32);
  }

  private static String recover(byte[] digest, byte[] seal, String what) throws ProofException {
    if (seal.length != 65) {
      throw new ProofException(what + " has " + seal.length + " bytes, not 65");
    }
    int v = seal[64] & 0xff;
    if (v != 27 && v != 28) {
      throw new ProofException(what + " has v = " + v + ", not 27 or 28");
    }
    byte[] r = Arrays.copyOfRange(seal, 0, 32);
    byte[] s = Arrays.copyOfRange(seal, 32, 64);
    BigInteger sValue = new BigInteger(1, s);
    if (sValue.signum() == 0 || sValue.compareTo(HALF_N) > 0) {
      throw new ProofException(what + " has a high or zero s (EIP-2)");
    }
    try {
      BigInteger key = Sign.signedMessageHashToKey(digest, new Sign.SignatureData((byte) v, r, s));
      return "0x" + Keys.getAddress(key).toLowerCase(Locale.ROOT);
    } catch (java.security.SignatureException | RuntimeException e) {
      throw new ProofException(what + " does not recover: " + e.getMessage());
    }
  }

  /** Whether {@code extraData} has the BFT layout (used to pick the verifier by header format). */
  public static boolean isBftExtraData(byte[] extraData) {
    try {
      decode(extraData);
      return true;
    } catch (ProofException e) {
      return false;
    }
  }

  /**
   * Decodes BFT extra data: {@code rlp([vanity (32 bytes), [[signer (20), weight]...], round, [seal
   * (65)...]])}.
   *
   * @throws ProofException if it is not that layout
   */
  public static Extra decode(byte[] extraData) throws ProofException {
    List<RlpType> top;
    try {
      List<RlpType> outer = RlpDecoder.decode(extraData).getValues();
      if (outer.size() != 1 || !(outer.get(0) instanceof RlpList list)) {
        throw new ProofException("BFT extra data is not one RLP list");
      }
      top = list.getValues();
    } catch (RuntimeException e) {
      throw new ProofException("BFT extra data is not valid RLP: " + e.getMessage());
    }
    if (top.size() != 4) {
      throw new ProofException("BFT extra data has " + top.size() + " fields, not 4");
    }
    if (!(top.get(0) instanceof RlpString vanity) || vanity.getBytes().length != 32) {
      throw new ProofException("BFT extra data: vanity is not 32 bytes");
    }
    if (!(top.get(1) instanceof RlpList vs)) {
      throw new ProofException("BFT extra data: validators is not a list");
    }
    List<Validator> validators = new ArrayList<>();
    for (RlpType t : vs.getValues()) {
      if (!(t instanceof RlpList entry)
          || entry.getValues().size() != 2
          || !(entry.getValues().get(0) instanceof RlpString signer)
          || signer.getBytes().length != 20
          || !(entry.getValues().get(1) instanceof RlpString weight)
          || weight.getBytes().length > 32) {
        throw new ProofException("BFT extra data: validator entry is not [signer(20), weight]");
      }
      BigInteger w = new BigInteger(1, weight.getBytes());
      if (w.signum() == 0) {
        throw new ProofException("BFT extra data: validator weight is zero");
      }
      validators.add(new Validator(Numeric.toHexString(signer.getBytes()), w));
    }
    if (!(top.get(2) instanceof RlpString round) || round.getBytes().length > 4) {
      throw new ProofException("BFT extra data: parent round is not a uint32");
    }
    long parentRound = new BigInteger(1, round.getBytes()).longValue();
    if (!(top.get(3) instanceof RlpList ss)) {
      throw new ProofException("BFT extra data: seals is not a list");
    }
    List<byte[]> seals = new ArrayList<>();
    for (RlpType t : ss.getValues()) {
      if (!(t instanceof RlpString seal)) {
        throw new ProofException("BFT extra data: a seal is not a byte string");
      }
      seals.add(seal.getBytes());
    }
    return new Extra(validators, parentRound, seals);
  }
}
