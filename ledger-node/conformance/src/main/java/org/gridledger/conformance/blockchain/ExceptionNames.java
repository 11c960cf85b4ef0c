package org.gridledger.conformance.blockchain;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.gridledger.core.chain.ImportResult;
import org.gridledger.core.chain.InvalidReason;

/**
 * The exception names of the block tests ({@code expectException}, the vocabulary of
 * execution-spec-tests' {@code BlockException} and {@code TransactionException}, and retesteth's
 * older names) that each of our rejection reasons stands for. A vector may list alternatives
 * separated by {@code |}; a rejection matches if one of its names is among them.
 */
final class ExceptionNames {
  private static final String B = "BlockException.";
  private static final String T = "TransactionException.";

  private static final Map<InvalidReason, Set<String>> NAMES = new EnumMap<>(InvalidReason.class);

  static {
    add(
        InvalidReason.MALFORMED,
        Set.of(
            B + "RLP_STRUCTURES_ENCODING",
            B + "RLP_INVALID_FIELD_OVERFLOW_64",
            B + "RLP_INVALID_ADDRESS",
            // A transaction whose value is wider than 32 bytes cannot be decoded, so the block
            // is malformed (retesteth: stTransactionTest/ValueOverflowParis).
            T + "RLP_INVALID_VALUE"));
    add(
        InvalidReason.MISSING_FORK_FIELD,
        Set.of(B + "RLP_STRUCTURES_ENCODING", B + "RLP_WITHDRAWALS_NOT_READ"));
    add(InvalidReason.NUMBER, Set.of(B + "INVALID_BLOCK_NUMBER"));
    add(InvalidReason.TIMESTAMP, Set.of(B + "INVALID_BLOCK_TIMESTAMP_OLDER_THAN_PARENT"));
    add(InvalidReason.GAS_LIMIT_TOO_BIG, Set.of(B + "GASLIMIT_TOO_BIG"));
    add(InvalidReason.GAS_LIMIT, Set.of(B + "INVALID_GASLIMIT"));
    add(InvalidReason.GAS_USED_ABOVE_LIMIT, Set.of(B + "GAS_USED_OVERFLOW"));
    add(InvalidReason.BASE_FEE, Set.of(B + "INVALID_BASEFEE_PER_GAS"));
    add(InvalidReason.EXCESS_BLOB_GAS, Set.of(B + "INCORRECT_EXCESS_BLOB_GAS"));
    add(InvalidReason.BLOB_GAS_USED, Set.of(B + "INCORRECT_BLOB_GAS_USED"));
    add(InvalidReason.EXTRA_DATA_TOO_LONG, Set.of(B + "EXTRA_DATA_TOO_BIG"));
    add(InvalidReason.DIFFICULTY, Set.of(B + "IMPORT_IMPOSSIBLE_DIFFICULTY_OVER_PARIS"));
    add(InvalidReason.OMMERS, Set.of(B + "IMPORT_IMPOSSIBLE_UNCLES_OVER_PARIS"));
    add(InvalidReason.TRANSACTIONS_ROOT, Set.of(B + "INVALID_TRANSACTIONS_ROOT"));
    add(InvalidReason.WITHDRAWALS_ROOT, Set.of(B + "INVALID_WITHDRAWALS_ROOT"));
    add(InvalidReason.GAS_USED, Set.of(B + "INVALID_GAS_USED"));
    add(InvalidReason.LOGS_BLOOM, Set.of(B + "INVALID_LOG_BLOOM"));
    add(InvalidReason.RECEIPTS_ROOT, Set.of(B + "INVALID_RECEIPTS_ROOT"));
    add(InvalidReason.STATE_ROOT, Set.of(B + "INVALID_STATE_ROOT"));
    add(InvalidReason.TX_CHAIN_ID, Set.of(T + "INVALID_CHAINID"));
    add(InvalidReason.TX_NONCE_TOO_LOW, Set.of(T + "NONCE_MISMATCH_TOO_LOW"));
    add(InvalidReason.TX_NONCE_TOO_HIGH, Set.of(T + "NONCE_MISMATCH_TOO_HIGH"));
    add(InvalidReason.TX_NONCE_MAX, Set.of(T + "NONCE_IS_MAX"));
    add(InvalidReason.TX_SENDER_NOT_EOA, Set.of(T + "SENDER_NOT_EOA"));
    add(InvalidReason.TX_GAS_ALLOWANCE_EXCEEDED, Set.of(T + "GAS_ALLOWANCE_EXCEEDED"));
    add(
        InvalidReason.TX_BLOB_GAS_ALLOWANCE_EXCEEDED,
        Set.of(T + "TYPE_3_TX_MAX_BLOB_GAS_ALLOWANCE_EXCEEDED"));
    add(
        InvalidReason.TX_PRIORITY_FEE_ABOVE_MAX_FEE,
        Set.of(T + "PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS"));
    add(InvalidReason.TX_MAX_FEE_BELOW_BASE_FEE, Set.of(T + "INSUFFICIENT_MAX_FEE_PER_GAS"));
    add(InvalidReason.TX_FEE_OVERFLOW, Set.of(T + "GASLIMIT_PRICE_PRODUCT_OVERFLOW"));
    add(InvalidReason.TX_INSUFFICIENT_FUNDS, Set.of(T + "INSUFFICIENT_ACCOUNT_FUNDS"));
    add(InvalidReason.TX_INTRINSIC_GAS, Set.of(T + "INTRINSIC_GAS_TOO_LOW"));
    add(InvalidReason.TX_INIT_CODE_SIZE, Set.of(T + "INITCODE_SIZE_EXCEEDED"));
    add(InvalidReason.TX_BLOB_CONTRACT_CREATION, Set.of(T + "TYPE_3_TX_CONTRACT_CREATION"));
    add(InvalidReason.TX_BLOB_NONE, Set.of(T + "TYPE_3_TX_ZERO_BLOBS"));
    // Cancun has no per-transaction blob limit of its own: a transaction with more blobs than a
    // block may hold exceeds the block's blob gas by itself. retesteth names that
    // TYPE_3_TX_BLOB_COUNT_EXCEEDED (blobhashListBounds7), execution-spec-tests
    // TYPE_3_TX_MAX_BLOB_GAS_ALLOWANCE_EXCEEDED (test_invalid_block_blob_count, 7 blobs).
    add(
        InvalidReason.TX_BLOB_COUNT,
        Set.of(
            T + "TYPE_3_TX_BLOB_COUNT_EXCEEDED", T + "TYPE_3_TX_MAX_BLOB_GAS_ALLOWANCE_EXCEEDED"));
    add(InvalidReason.TX_BLOB_VERSIONED_HASH, Set.of(T + "TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH"));
    add(InvalidReason.TX_BLOB_FEE_BELOW_BASE_FEE, Set.of(T + "INSUFFICIENT_MAX_FEE_PER_BLOB_GAS"));
  }

