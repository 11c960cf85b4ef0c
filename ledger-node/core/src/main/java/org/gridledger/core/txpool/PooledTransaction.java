package org.gridledger.core.txpool;

import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;

/** A transaction in the pool with its recovered sender and hash, computed once on admission. */
public record PooledTransaction(Transaction transaction, Address sender, Hash hash) {}
