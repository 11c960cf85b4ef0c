/**
 * Ethereum transactions as of Cancun: the legacy form (with and without the EIP-155 chain id) and
 * the EIP-2718 typed forms EIP-2930 (access list), EIP-1559 (dynamic fee) and EIP-4844 (blob). Owns
 * their canonical encoding and hashing, signing and sender recovery, strict decoding ({@link
 * org.gridledger.core.tx.TransactionDecoder}) and the static validity rules a node applies before
 * execution ({@link org.gridledger.core.tx.TransactionValidator}). Execution itself lives in the
 * EVM module.
 */
package org.gridledger.core.tx;