  // The older retesteth names (TR_… and short labels) that the blockchain tests of
  // ethereum/legacytests (Cancun) still use for the same rules; each reason also answers to these.
  // Taken from the rejections those vectors expect where we reject the same block (a run over
  // legacytests' Cancun/BlockchainTests, 2026-11-27) and retesteth's client configurations.
  static {
    add(
        InvalidReason.MALFORMED,
        Set.of("TR_RLP_WRONGVALUE", "INPUT_UNMARSHAL_ERROR", "INPUT_UNMARSHAL_ADDRESS_ERROR"));
    add(InvalidReason.MISSING_FORK_FIELD, Set.of("RLP_ExpectedAsList"));
    add(InvalidReason.NUMBER, Set.of("InvalidNumber"));
    add(InvalidReason.TIMESTAMP, Set.of("InvalidTimestampOlderParent"));
    add(InvalidReason.GAS_LIMIT_TOO_BIG, Set.of("InvalidGasLimit"));
    add(InvalidReason.GAS_LIMIT, Set.of("InvalidGasLimit2"));
    add(InvalidReason.GAS_USED_ABOVE_LIMIT, Set.of("TooMuchGasUsed"));
    add(InvalidReason.BASE_FEE, Set.of("1559BlockImportImpossible_BaseFeeWrong"));
    add(InvalidReason.EXTRA_DATA_TOO_LONG, Set.of("ExtraDataTooBig"));
    add(InvalidReason.DIFFICULTY, Set.of("PostParisDifficultyIsNot0"));
    add(InvalidReason.OMMERS, Set.of("PostParisUncleHashIsNotEmpty"));
    add(InvalidReason.TRANSACTIONS_ROOT, Set.of("InvalidTransactionsRoot"));
    add(InvalidReason.WITHDRAWALS_ROOT, Set.of("InvalidWithdrawals"));
    add(InvalidReason.GAS_USED, Set.of("InvalidGasUsed"));
    add(InvalidReason.LOGS_BLOOM, Set.of("InvalidLogBloom"));
    add(InvalidReason.RECEIPTS_ROOT, Set.of("InvalidReceiptsStateRoot"));
    add(InvalidReason.STATE_ROOT, Set.of("InvalidStateRoot"));
    add(InvalidReason.TX_CHAIN_ID, Set.of("InvalidChainID"));
    add(InvalidReason.TX_NONCE_TOO_LOW, Set.of("TR_NonceTooLow"));
    add(InvalidReason.TX_NONCE_TOO_HIGH, Set.of("TR_NonceTooHigh"));
    add(InvalidReason.TX_NONCE_MAX, Set.of("TR_NonceHasMaxValue"));
    add(InvalidReason.TX_SENDER_NOT_EOA, Set.of("SenderNotEOA", "SenderNotEOAorNoCASH"));
    add(
        InvalidReason.TX_GAS_ALLOWANCE_EXCEEDED,
        Set.of("TR_GasLimitReached", "TR_FeeCapLessThanBlocksORGasLimitReached"));
    add(InvalidReason.TX_PRIORITY_FEE_ABOVE_MAX_FEE, Set.of("TR_TipGtFeeCap"));
    add(
        InvalidReason.TX_MAX_FEE_BELOW_BASE_FEE,
        Set.of(
            "TR_FeeCapLessThanBlocks",
            "TR_FeeCapLessThanBlocksORNoFunds",
            "TR_FeeCapLessThanBlocksORGasLimitReached"));
    // "X": the gas limit times the fee overflows before any balance is compared.
    add(InvalidReason.TX_FEE_OVERFLOW, Set.of("TR_NoFundsX"));
    add(
        InvalidReason.TX_INSUFFICIENT_FUNDS,
        Set.of(
            "TR_NoFunds",
            "TR_NoFundsOrGas",
            "SenderNotEOAorNoCASH",
            "TR_FeeCapLessThanBlocksORNoFunds"));
    add(
        InvalidReason.TX_INTRINSIC_GAS,
        Set.of("TR_IntrinsicGas", "IntrinsicGas", "TR_NoFundsOrGas"));
    add(InvalidReason.TX_INIT_CODE_SIZE, Set.of("TR_InitCodeLimitExceeded"));
    add(InvalidReason.TX_BLOB_CONTRACT_CREATION, Set.of("TR_BLOBCREATE"));
    add(InvalidReason.TX_BLOB_NONE, Set.of("TR_EMPTYBLOB"));
    add(InvalidReason.TX_BLOB_COUNT, Set.of("TR_BLOBLIST_OVERSIZE"));
    add(InvalidReason.TX_BLOB_VERSIONED_HASH, Set.of("TR_BLOBVERSION_INVALID"));
  }

  /** Adds {@code names} to those {@code reason} answers to (both vocabularies share one map). */
  private static void add(InvalidReason reason, Set<String> names) {
    NAMES.computeIfAbsent(reason, r -> new HashSet<>()).addAll(names);
  }

  private static final Set<String> UNKNOWN_PARENT =
      Set.of(B + "UNKNOWN_PARENT", B + "UNKNOWN_PARENT_ZERO", "UnknownParent", "UnknownParent2");

  private ExceptionNames() {}

  /** The names a rejection stands for (empty for rules the vectors have no name for). */
  static Set<String> of(ImportResult rejection) {
    return switch (rejection) {
      case ImportResult.Invalid invalid -> NAMES.getOrDefault(invalid.reason(), Set.of());
      case ImportResult.UnknownParent u -> UNKNOWN_PARENT;
      default -> Set.of();
    };
  }

  /** Whether {@code rejection} is one of the {@code |}-separated names of {@code expected}. */
  static boolean matches(ImportResult rejection, String expected) {
    Set<String> ours = of(rejection);
    for (String name : expected.split("\\|")) {
      if (ours.contains(name.trim())) {
        return true;
      }
    }
    return false;
  }
}
