package org.gridledger.evm.crypto;

import ethereum.ckzg4844.CKZG4844JNI;
import ethereum.ckzg4844.CKZGException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.gridledger.evm.types.Hex;

/**
 * KZG commitments over BLS12-381 as EIP-4844 uses them, backed by the native c-kzg-4844 library
 * ({@code io.consensys.protocols:jc-kzg-4844}) and the mainnet trusted setup shipped as the
 * resource {@code trusted_setup.txt} next to this class.
 *
 * <p>The native library keeps one trusted setup per process, so everything in the node that needs
 * KZG goes through this class: the setup is loaded on first use, exactly once, by a lazily
 * initialised holder class (thread-safe by the JVM's class-initialisation guarantee). After that
 * every method is safe to call from any thread.
 */
public final class Kzg {
  /** EIP-4844 {@code FIELD_ELEMENTS_PER_BLOB}. */
  public static final int FIELD_ELEMENTS_PER_BLOB = 4096;

  /** EIP-4844 {@code BLS_MODULUS}: the order of the BLS12-381 scalar field. */
  public static final BigInteger BLS_MODULUS =
      new BigInteger("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001", 16);

  /** EIP-4844 {@code VERSIONED_HASH_VERSION_KZG}. */
  public static final byte VERSIONED_HASH_VERSION_KZG = 0x01;

  public static final int COMMITMENT_SIZE = 48;
  public static final int PROOF_SIZE = 48;
  public static final int FIELD_ELEMENT_SIZE = 32;

  private static final String SETUP_RESOURCE = "trusted_setup.txt";

  private Kzg() {}

  /** EIP-4844 {@code kzg_to_versioned_hash}: {@code 0x01 ‖ sha256(commitment)[1:]}. */
  public static byte[] versionedHash(byte[] commitment) {
    SHA256Digest digest = new SHA256Digest();
    digest.update(commitment, 0, commitment.length);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    out[0] = VERSIONED_HASH_VERSION_KZG;
    return out;
  }

  /**
   * EIP-4844 {@code verify_kzg_proof}: whether {@code proof} shows that the polynomial committed to
   * by {@code commitment} takes the value {@code y} at {@code z}. Malformed arguments (points not
   * on the curve or not in the subgroup, field elements not below {@link #BLS_MODULUS}, wrong
   * sizes) give {@code false}.
   *
   * @throws IllegalStateException if the native library or the trusted setup cannot be loaded
   */
  public static boolean verifyProof(byte[] commitment, byte[] z, byte[] y, byte[] proof) {
    if (commitment.length != COMMITMENT_SIZE
        || proof.length != PROOF_SIZE
        || z.length != FIELD_ELEMENT_SIZE
        || y.length != FIELD_ELEMENT_SIZE) {
      return false;
    }
    ensureLoaded();
    try {
      return CKZG4844JNI.verifyKzgProof(commitment, z, y, proof);
    } catch (CKZGException e) {
      return false; // C_KZG_BADARGS: an encoding the library rejects
    }
  }

  /**
   * Loads the native library and the trusted setup now rather than on first use, so that a node can
   * fail at startup instead of at the first blob. Idempotent and thread-safe.
   *
   * @throws IllegalStateException if the native library or the trusted setup cannot be loaded
   */
  public static void ensureLoaded() {
    if (Setup.FAILURE != null) {
      throw new IllegalStateException("KZG is unavailable", Setup.FAILURE);
    }
  }

  /**
   * Loads the native library and the trusted setup when this class is first touched; the JVM runs
   * this exactly once. A failure is kept (not thrown from the initialiser) so that every later call
   * reports it the same way.
   */
  private static final class Setup {
    static final RuntimeException FAILURE = load();

    private static RuntimeException load() {
      try {
        CKZG4844JNI.loadNativeLibrary();
        TrustedSetup setup = readTrustedSetup();
        CKZG4844JNI.loadTrustedSetup(setup.g1Monomial, setup.g1Lagrange, setup.g2Monomial, 0);
        return null;
      } catch (RuntimeException | UnsatisfiedLinkError e) {
        return new IllegalStateException("cannot load the KZG library or trusted setup", e);
      }
    }
  }

  private record TrustedSetup(byte[] g1Lagrange, byte[] g2Monomial, byte[] g1Monomial) {}

  /** Parses the c-kzg text format: counts n1, n2; n1 G1 (Lagrange), n2 G2, n1 G1 (monomial). */
  private static TrustedSetup readTrustedSetup() {
    try (InputStream in = Kzg.class.getResourceAsStream(SETUP_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + SETUP_RESOURCE);
      }
      BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      int g1Count = Integer.parseInt(reader.readLine().trim());
      int g2Count = Integer.parseInt(reader.readLine().trim());
      byte[] g1Lagrange = readPoints(reader, g1Count, 48);
      byte[] g2Monomial = readPoints(reader, g2Count, 96);
      byte[] g1Monomial = readPoints(reader, g1Count, 48);
      return new TrustedSetup(g1Lagrange, g2Monomial, g1Monomial);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] readPoints(BufferedReader reader, int count, int size) throws IOException {
    byte[] out = new byte[count * size];
    for (int i = 0; i < count; i++) {
      String line = reader.readLine();
      byte[] point = line == null ? new byte[0] : Hex.decode(line.trim());
      if (point.length != size) {
        throw new IllegalStateException(
            "trusted setup: point " + i + " should be " + size + " bytes, got " + point.length);
      }
      System.arraycopy(point, 0, out, i * size, size);
    }
    return out;
  }
}
