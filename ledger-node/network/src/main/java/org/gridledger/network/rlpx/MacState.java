package org.gridledger.network.rlpx;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * One direction's running MAC (rlpx.md "MAC"): a Keccak-256 state continuously updated with the
 * ciphertext sent or received, whose digest can be read without ending the stream, and the AES-256
 * (ECB, single block) of {@code mac-secret} that mixes the digest into each update. Not
 * thread-safe: each direction of a connection owns one.
 */
public final class MacState {
  private final KeccakDigest keccak;
  private final byte[] macSecret;
  private final Cipher aes;

  MacState(KeccakDigest keccak, byte[] macSecret) {
    this.keccak = keccak;
    this.macSecret = macSecret.clone();
    try {
      this.aes = Cipher.getInstance("AES/ECB/NoPadding");
      aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(this.macSecret, "AES"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-ECB is a standard JDK algorithm", e);
    }
  }

  /** Absorbs {@code data}. */
  public void update(byte[] data) {
    keccak.update(data, 0, data.length);
  }

  /** The current Keccak-256 digest; the state is not changed. */
  public byte[] digest() {
    KeccakDigest copy = new KeccakDigest(keccak);
    byte[] out = new byte[32];
    copy.doFinal(out, 0);
    return out;
  }

  /** An independent copy of this state. */
  public MacState copy() {
    return new MacState(new KeccakDigest(keccak), macSecret);
  }

  /**
   * {@code header-mac}: absorbs {@code aes(mac-secret, digest[:16]) ^ header-ciphertext} and
   * returns {@code digest[:16]}.
   */
  byte[] updateHeader(byte[] headerCiphertext) {
    byte[] seed = aesBlock(Arrays.copyOf(digest(), 16));
    for (int i = 0; i < 16; i++) {
      seed[i] ^= headerCiphertext[i];
    }
    update(seed);
    return Arrays.copyOf(digest(), 16);
  }

  /**
   * {@code frame-mac}: absorbs the frame ciphertext, then {@code aes(mac-secret, digest[:16]) ^
   * digest[:16]}, and returns {@code digest[:16]}.
   */
  byte[] updateFrame(byte[] frameCiphertext, int offset, int length) {
    keccak.update(frameCiphertext, offset, length);
    byte[] prefix = Arrays.copyOf(digest(), 16);
    byte[] seed = aesBlock(prefix);
    for (int i = 0; i < 16; i++) {
      seed[i] ^= prefix[i];
    }
    update(seed);
    return Arrays.copyOf(digest(), 16);
  }

  private byte[] aesBlock(byte[] block16) {
    try {
      return aes.doFinal(block16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("one AES block cannot fail", e);
    }
  }
}
