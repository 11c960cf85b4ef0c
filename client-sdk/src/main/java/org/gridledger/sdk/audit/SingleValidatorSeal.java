package org.gridledger.sdk.audit;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * The single-validator seal of decision 0007: {@code extraData = vanity (32) ‖ r (32) ‖ s (32) ‖
 * recovery id (1)}, an ECDSA secp256k1 signature (low s, EIP-2) over Keccak-256 of the header RLP
 * with the extra data cut to the vanity. The signer must be one of {@code validators}.
 */
public record SingleValidatorSeal(Set<String> validators) implements SealVerifier {
  /** Dev account 0 of the test mnemonic: the devnet's validator (gridledger dev's banner). */
  public static final String DEVNET_VALIDATOR = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";

  private static final BigInteger HALF_N = Sign.CURVE_PARAMS.getN().shiftRight(1);

  public SingleValidatorSeal {
    validators =
        validators.stream()
            .map(v -> v.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
  }

  /** The devnet's verifier. */
  public static SingleValidatorSeal devnet() {
    return new SingleValidatorSeal(Set.of(DEVNET_VALIDATOR));
  }

  @Override
  public String verify(BlockHeader header) throws ProofException {
    if (header.number().signum() == 0) {
      return "genesis block: not sealed, trusted by its hash (compare it with the chain's published"
          + " genesis hash)";
    }
    byte[] extra = header.extraData();
    if (extra.length != 97) {
      throw new ProofException(
          "block "
              + header.number()
              + " has "
              + extra.length
              + " bytes of extra data, a sealed header has 97");
    }
    byte[] r = Arrays.copyOfRange(extra, 32, 64);
    byte[] s = Arrays.copyOfRange(extra, 64, 96);
    int recId = extra[96];
    if (recId != 0 && recId != 1) {
      throw new ProofException("seal recovery id " + recId + " is not 0 or 1");
    }
    BigInteger sValue = new BigInteger(1, s);
    if (sValue.signum() == 0 || sValue.compareTo(HALF_N) > 0) {
      throw new ProofException("seal signature has a high or zero s (EIP-2)");
    }
    byte[] sealHash = MerkleProof.keccak(header.rlpWithExtraData(Arrays.copyOf(extra, 32)));
    String signer;
    try {
      BigInteger key =
          Sign.signedMessageHashToKey(sealHash, new Sign.SignatureData((byte) (27 + recId), r, s));
      signer = "0x" + Keys.getAddress(key);
    } catch (java.security.SignatureException | RuntimeException e) {
      throw new ProofException(
          "seal signature of block " + header.number() + " does not recover: " + e.getMessage());
    }
    if (!validators.contains(signer)) {
      throw new ProofException(
          "block "
              + header.number()
              + " is sealed by "
              + signer
              + ", not by a known validator "
              + validators);
    }
    return "sealed by " + Keys.toChecksumAddress(signer) + " (a known validator)";
  }
}
