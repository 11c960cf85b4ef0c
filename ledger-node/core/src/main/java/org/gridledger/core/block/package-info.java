/**
 * Blocks: the header with every Cancun field, the body (transactions, ommers, withdrawals) and
 * their RLP, the roots a header commits to (transactions, receipts, withdrawals, ommers, logs
 * bloom), and the protocol rules computed from a parent header (EIP-1559 base fee and gas limit,
 * EIP-4844 excess blob gas).
 */
package org.gridledger.core.block;
