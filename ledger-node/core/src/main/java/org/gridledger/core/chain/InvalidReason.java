package org.gridledger.core.chain;

/**
 * The consensus rule a rejected block breaks. Header rules are checked against the parent before
 * execution, transactions while executing, and the header's commitments last; the first broken rule
 * is reported.
 */
public enum InvalidReason {
  // ---- encoding
  /** Not a well-formed block: malformed RLP, a bad field, or an undecodable transaction. */
  MALFORMED,
  /** A Cancun header or body field is missing (base fee, withdrawals, blob gas, beacon root). */
  MISSING_FORK_FIELD,

  // ---- header against parent (execution-only: no seal check)
  /** {@code number} is not the parent's plus one. */
  NUMBER,
  /** {@code timestamp} is not greater than the parent's. */
  TIMESTAMP,
  /** {@code gasLimit} is above 2^63 - 1 (the largest limit clients accept). */
  GAS_LIMIT_TOO_BIG,
  /** {@code gasLimit} moved by 1/1024 of the parent's or more, or is below 5000 (EIP-1559). */
  GAS_LIMIT,
  /** {@code gasUsed} exceeds {@code gasLimit}. */
  GAS_USED_ABOVE_LIMIT,
  /** {@code baseFeePerGas} is not the one EIP-1559 derives from the parent. */
  BASE_FEE,
  /** {@code excessBlobGas} is not the one EIP-4844 derives from the parent. */
  EXCESS_BLOB_GAS,
  /** {@code extraData} is longer than 32 bytes. */
  EXTRA_DATA_TOO_LONG,
  /** {@code difficulty} is not 0 (EIP-3675). */
  DIFFICULTY,
  /** {@code nonce} is not 0 (EIP-3675). */
  NONCE,
  /** The block has ommers, or its ommers hash is not that of the empty list (EIP-3675). */
  OMMERS,

  // ---- transactions (the block contains a transaction that may not be included)
  /** No sender recovers from the signature, or s is above n/2 (EIP-2). */
  TX_SIGNATURE,
  /** Signed for another chain (EIP-155 / typed chain id). */
  TX_CHAIN_ID,
  TX_NONCE_TOO_LOW,
  TX_NONCE_TOO_HIGH,
  /** The nonce is 2^64 - 1 (EIP-2681). */
  TX_NONCE_MAX,
  /** The sender has code (EIP-3607). */
  TX_SENDER_NOT_EOA,
  /** The gas limit exceeds the gas left in the block. */
  TX_GAS_ALLOWANCE_EXCEEDED,
  /** The blob gas exceeds the blob gas left in the block (EIP-4844). */
  TX_BLOB_GAS_ALLOWANCE_EXCEEDED,
  /** maxPriorityFeePerGas above maxFeePerGas (EIP-1559). */
  TX_PRIORITY_FEE_ABOVE_MAX_FEE,
  /** maxFeePerGas below the block's base fee (EIP-1559). */
  TX_MAX_FEE_BELOW_BASE_FEE,
  /** gasLimit * maxFeePerGas does not fit in 256 bits. */
  TX_FEE_OVERFLOW,
  /** The balance does not cover gas limit * max fee + value + max blob fees. */
  TX_INSUFFICIENT_FUNDS,
  /** The gas limit is below the intrinsic gas. */
  TX_INTRINSIC_GAS,
  /** Creation init code above 49152 bytes (EIP-3860). */
  TX_INIT_CODE_SIZE,
  /** A blob transaction without recipient (EIP-4844). */
  TX_BLOB_CONTRACT_CREATION,
  /** A blob transaction without blobs. */
  TX_BLOB_NONE,
  /** A blob transaction with more blobs than a block may hold. */
  TX_BLOB_COUNT,
  /** A versioned hash not of the KZG version 0x01. */
  TX_BLOB_VERSIONED_HASH,
  /** maxFeePerBlobGas below the block's blob base fee. */
  TX_BLOB_FEE_BELOW_BASE_FEE,
  /** A transaction rule not named above (the detail says which). */
  TX_OTHER,

  // ---- commitments, checked after execution (execution specs' order)
  GAS_USED,
  TRANSACTIONS_ROOT,
  STATE_ROOT,
  RECEIPTS_ROOT,
  LOGS_BLOOM,
  WITHDRAWALS_ROOT,
  /** {@code blobGasUsed} is not the blob gas of the transactions (EIP-4844). */
  BLOB_GAS_USED;

  /** Whether the rule is about one of the block's transactions. */
  public boolean isTransactionRule() {
    return name().startsWith("TX_");
  }
}
