package org.gridledger.core.chain;

import org.gridledger.evm.types.Hash;

/** Where a transaction sits in the canonical chain. */
public record TxLocation(Hash blockHash, long blockNumber, int index) {}
