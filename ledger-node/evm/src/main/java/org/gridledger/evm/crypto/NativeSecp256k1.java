package org.gridledger.evm.crypto;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.List;
import java.util.Optional;

/**
 * Public-key recovery through libsecp256k1, the C library of Bitcoin Core (Debian package {@code
 * libsecp256k1-1}), bound with JNA's direct mapping.
 *
 * <p>Why: every node recovers the sender of every transaction it pools, and on the BFT devnet that
 * was a fifth of each node's CPU with Bouncy Castle (docs/performance.md); the C library recovers
 * several times faster. It is optional: where it is not installed {@link Secp256k1} keeps using
 * Bouncy Castle, and the answers are the same (a differential test checks that).
 *
 * <p>Only recovery goes through here. The caller checks the hash length, the recovery id and that r
 * and s lie in [1, n) first; the library itself refuses an x coordinate r + n at or above p, an r
 * that names no curve point and a result at infinity. One context, created once and never
 * randomised, is read-only and safe to share between threads (the library's documented contract for
 * verification and recovery).
 */
final class NativeSecp256k1 {
  /** {@code SECP256K1_CONTEXT_VERIFY}: accepted by every library version that has recovery. */
  private static final int CONTEXT_VERIFY = (1 << 0) | (1 << 8);

  /** {@code SECP256K1_EC_UNCOMPRESSED}. */
  private static final int UNCOMPRESSED = 1 << 1;

  /** The system property that turns the library off ({@code java}) for comparisons. */
  static final String PROPERTY = "gridledger.secp256k1";

  /**
   * Where the library is looked for: the runtime package's file name, then the development link.
   */
  private static final List<String> LIBRARY_NAMES = List.of("libsecp256k1.so.1", "secp256k1");

  private static final Availability AVAILABILITY = load();

  private final Pointer context;

  private NativeSecp256k1(Pointer context) {
    this.context = context;
  }

  /** The library, or why it is not in use (for the one line a node logs). */
  private record Availability(Optional<NativeSecp256k1> library, String reason) {}

  /**
   * The library when it is installed (and not turned off with {@code -Dgridledger.secp256k1=java}).
   */
  static Optional<NativeSecp256k1> get() {
    return AVAILABILITY.library();
  }

  /** Why the library is not in use; empty when it is. */
  static Optional<String> unavailableReason() {
    return AVAILABILITY.library().isPresent()
        ? Optional.empty()
        : Optional.of(AVAILABILITY.reason());
  }

  private static Availability load() {
    if ("java".equals(System.getProperty(PROPERTY))) {
      return new Availability(Optional.empty(), "turned off with -D" + PROPERTY + "=java");
    }
    Throwable last = null;
    for (String name : LIBRARY_NAMES) {
      try {
        NativeLibrary library = NativeLibrary.getInstance(name);
        Native.register(NativeSecp256k1.class, library);
        Pointer context = secp256k1_context_create(CONTEXT_VERIFY);
        if (context == null) {
          return new Availability(Optional.empty(), name + ": secp256k1_context_create failed");
        }
        return new Availability(Optional.of(new NativeSecp256k1(context)), "");
      } catch (UnsatisfiedLinkError | RuntimeException e) {
        last = e;
      }
    }
    String detail =
        last == null ? "" : String.valueOf(last.getMessage()).lines().findFirst().orElse("");
    return new Availability(
        Optional.empty(),
        "libsecp256k1 not found (" + detail + "); install the Debian package libsecp256k1-1");
  }

  /**
   * The 64-byte public key (x ‖ y) that signed {@code hash32} with {@code (r32, s32, recId)}, or
   * {@code null} when the signature recovers to no key.
   *
   * @param rs64 r ‖ s, each 32 bytes big-endian, both already checked to lie in [1, n)
   */
  byte[] recover(byte[] hash32, byte[] rs64, int recId) {
    byte[] signature = new byte[65];
    if (secp256k1_ecdsa_recoverable_signature_parse_compact(context, signature, rs64, recId) != 1) {
      return null;
    }
    byte[] publicKey = new byte[64];
    if (secp256k1_ecdsa_recover(context, publicKey, signature, hash32) != 1) {
      return null;
    }
    byte[] serialized = new byte[65];
    long[] length = {serialized.length};
    if (secp256k1_ec_pubkey_serialize(context, serialized, length, publicKey, UNCOMPRESSED) != 1
        || length[0] != 65) {
      return null;
    }
    byte[] xy = new byte[64];
    System.arraycopy(serialized, 1, xy, 0, 64);
    return xy;
  }

  // The library's functions (include/secp256k1.h, include/secp256k1_recovery.h). The opaque
  // secp256k1_ecdsa_recoverable_signature (65 bytes) and secp256k1_pubkey (64 bytes) are byte
  // arrays; size_t* is a one-element long array (64-bit Linux).

  private static native Pointer secp256k1_context_create(int flags);

  private static native int secp256k1_ecdsa_recoverable_signature_parse_compact(
      Pointer context, byte[] signature65, byte[] input64, int recId);

  private static native int secp256k1_ecdsa_recover(
      Pointer context, byte[] publicKey64, byte[] signature65, byte[] hash32);

  private static native int secp256k1_ec_pubkey_serialize(
      Pointer context, byte[] output, long[] outputLength, byte[] publicKey64, int flags);
}
