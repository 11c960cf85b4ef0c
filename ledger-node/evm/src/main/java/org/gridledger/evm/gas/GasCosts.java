package org.gridledger.evm.gas;

/**
 * Gas constants of the Cancun execution rules. Tier names follow the Yellow Paper (appendix G);
 * later repricings name their EIP. Transaction-level costs live in {@link IntrinsicGas}.
 */
public final class GasCosts {
  private GasCosts() {}

  public static final int ZERO = 0;
  public static final int BASE = 2;
  public static final int VERY_LOW = 3;
  public static final int LOW = 5;
  public static final int MID = 8;
  public static final int HIGH = 10;
  public static final int JUMPDEST = 1;

  /** EXP: base and per byte of exponent (EIP-160). */
  public static final int EXP = 10;

  public static final int EXP_BYTE = 50;

  /** KECCAK256: base and per word hashed. */
  public static final int KECCAK256 = 30;

  public static final int KECCAK256_WORD = 6;

  /** Per word copied by *COPY and MCOPY. */
  public static final int COPY_WORD = 3;

  /** Linear coefficient of memory cost; the quadratic part is words²/512. */
  public static final int MEMORY_WORD = 3;

  public static final int MEMORY_QUADRATIC_DIVISOR = 512;

  public static final int BLOCKHASH = 20;

  /** LOG: base, per topic and per data byte. */
  public static final int LOG = 375;

  public static final int LOG_TOPIC = 375;
  public static final int LOG_DATA_BYTE = 8;

  /** EIP-2929 access costs. */
  public static final int WARM_ACCESS = 100;

  public static final int COLD_ACCOUNT_ACCESS = 2600;
  public static final int COLD_SLOAD = 2100;

  /** SSTORE (EIP-2200 with EIP-2929): setting a zero slot, and resetting a non-zero one. */
  public static final int SSTORE_SET = 20_000;

  public static final int SSTORE_RESET = 5000 - COLD_SLOAD;

  /** EIP-2200: SSTORE fails when no more than this much gas is left. */
  public static final int SSTORE_SENTRY = 2300;

  /** EIP-3529: refund for clearing a slot (SSTORE_RESET + ACCESS_LIST_STORAGE_KEY). */
  public static final int SSTORE_CLEARS_REFUND = 4800;

  /** EIP-3529: refunds are capped at gas used divided by this. */
  public static final int MAX_REFUND_QUOTIENT = 5;

  /** EIP-1153 TLOAD and TSTORE. */
  public static final int TRANSIENT = 100;

  public static final int CREATE = 32_000;

  /** Per byte of deployed code. */
  public static final int CODE_DEPOSIT_BYTE = 200;

  /** EIP-170 limit on deployed code. */
  public static final int MAX_CODE_SIZE = 24_576;

  /** CALL with a non-zero value, the stipend the callee gets for it, and a new account. */
  public static final int CALL_VALUE = 9000;

  public static final int CALL_STIPEND = 2300;
  public static final int NEW_ACCOUNT = 25_000;

  public static final int SELFDESTRUCT = 5000;

  /** Deepest call stack: a frame at this depth may not call further. */
  public static final int MAX_CALL_DEPTH = 1024;

  /** EIP-4844: gas per blob and the blob base fee parameters. */
  public static final long BLOB_GAS_PER_BLOB = 131_072;

  public static final long MIN_BLOB_BASE_FEE = 1;
  public static final long BLOB_BASE_FEE_UPDATE_FRACTION = 3_338_477;
  public static final int MAX_BLOBS_PER_BLOCK = 6;

  /** EIP-4844: the version byte of a versioned hash of a KZG commitment. */
  public static final byte VERSIONED_HASH_VERSION_KZG = 0x01;

  /** Cost of {@code words} 32-byte words of memory. */
  public static long memoryCost(long words) {
    return MEMORY_WORD * words + words * words / MEMORY_QUADRATIC_DIVISOR;
  }

  /** Number of 32-byte words covering {@code bytes} bytes. */
  public static long words(long bytes) {
    return (bytes + 31) >>> 5;
  }
}
