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
    NAMES.put(
        InvalidReason.MALFORMED,
        Set.of(
            B + "RLP_STRUCTURES_ENCODING",
            B + "RLP_INVALID_FIELD_OVERFLOW_64",
            B + "RLP_INVALID_ADDRESS",
            // A transaction whose value is wider than 32 bytes cannot be decoded, so the block
            // is malformed (retesteth: stTransactionTest/ValueOverflowParis).
            T + "RLP_INVALID_VALUE"));
    NAMES.put(
        InvalidReason.MISSING_FORK_FIELD,
        Set.of(B + "RLP_STRUCTURES_ENCODING", B + "RLP_WITHDRAWALS_NOT_READ"));
    NAMES.put(InvalidReason.NUMBER, Set.of(B + "INVALID_BLOCK_NUMBER"));
    NAMES.put(InvalidReason.TIMESTAMP, Set.of(B + "INVALID_BLOCK_TIMESTAMP_OLDER_THAN_PARENT"));
    NAMES.put(InvalidReason.GAS_LIMIT_TOO_BIG, Set.of(B + "GASLIMIT_TOO_BIG"));
    NAMES.put(InvalidReason.GAS_LIMIT, Set.of(B + "INVALID_GASLIMIT"));
    NAMES.put(InvalidReason.GAS_USED_ABOVE_LIMIT, Set.of(B + "GAS_USED_OVERFLOW"));
    NAMES.put(InvalidReason.BASE_FEE, Set.of(B + "INVALID_BASEFEE_PER_GAS"));
    NAMES.put(InvalidReason.EXCESS_BLOB_GAS, Set.of(B + "INCORRECT_EXCESS_BLOB_GAS"));
    NAMES.put(InvalidReason.BLOB_GAS_USED, Set.of(B + "INCORRECT_BLOB_GAS_USED"));
    NAMES.put(InvalidReason.EXTRA_DATA_TOO_LONG, Set.of(B + "EXTRA_DATA_TOO_BIG"));
    NAMES.put(InvalidReason.DIFFICULTY, Set.of(B + "IMPORT_IMPOSSIBLE_DIFFICULTY_OVER_PARIS"));
    NAMES.put(InvalidReason.OMMERS, Set.of(B + "IMPORT_IMPOSSIBLE_UNCLES_OVER_PARIS"));
    NAMES.put(InvalidReason.TRANSACTIONS_ROOT, Set.of(B + "INVALID_TRANSACTIONS_ROOT"));
    NAMES.put(InvalidReason.WITHDRAWALS_ROOT, Set.of(B + "INVALID_WITHDRAWALS_ROOT"));
    NAMES.put(InvalidReason.GAS_USED, Set.of(B + "INVALID_GAS_USED"));
    NAMES.put(InvalidReason.LOGS_BLOOM, Set.of(B + "INVALID_LOG_BLOOM"));
    NAMES.put(InvalidReason.RECEIPTS_ROOT, Set.of(B + "INVALID_RECEIPTS_ROOT"));
    NAMES.put(InvalidReason.STATE_ROOT, Set.of(B + "INVALID_STATE_ROOT"));
    NAMES.put(InvalidReason.TX_CHAIN_ID, Set.of(T + "INVALID_CHAINID"));
    NAMES.put(InvalidReason.TX_NONCE_TOO_LOW, Set.of(T + "NONCE_MISMATCH_TOO_LOW"));
    NAMES.put(InvalidReason.TX_NONCE_TOO_HIGH, Set.of(T + "NONCE_MISMATCH_TOO_HIGH"));
    NAMES.put(InvalidReason.TX_NONCE_MAX, Set.of(T + "NONCE_IS_MAX"));
    NAMES.put(InvalidReason.TX_SENDER_NOT_EOA, Set.of(T + "SENDER_NOT_EOA"));
    NAMES.put(InvalidReason.TX_GAS_ALLOWANCE_EXCEEDED, Set.of(T + "GAS_ALLOWANCE_EXCEEDED"));
    NAMES.put(
        InvalidReason.TX_BLOB_GAS_ALLOWANCE_EXCEEDED,
        Set.of(T + "TYPE_3_TX_MAX_BLOB_GAS_ALLOWANCE_EXCEEDED"));
    NAMES.put(
        InvalidReason.TX_PRIORITY_FEE_ABOVE_MAX_FEE,
        Set.of(T + "PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS"));
    NAMES.put(InvalidReason.TX_MAX_FEE_BELOW_BASE_FEE, Set.of(T + "INSUFFICIENT_MAX_FEE_PER_GAS"));
    NAMES.put(InvalidReason.TX_FEE_OVERFLOW, Set.of(T + "GASLIMIT_PRICE_PRODUCT_OVERFLOW"));
    NAMES.put(InvalidReason.TX_INSUFFICIENT_FUNDS, Set.of(T + "INSUFFICIENT_ACCOUNT_FUNDS"));
    NAMES.put(InvalidReason.TX_INTRINSIC_GAS, Set.of(T + "INTRINSIC_GAS_TOO_LOW"));
    NAMES.put(InvalidReason.TX_INIT_CODE_SIZE, Set.of(T + "INITCODE_SIZE_EXCEEDED"));
    NAMES.put(InvalidReason.TX_BLOB_CONTRACT_CREATION, Set.of(T + "TYPE_3_TX_CONTRACT_CREATION"));
    NAMES.put(InvalidReason.TX_BLOB_NONE, Set.of(T + "TYPE_3_TX_ZERO_BLOBS"));
    // Cancun has no per-transaction blob limit of its own: a transaction with more blobs than a
    // block may hold exceeds the block's blob gas by itself. retesteth names that
    // TYPE_3_TX_BLOB_COUNT_EXCEEDED (blobhashListBounds7), execution-spec-tests
    // TYPE_3_TX_MAX_BLOB_GAS_ALLOWANCE_EXCEEDED (test_invalid_block_blob_count, 7 blobs).
    NAMES.put(
        InvalidReason.TX_BLOB_COUNT,
        Set.of(
            T + "TYPE_3_TX_BLOB_COUNT_EXCEEDED", T + "TYPE_3_TX_MAX_BLOB_GAS_ALLOWANCE_EXCEEDED"));
    NAMES.put(
        InvalidReason.TX_BLOB_VERSIONED_HASH, Set.of(T + "TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH"));
    NAMES.put(
        InvalidReason.TX_BLOB_FEE_BELOW_BASE_FEE, Set.of(T + "INSUFFICIENT_MAX_FEE_PER_BLOB_GAS"));
  }

  /**
   * The older retesteth names ({@code TR_…} and short labels) that the blockchain tests of
   * ethereum/legacytests (Cancun) still use for the same rules; each reason also answers to these.
   * Taken from the rejections those vectors expect where we reject the same block (a run over
   * legacytests' Cancun/BlockchainTests, 2026-11-27) and retesteth's client configurations.
   */
  private static final Map<InvalidReason, Set<String>> RETESTETH_NAMES =
      new EnumMap<>(InvalidReason.class);

  static {
    RETESTETH_NAMES.put(
        InvalidReason.MALFORMED,
        Set.of("TR_RLP_WRONGVALUE", "INPUT_UNMARSHAL_ERROR", "INPUT_UNMARSHAL_ADDRESS_ERROR"));
    RETESTETH_NAMES.put(InvalidReason.MISSING_FORK_FIELD, Set.of("RLP_ExpectedAsList"));
    RETESTETH_NAMES.put(InvalidReason.NUMBER, Set.of("InvalidNumber"));
    RETESTETH_NAMES.put(InvalidReason.TIMESTAMP, Set.of("InvalidTimestampOlderParent"));
    RETESTETH_NAMES.put(InvalidReason.GAS_LIMIT_TOO_BIG, Set.of("InvalidGasLimit"));
    RETESTETH_NAMES.put(InvalidReason.GAS_LIMIT, Set.of("InvalidGasLimit2"));
    RETESTETH_NAMES.put(InvalidReason.GAS_USED_ABOVE_LIMIT, Set.of("TooMuchGasUsed"));
    RETESTETH_NAMES.put(InvalidReason.BASE_FEE, Set.of("1559BlockImportImpossible_BaseFeeWrong"));
    RETESTETH_NAMES.put(InvalidReason.EXTRA_DATA_TOO_LONG, Set.of("ExtraDataTooBig"));
    RETESTETH_NAMES.put(InvalidReason.DIFFICULTY, Set.of("PostParisDifficultyIsNot0"));
    RETESTETH_NAMES.put(InvalidReason.OMMERS, Set.of("PostParisUncleHashIsNotEmpty"));
    RETESTETH_NAMES.put(InvalidReason.TRANSACTIONS_ROOT, Set.of("InvalidTransactionsRoot"));
    RETESTETH_NAMES.put(InvalidReason.WITHDRAWALS_ROOT, Set.of("InvalidWithdrawals"));
    RETESTETH_NAMES.put(InvalidReason.GAS_USED, Set.of("InvalidGasUsed"));
    RETESTETH_NAMES.put(InvalidReason.LOGS_BLOOM, Set.of("InvalidLogBloom"));
    RETESTETH_NAMES.put(InvalidReason.RECEIPTS_ROOT, Set.of("InvalidReceiptsStateRoot"));
    RETESTETH_NAMES.put(InvalidReason.STATE_ROOT, Set.of("InvalidStateRoot"));
    RETESTETH_NAMES.put(InvalidReason.TX_CHAIN_ID, Set.of("InvalidChainID"));
    RETESTETH_NAMES.put(InvalidReason.TX_NONCE_TOO_LOW, Set.of("TR_NonceTooLow"));
    RETESTETH_NAMES.put(InvalidReason.TX_NONCE_TOO_HIGH, Set.of("TR_NonceTooHigh"));
    RETESTETH_NAMES.put(InvalidReason.TX_NONCE_MAX, Set.of("TR_NonceHasMaxValue"));
    RETESTETH_NAMES.put(
        InvalidReason.TX_SENDER_NOT_EOA, Set.of("SenderNotEOA", "SenderNotEOAorNoCASH"));
    RETESTETH_NAMES.put(
        InvalidReason.TX_GAS_ALLOWANCE_EXCEEDED,
        Set.of("TR_GasLimitReached", "TR_FeeCapLessThanBlocksORGasLimitReached"));
    RETESTETH_NAMES.put(InvalidReason.TX_PRIORITY_FEE_ABOVE_MAX_FEE, Set.of("TR_TipGtFeeCap"));
    RETESTETH_NAMES.put(
        InvalidReason.TX_MAX_FEE_BELOW_BASE_FEE,
        Set.of(
            "TR_FeeCapLessThanBlocks",
            "TR_FeeCapLessThanBlocksORNoFunds",
            "TR_FeeCapLessThanBlocksORGasLimitReached"));
    // "X": the gas limit times the fee overflows before any balance is compared.
    RETESTETH_NAMES.put(InvalidReason.TX_FEE_OVERFLOW, Set.of("TR_NoFundsX"));
    RETESTETH_NAMES.put(
        InvalidReason.TX_INSUFFICIENT_FUNDS,
        Set.of(
            "TR_NoFunds",
            "TR_NoFundsOrGas",
            "SenderNotEOAorNoCASH",
            "TR_FeeCapLessThanBlocksORNoFunds"));
    RETESTETH_NAMES.put(
        InvalidReason.TX_INTRINSIC_GAS,
        Set.of("TR_IntrinsicGas", "IntrinsicGas", "TR_NoFundsOrGas"));
    RETESTETH_NAMES.put(InvalidReason.TX_INIT_CODE_SIZE, Set.of("TR_InitCodeLimitExceeded"));
    RETESTETH_NAMES.put(InvalidReason.TX_BLOB_CONTRACT_CREATION, Set.of("TR_BLOBCREATE"));
    RETESTETH_NAMES.put(InvalidReason.TX_BLOB_NONE, Set.of("TR_EMPTYBLOB"));
    RETESTETH_NAMES.put(InvalidReason.TX_BLOB_COUNT, Set.of("TR_BLOBLIST_OVERSIZE"));
    RETESTETH_NAMES.put(InvalidReason.TX_BLOB_VERSIONED_HASH, Set.of("TR_BLOBVERSION_INVALID"));
  }

  private static final Set<String> UNKNOWN_PARENT =
      Set.of(B + "UNKNOWN_PARENT", B + "UNKNOWN_PARENT_ZERO", "UnknownParent", "UnknownParent2");

  private ExceptionNames() {}

  /** The names a rejection stands for (empty for rules the vectors have no name for). */
  static Set<String> of(ImportResult rejection) {
    return switch (rejection) {
      case ImportResult.Invalid invalid -> {
        Set<String> names = new HashSet<>(NAMES.getOrDefault(invalid.reason(), Set.of()));
        names.addAll(RETESTETH_NAMES.getOrDefault(invalid.reason(), Set.of()));
        yield names;
      }
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
