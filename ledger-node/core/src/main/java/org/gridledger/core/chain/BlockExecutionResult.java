package org.gridledger.core.chain;

import java.util.List;
import org.gridledger.core.receipt.LogsBloom;
import org.gridledger.core.receipt.Receipt;
import org.gridledger.evm.state.StateChanges;

/**
 * What executing a block's body produced, for checking against its header and committing.
 *
 * @param receipts one per transaction, in order
 * @param gasUsed gas used by the transactions (system calls are free)
 * @param blobGasUsed EIP-4844 blob gas of the transactions
 * @param logsBloom the union of the receipts' blooms
 * @param stateChanges the state changes in the order they happened (system call, each transaction,
 *     withdrawals); apply them in order
 */
public record BlockExecutionResult(
    List<Receipt> receipts,
    long gasUsed,
    long blobGasUsed,
    LogsBloom logsBloom,
    List<StateChanges> stateChanges) {
  public BlockExecutionResult {
    receipts = List.copyOf(receipts);
    stateChanges = List.copyOf(stateChanges);
  }
}
