package org.gridledger.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.gridledger.consensus.evidence.Evidence;
import org.gridledger.consensus.message.SignedVote;
import org.gridledger.evm.types.Address;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * Staking's view of evidence, computed with web3j (an independent ABI encoder, Keccak and
 * ecrecover) from the formulas in Staking.sol: {@code voteDigest =
 * keccak256(abi.encode(VOTE_DOMAIN, chainid, height, round, voteType, blockHash))} and the checks
 * of {@code submitDoubleSignEvidence}.
 */
public final class IndependentStaking {
  private IndependentStaking() {}

  /** {@code Staking.voteDigest} computed with web3j. */
  @SuppressWarnings("rawtypes") // web3j's encodeConstructor takes a raw List<Type>
  public static byte[] voteDigest(
      long chainId, long height, long round, int voteType, byte[] blockHash) {
    byte[] domain =
        Hash.sha3(
            "Gridledger consensus vote v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    List<Type> params =
        List.of(
            new Bytes32(domain),
            new Uint256(BigInteger.valueOf(chainId)),
            new Uint64(BigInteger.valueOf(height)),
            new Uint32(BigInteger.valueOf(round)),
            new Uint8(BigInteger.valueOf(voteType)),
            new Bytes32(blockHash));
    return Hash.sha3(Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(params)));
  }

  /** The signer Staking's {@code _recover} finds: ecrecover with v = 27/28 and low s. */
  public static Address recover(SignedVote vote, long chainId) {
    byte[] sig = vote.signatureBytes();
    byte[] digest =
        voteDigest(
            chainId,
            vote.vote().height(),
            vote.vote().round(),
            vote.vote().type().code(),
            vote.vote().value().toArray());
    assertThat(sig[64] == 27 || sig[64] == 28).isTrue();
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
    assertThat(s.compareTo(Sign.CURVE_PARAMS.getN().shiftRight(1))).isLessThanOrEqualTo(0);
    Sign.SignatureData data =
        new Sign.SignatureData(
            sig[64], Arrays.copyOfRange(sig, 0, 32), Arrays.copyOfRange(sig, 32, 64));
    try {
      BigInteger publicKey = Sign.signedMessageHashToKey(digest, data);
      return Address.fromHex("0x" + Keys.getAddress(publicKey));
    } catch (java.security.SignatureException e) {
      throw new AssertionError(e);
    }
  }

  /** Call data of {@code submitDoubleSignEvidence(Vote,Vote)} encoded by web3j. */
  public static byte[] callData(Evidence e) {
    Function f =
        new Function(
            "submitDoubleSignEvidence", List.of(struct(e.first()), struct(e.second())), List.of());
    return Numeric.hexStringToByteArray(FunctionEncoder.encode(f));
  }

  private static DynamicStruct struct(SignedVote v) {
    return new DynamicStruct(
        new Uint64(BigInteger.valueOf(v.vote().height())),
        new Uint32(BigInteger.valueOf(v.vote().round())),
        new Uint8(BigInteger.valueOf(v.vote().type().code())),
        new Bytes32(v.vote().value().toArray()),
        new DynamicBytes(v.signatureBytes()));
  }

  /**
   * Asserts what {@code submitDoubleSignEvidence} checks before slashing: same height, round and
   * type, different block hashes, both signatures recovering to {@code signer}; and that our call
   * data equals web3j's encoding.
   */
  public static void assertValidEvidence(Evidence e, long chainId, Address signer) {
    assertThat(e.first().vote().height()).isEqualTo(e.second().vote().height());
    assertThat(e.first().vote().round()).isEqualTo(e.second().vote().round());
    assertThat(e.first().vote().type()).isEqualTo(e.second().vote().type());
    assertThat(e.first().vote().value()).isNotEqualTo(e.second().vote().value());
    assertThat(recover(e.first(), chainId)).isEqualTo(signer);
    assertThat(recover(e.second(), chainId)).isEqualTo(signer);
    assertThat(e.stakingCallData()).isEqualTo(callData(e));
  }
}
