package org.gridledger.core.devnet;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.util.BigIntegers;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.crypto.Secp256k1;
import org.gridledger.evm.crypto.Signature;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;

/**
 * The single-validator seal of decision 0007: {@code extraData = vanity (32 bytes) ‖ r (32) ‖ s
 * (32) ‖ recovery id (1 byte, 0 or 1)}, where the signature is the validator's ECDSA signature
 * (secp256k1, RFC 6979, low s) over the seal hash: Keccak-256 of the header's RLP with {@code
 * extraData} cut to the vanity. Everything else in the header, the block hash included, is the
 * Ethereum header as is.
 */
public final class HeaderSeal {
  public static final int VANITY_SIZE = 32;
  public static final int SIGNATURE_SIZE = 65;
  public static final int SEALED_SIZE = VANITY_SIZE + SIGNATURE_SIZE;

  private HeaderSeal() {}

  /** A 32-byte vanity: {@code text} in UTF-8, zero-padded (truncated beyond 32 bytes). */
  public static byte[] vanity(String text) {
    return Arrays.copyOf(text.getBytes(StandardCharsets.UTF_8), VANITY_SIZE);
  }

  /**
   * Seals {@code header}, whose extra data must be the 32-byte vanity.
   *
   * @throws IllegalArgumentException if the extra data is not exactly 32 bytes
   */
  public static BlockHeader seal(BlockHeader header, PrivateKey key) {
    byte[] vanity = header.extraData();
    if (vanity.length != VANITY_SIZE) {
      throw new IllegalArgumentException(
          "an unsealed header's extra data is the 32-byte vanity, got " + vanity.length);
    }
    Signature sig = Secp256k1.sign(Keccak.of(header.encode()).unsafeBytes(), key);
    byte[] extra = Arrays.copyOf(vanity, SEALED_SIZE);
    System.arraycopy(BigIntegers.asUnsignedByteArray(32, sig.r()), 0, extra, VANITY_SIZE, 32);
    System.arraycopy(BigIntegers.asUnsignedByteArray(32, sig.s()), 0, extra, VANITY_SIZE + 32, 32);
    extra[SEALED_SIZE - 1] = (byte) sig.recId();
    return header.withExtraData(extra);
  }

  /**
   * The seal hash of a sealed or unsealed header: Keccak-256 of the header with the vanity only.
   */
  public static Hash sealHash(BlockHeader header) {
    byte[] extra = header.extraData();
    return Keccak.of(
        header.withExtraData(Arrays.copyOf(extra, Math.min(extra.length, VANITY_SIZE))).encode());
  }

  /**
   * The address that sealed {@code header}, or empty if its extra data is not 97 bytes or the
   * signature is not canonical (r, s in range, low s, recovery id 0 or 1) or does not recover.
   */
  public static Optional<Address> signer(BlockHeader header) {
    byte[] extra = header.extraData();
    if (extra.length != SEALED_SIZE) {
      return Optional.empty();
    }
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(extra, VANITY_SIZE, VANITY_SIZE + 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(extra, VANITY_SIZE + 32, VANITY_SIZE + 64));
    int recId = extra[SEALED_SIZE - 1];
    if (recId < 0 || recId > 1) {
      return Optional.empty();
    }
    Signature sig = new Signature(r, s, recId);
    if (!sig.isCanonical()) {
      return Optional.empty();
    }
    return Optional.ofNullable(Secp256k1.recoverAddress(sealHash(header).unsafeBytes(), sig));
  }
}
