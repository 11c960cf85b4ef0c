package org.gridledger.core.devnet;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.util.BigIntegers;
import org.gridledger.evm.crypto.PrivateKey;

/**
 * Keys from a mnemonic, as wallets and dev tools (anvil, hardhat) derive them: the BIP-39 seed
 * (PBKDF2-HMAC-SHA512, 2048 rounds, salt "mnemonic" + passphrase, over the NFKD-normalised words)
 * and BIP-32 derivation along the BIP-44 Ethereum path {@code m/44'/60'/0'/0/i}.
 *
 * <p>The words are not checked against the BIP-39 word list or checksum: the seed is defined over
 * the sentence itself, and the dev keys only need to match other tools.
 */
public final class HdKeys {
  /**
   * The mnemonic of anvil, hardhat and ganache: its keys are public and must hold no real value.
   */
  public static final String TEST_MNEMONIC =
      "test test test test test test test test test test test junk";

  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
  private static final int HARDENED = 0x80000000;
  private static final byte[] MASTER_KEY = "Bitcoin seed".getBytes(StandardCharsets.US_ASCII);

  private HdKeys() {}

  /** The BIP-39 seed (64 bytes) of {@code mnemonic} with {@code passphrase}. */
  public static byte[] seed(String mnemonic, String passphrase) {
    byte[] words =
        Normalizer.normalize(mnemonic, Normalizer.Form.NFKD).getBytes(StandardCharsets.UTF_8);
    byte[] salt =
        Normalizer.normalize("mnemonic" + passphrase, Normalizer.Form.NFKD)
            .getBytes(StandardCharsets.UTF_8);
    PKCS5S2ParametersGenerator pbkdf2 = new PKCS5S2ParametersGenerator(new SHA512Digest());
    pbkdf2.init(words, salt, 2048);
    return ((KeyParameter) pbkdf2.generateDerivedParameters(512)).getKey();
  }

  /** The keys at {@code m/44'/60'/0'/0/0} .. {@code /count-1} of {@code mnemonic}. */
  public static List<PrivateKey> ethereumKeys(String mnemonic, int count) {
    Node account =
        master(seed(mnemonic, ""))
            .child(44 | HARDENED)
            .child(60 | HARDENED)
            .child(HARDENED)
            .child(0);
    List<PrivateKey> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      keys.add(PrivateKey.fromBytes(BigIntegers.asUnsignedByteArray(32, account.child(i).key)));
    }
    return keys;
  }

  private static Node master(byte[] seed) {
    byte[] i = hmac(MASTER_KEY, seed);
    return Node.of(i);
  }

  /** A BIP-32 extended private key. */
  private record Node(BigInteger key, byte[] chainCode) {
    static Node of(byte[] i64) {
      BigInteger key = new BigInteger(1, Arrays.copyOfRange(i64, 0, 32));
      if (key.signum() == 0 || key.compareTo(CURVE.getN()) >= 0) {
        // Probability below 2^-127; BIP-32 says to skip to the next index.
        throw new IllegalStateException("invalid BIP-32 key; use another index");
      }
      return new Node(key, Arrays.copyOfRange(i64, 32, 64));
    }

    /** CKDpriv: hardened children hash the private key, normal ones the compressed public key. */
    Node child(int index) {
      byte[] data = new byte[37];
      if ((index & HARDENED) != 0) {
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, key), 0, data, 1, 32);
      } else {
        byte[] pub = CURVE.getG().multiply(key).normalize().getEncoded(true);
        System.arraycopy(pub, 0, data, 0, 33);
      }
      data[33] = (byte) (index >>> 24);
      data[34] = (byte) (index >>> 16);
      data[35] = (byte) (index >>> 8);
      data[36] = (byte) index;
      byte[] i = hmac(chainCode, data);
      BigInteger il = new BigInteger(1, Arrays.copyOfRange(i, 0, 32));
      if (il.compareTo(CURVE.getN()) >= 0) {
        throw new IllegalStateException("invalid BIP-32 child " + index + "; use another index");
      }
      BigInteger childKey = il.add(key).mod(CURVE.getN());
      byte[] out = new byte[64];
      System.arraycopy(BigIntegers.asUnsignedByteArray(32, childKey), 0, out, 0, 32);
      System.arraycopy(i, 32, out, 32, 32);
      return of(out);
    }
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    HMac mac = new HMac(new SHA512Digest());
    mac.init(new KeyParameter(key));
    mac.update(data, 0, data.length);
    byte[] out = new byte[64];
    mac.doFinal(out, 0);
    return out;
  }
}
