package org.gridledger.core.chain;

import java.util.List;
import org.gridledger.core.receipt.LogsBloom;
import org.gridledger.core.receipt.Receipt;
import org.gridledger.evm.state.StateChanges;
import org.gridledger.evm.types.Address;

/**
 * What executing a block's body produced, for checking against its header and committing.
 *
 * @param receipts one per transaction, in order
 * @param senders the sender of each transaction, in order (recovered before execution; stored with
 *     the block so that no read recovers them again)
 * @param gasUsed gas used by the transactions (system calls are free)
 * @param blobGasUsed EIP-4844 blob gas of the transactions
 * @param logsBloom the union of the receipts' blooms
 * @param stateChanges the state changes in the order they happened (system call, each transaction,
 *     withdrawals); apply them in order
 */
public record BlockExecutionResult(
    List<Receipt> receipts,
    List<Address> senders,
    long gasUsed,
    long blobGasUsed,
    LogsBloom logsBloom,
    List<StateChanges> stateChanges) {
  public BlockExecutionResult {
    receipts = List.copyOf(receipts);
    senders = List.copyOf(senders);
    if (senders.size() != receipts.size()) {
      throw new IllegalArgumentException(
          senders.size() + " senders for " + receipts.size() + " receipts");
    }
    stateChanges = List.copyOf(stateChanges);
  }
}
