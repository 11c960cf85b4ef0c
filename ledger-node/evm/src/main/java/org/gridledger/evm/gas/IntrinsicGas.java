package org.gridledger.evm.gas;

/**
 * The gas a transaction pays before its first instruction runs (Cancun rules). Shared by the
 * transaction pool's static checks and the EVM's transaction executor so the two never disagree.
 */
public final class IntrinsicGas {
  /** Base cost of every transaction (Yellow Paper G_transaction). */
  public static final long TX = 21_000;

  /** Extra base cost of a contract-creating transaction (EIP-2, G_txcreate). */
  public static final long TX_CREATE = 32_000;

  /** Per zero byte of calldata. */
  public static final long TX_DATA_ZERO = 4;

  /** Per non-zero byte of calldata (EIP-2028). */
  public static final long TX_DATA_NON_ZERO = 16;

  /** Per address in an access list (EIP-2930). */
  public static final long ACCESS_LIST_ADDRESS = 2_400;

  /** Per storage key in an access list (EIP-2930). */
  public static final long ACCESS_LIST_STORAGE_KEY = 1_900;

  /** Per 32-byte word of init code (EIP-3860). */
  public static final long INIT_CODE_WORD = 2;

  /** Largest init code a creation may carry (EIP-3860: twice the EIP-170 code size limit). */
  public static final int MAX_INIT_CODE_SIZE = 2 * 24_576;

  private IntrinsicGas() {}

  /**
   * Intrinsic gas of a transaction.
   *
   * @param data calldata, or init code for a creation
   * @param isCreate whether the transaction has no recipient
   * @param accessListAddresses number of addresses in the access list (duplicates counted)
   * @param accessListStorageKeys number of storage keys in the access list (duplicates counted)
   */
  public static long of(
      byte[] data, boolean isCreate, long accessListAddresses, long accessListStorageKeys) {
    long gas = TX;
    long zeros = 0;
    for (byte b : data) {
      if (b == 0) {
        zeros++;
      }
    }
    gas += zeros * TX_DATA_ZERO + (data.length - zeros) * TX_DATA_NON_ZERO;
    if (isCreate) {
      gas += TX_CREATE + INIT_CODE_WORD * ((data.length + 31L) / 32);
    }
    gas +=
        accessListAddresses * ACCESS_LIST_ADDRESS + accessListStorageKeys * ACCESS_LIST_STORAGE_KEY;
    return gas;
  }
}
