/**
 * Follows a node: catches up from a start block with {@code eth_getLogs} in bounded ranges over the
 * six grid contract addresses, then follows new heads, and turns each finalized block's grid events
 * into table updates committed in one transaction with the last indexed block number.
 */
package org.gridledger.explorer.indexer;
