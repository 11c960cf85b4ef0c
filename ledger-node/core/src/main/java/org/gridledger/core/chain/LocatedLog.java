package org.gridledger.core.chain;

import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Log;

/**
 * A log with where it sits in the canonical chain, as {@code eth_getLogs} returns it.
 *
 * @param logIndex position among all logs of the block
 * @param blockTimestamp the block's timestamp (geth's {@code blockTimestamp} field)
 */
public record LocatedLog(
    Log log,
    Hash blockHash,
    long blockNumber,
    long blockTimestamp,
    Hash transactionHash,
    int transactionIndex,
    int logIndex) {}
