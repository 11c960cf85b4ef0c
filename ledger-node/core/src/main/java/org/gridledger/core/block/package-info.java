/**
 * Blocks: the header with every Cancun field, withdrawals, and the protocol rules computed from a
 * parent header (EIP-1559 base fee, EIP-4844 excess blob gas).
 */
package org.gridledger.core.block;
