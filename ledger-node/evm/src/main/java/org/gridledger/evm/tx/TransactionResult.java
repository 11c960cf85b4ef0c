package org.gridledger.evm.tx;

import java.util.List;
import org.gridledger.evm.state.StateChanges;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Log;

/** The outcome of {@link TransactionExecutor#execute}: executed (in a block) or invalid. */
public sealed interface TransactionResult
    permits TransactionResult.Executed, TransactionResult.Invalid {

  /**
   * The transaction is valid and was executed; it belongs in the block whatever {@code result}
   * says.
   *
   * @param result success, revert or halt, with the output
   * @param gasUsed gas charged to the block and the sender, after the refund
   * @param refunded the refund that was applied (EIP-3529, at most a fifth of the gas used)
   * @param blobGasUsed EIP-4844 blob gas (131072 per blob)
   * @param logs the logs of the transaction (empty unless successful)
   * @param createdAddress the contract created by a successful creation transaction, else null
   * @param changes the state changes relative to the state before the transaction
   */
  record Executed(
      ExecResult result,
      long gasUsed,
      long refunded,
      long blobGasUsed,
      List<Log> logs,
      Address createdAddress,
      StateChanges changes)
      implements TransactionResult {
    public Executed {
      logs = List.copyOf(logs);
    }

    public boolean isSuccess() {
      return result instanceof ExecResult.Success;
    }
  }

  /** The transaction may not be included; nothing changed. */
  record Invalid(String reason) implements TransactionResult {}
}
