package org.gridledger.core.chain;

import org.gridledger.core.receipt.Receipt;
import org.gridledger.evm.tx.TransactionResult;

/** What applying one transaction to a block in progress did. */
public sealed interface TransactionOutcome
    permits TransactionOutcome.Included, TransactionOutcome.Rejected {

  /**
   * The transaction is valid here and was executed (whether it succeeded, reverted or halted).
   *
   * @param receipt its receipt, with the block's cumulative gas so far
   * @param result the EVM's account of the execution (gas, output, logs, created address)
   */
  record Included(Receipt receipt, TransactionResult.Executed result)
      implements TransactionOutcome {}

  /**
   * The transaction may not be included at this point of this block; the block in progress is
   * unchanged.
   */
  record Rejected(InvalidReason reason, String detail) implements TransactionOutcome {}
}
